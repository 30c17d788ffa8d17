/**
 * The app's own string lookup (client/i18n/translate.ts) answers exactly as
 * i18next does, for every key of every language, with plurals (several counts,
 * 0 included), contexts and values: it replaced i18next on the phone to save
 * 15 KB, and must not change a word.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { translate, type Messages } from '../../client/i18n/translate.ts';
import { LANGUAGES } from '../../shared/languages.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../client/i18n/locales');
const resources: Record<string, Messages> = Object.fromEntries(
  LANGUAGES.map((lng) => [lng, JSON.parse(fs.readFileSync(path.join(LOCALES, `${lng}.json`), 'utf8')) as Messages]),
);

/** Every key, with plural and context suffixes taken off (as code asks for them). */
function baseKeys(messages: Messages, prefix = ''): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object') for (const k of baseKeys(value, name)) keys.add(k);
    else keys.add(name.replace(/_(zero|one|two|few|many|other)$/, '').replace(/_(resident|representative)$/, ''));
  }
  return keys;
}

const VALUES = { landlord: 'Riverside', name: 'Sam', date: '1 May', value: 'x', when: 'today', total: '7', maxFiles: '5', maxMegabytes: '10', day: 'Monday', from: 'Monday', to: 'Friday', opens: '8am', closes: '6pm' };

describe('translate() says what i18next says', () => {
  const engine = i18next.createInstance();
  const ready = engine.init({
    lng: 'en',
    fallbackLng: 'en',
    resources: Object.fromEntries(Object.entries(resources).map(([lng, translation]) => [lng, { translation }])),
    interpolation: { escapeValue: false },
    initAsync: false,
  });

  it.each(LANGUAGES)('for every key in %s, with counts, contexts and values', async (lng) => {
    await ready;
    await engine.changeLanguage(lng);
    const keys = [...baseKeys(resources.en!)].filter((key) => !key.startsWith('_meta'));
    let compared = 0;
    for (const key of keys) {
      for (const context of [undefined, 'resident', 'representative']) {
        for (const count of [undefined, 0, 1, 2, 3, 5, 11, 22, 100, 1.5]) {
          const options = { ...VALUES, ...(context ? { context } : {}), ...(count === undefined ? {} : { count }) };
          expect(translate(resources, lng, key, options), `${lng} ${key} ${JSON.stringify({ context, count })}`).toBe(engine.t(key, options));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  it('follows i18next where the files have no example: `_zero` in English, a context with plurals, a missing value', async () => {
    const extra: Messages = { item_zero: 'none', item_one: 'one item', item_other: '{{count}} items', item_boxed_other: '{{count}} boxes', item_boxed: 'a box', gap: 'from {{missing}}' };
    const local = i18next.createInstance();
    await local.init({ lng: 'en', resources: { en: { translation: extra } }, interpolation: { escapeValue: false }, initAsync: false });
    for (const options of [{ count: 0 }, { count: 1 }, { count: 4 }, { count: 4, context: 'boxed' }, { count: 1, context: 'boxed' }, { context: 'boxed' }, {}]) {
      expect(translate({ en: extra }, 'en', 'item', options), JSON.stringify(options)).toBe(local.t('item', options));
    }
    expect(translate({ en: extra }, 'en', 'gap')).toBe(local.t('gap'));
  });

  it('takes the first of several keys that a language has, as i18next does (a field\'s own message, else the general one)', async () => {
    await ready;
    for (const lng of ['en', 'cy', 'ar'] as const) {
      await engine.changeLanguage(lng);
      for (const keys of [
        ['errors.fields.resident.name.required', 'errors.required'],
        ['errors.fields.nothing.required', 'errors.required'],
        ['errors.fields.resident.email.email', 'errors.email'],
        ['no.such', 'still.none'],
      ]) {
        for (const options of [{}, { context: 'representative' }, { context: 'resident', name: 'x.png', maxFiles: 5 }]) {
          expect(translate(resources, lng, keys, options), `${lng} ${keys.join()}`).toBe(engine.t(keys, options));
        }
      }
    }
  });

  it('answers the key itself when no language has it, as i18next does', async () => {
    await ready;
    expect(translate(resources, 'cy', 'no.such.key')).toBe(engine.t('no.such.key'));
  });
});
