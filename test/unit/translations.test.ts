/**
 * Every literal translation key the app uses exists in the English source file
 * (with its plural forms where it takes a count), and every error code has a message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import en from '../../client/i18n/locales/en.json' with { type: 'json' };

const CLIENT = path.resolve(import.meta.dirname, '../../client');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return /\.(vue|ts)$/.test(entry.name) ? [full] : [];
  });
}

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'string') out.set(name, child);
    else for (const [k, v] of flatten(child, name)) out.set(k, v);
  }
  return out;
}

const keys = flatten(en);

/** Literal keys passed to t(): `t('a.b')`, `t('a.b', { count })`. */
function usedKeys(): { key: string; counted: boolean; file: string }[] {
  const found: { key: string; counted: boolean; file: string }[] = [];
  for (const file of sourceFiles(CLIENT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-z_][\w.]*)'\s*(,\s*\{([^}]*)\})?/g)) {
      found.push({ key: match[1]!, counted: /\bcount\b/.test(match[3] ?? ''), file: path.relative(CLIENT, file) });
    }
  }
  return found;
}

describe('English translations', () => {
  it('finds the keys the app uses', () => {
    expect(usedKeys().length).toBeGreaterThan(100);
  });

  it('has every literal key the app uses', () => {
    const missing = usedKeys()
      .filter(({ key, counted }) => (counted ? !keys.has(`${key}_one`) || !keys.has(`${key}_other`) : !keys.has(key)))
      .map(({ key, file }) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has a message for every error code', () => {
    expect(ERROR_CODES.filter((code) => !keys.has(`errors.${code}`))).toEqual([]);
  });

  it('has the values shown by dynamic keys', () => {
    for (const value of ['resident', 'representative']) expect(keys.has(`check.who_values.${value}`)).toBe(true);
    for (const value of ['yes', 'no', 'not_sure']) expect(keys.has(`common.${value}`)).toBe(true);
    for (const value of ['email', 'phone', 'text', 'post']) expect(keys.has(`complaint.contact.${value}`)).toBe(true);
    for (const part of ['day', 'month', 'year']) expect(keys.has(`common.date.${part}`)).toBe(true);
  });
});
