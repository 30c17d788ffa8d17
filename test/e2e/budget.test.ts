/**
 * The JavaScript a phone downloads for the home page on a first visit, gzipped,
 * stays at or under 60 KB, counted as a browser fetches it: every script file a
 * fresh browser (no service worker, empty cache) downloads for the home page
 * until the network is idle, each gzipped at level 9 (what the server's
 * compression can at best send). What the page loads later, when someone acts,
 * is not counted because it is not downloaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PHONE, sessionPerTest } from './helpers.ts';

/** The issue's ceiling for the home page's first visit, in KB gzipped (60.0 KB = 61,440 bytes). */
export const HOME_PAGE_JS_BUDGET_KB = 60;

const sessions = sessionPerTest();
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('home page JavaScript budget', () => {
  it(`is at most ${HOME_PAGE_JS_BUDGET_KB} KB gzipped, as a fresh browser downloads it`, async () => {
    const { page } = await sessions.open(PHONE);
    const scripts: { url: string; body: Promise<Buffer> }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), body: response.body() });
    });
    await page.goto('/', { waitUntil: 'networkidle' });
    // The app has started (the page is the app's, not only its HTML).
    await page.waitForFunction(() => (document.getElementById('app') as { __vue_app__?: unknown } | null)?.__vue_app__ !== undefined);
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(
      scripts.map(async ({ url, body }) => ({ file: new URL(url).pathname, kb: zlib.gzipSync(await body, { level: 9 }).length / 1024, text: (await body).toString('utf8') })),
    );
    const total = sizes.reduce((sum, s) => sum + s.kb, 0);
    console.log(`home page JS: ${total.toFixed(1)} KB gzip in ${sizes.length} files (${sizes.map((s) => `${s.file.replace('/assets/', '')} ${s.kb.toFixed(1)}`).join(', ')})`);
    expect(sizes.length, 'scripts were counted').toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(HOME_PAGE_JS_BUDGET_KB);

    const all = sizes.map((s) => s.text).join('\n');
    // Strings only the complaint journey's lazy views contain.
    expect(all).not.toContain('attachments-camera');
    expect(all).not.toContain('summary-list__actions');
    // Only the reader's language file: the other nine load when chosen.
    expect(sizes.filter((s) => /\/(cy|pl|ro|ur|ar|pa|bn|pt|so)-[\w-]+\.js$/.test(s.file))).toEqual([]);
    // None of the staff console: no chunk of its own, and none of its code or strings inside another.
    expect(sizes.filter((s) => /\/staff-[\w-]+\.js$/.test(s.file)).map((s) => s.file)).toEqual([]);
    for (const marker of consoleMarkers()) expect(all.includes(marker), `the home page downloads "${marker}"`).toBe(false);
  });
});

/** Strings in a locale file, without their {{values}}. */
function texts(file: string): string[] {
  const found: string[] = [];
  const walk = (node: object) => {
    for (const value of Object.values(node)) {
      if (typeof value === 'string') found.push(value.split('{{')[0]!.trim());
      else walk(value as object);
    }
  };
  walk(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as object);
  return found;
}

/** What only the staff console has: its English strings (those the residents' do not also say) and names in its code. */
function consoleMarkers(): string[] {
  const residents = texts('client/i18n/locales/en.json').join('\n');
  const own = texts('client/staff/locales/en.json').filter((text) => text.length >= 12 && !residents.includes(text));
  expect(own.length).toBeGreaterThan(40);
  return [...own, 'staff-remove-member', 'password-links/check', 'staff-set-password'];
}

describe('the staff console in the build', () => {
  const assets = () => fs.readdirSync(path.join(ROOT, 'dist/assets'));

  it('is chunks of its own, holding its code and strings (what the home page is checked not to download)', () => {
    const chunks = assets().filter((f) => f.startsWith('staff-') && f.endsWith('.js'));
    expect(chunks.filter((f) => !f.startsWith('staff-locale-'))).toHaveLength(1);
    expect(chunks.filter((f) => f.startsWith('staff-locale-'))).toHaveLength(10);
    const code = chunks.map((f) => fs.readFileSync(path.join(ROOT, 'dist/assets', f), 'utf8')).join('\n');
    for (const marker of consoleMarkers()) expect(code.includes(marker), marker).toBe(true);
  });

  it('is not in the residents\' precache (service worker)', () => {
    const sw = fs.readFileSync(path.join(ROOT, 'dist/sw.js'), 'utf8');
    expect(sw).toMatch(/assets\/index-/);
    expect(sw).not.toContain('staff-');
  });
});
