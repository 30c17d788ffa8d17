/**
 * The JavaScript a phone downloads to show the home page, gzipped, stays under
 * budget. Deterministic: it reads the build (npm test builds first), not a clock.
 * Counted: the entry script, every chunk index.html preloads, the English
 * strings the app loads before its first paint, and workbox-window, which the
 * home page imports just after it (client/composables/use-service-worker.ts)
 * on every visit.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(import.meta.dirname, '../../dist');
/**
 * Budget in KB gzipped: the issue's ceiling, 75, with 74.8 KB measured (workbox-window's 2.2 KB included; phone
 * hours, the update and stale-code handling and the launch resume added since 73.6). The framework alone (vue,
 * vue-router, pinia, i18next, i18next-vue, workbox-window) is about 58 KB: what grows next must move off the home page.
 */
export const HOME_PAGE_JS_BUDGET_KB = 75;

function homePageScripts(): string[] {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]!);
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  const locale = assets.filter((f) => /^en-[\w-]+\.js$/.test(f));
  const workbox = assets.filter((f) => /^workbox-window[\w.-]*\.js$/.test(f));
  expect(entry, 'index.html has one entry script').toHaveLength(1);
  expect(locale, 'the English strings are one chunk').toHaveLength(1);
  expect(workbox, 'workbox-window is one chunk').toHaveLength(1);
  // The entry (or a chunk it preloads) imports it: the name found is the one a phone fetches.
  const loaded = [...entry, ...preloads].map((f) => fs.readFileSync(path.join(DIST, f), 'utf8')).join('\n');
  expect(loaded, 'the home page imports workbox-window').toContain(workbox[0]);
  return [...entry, ...preloads, `assets/${locale[0]}`, `assets/${workbox[0]}`];
}

const gzipKb = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length / 1024;

describe('home page JavaScript budget', () => {
  it('has a build to measure', () => {
    expect(fs.existsSync(path.join(DIST, 'index.html')), 'run `npm run build` first (npm test does)').toBe(true);
  });

  it(`stays under ${HOME_PAGE_JS_BUDGET_KB} KB gzipped`, () => {
    const files = homePageScripts();
    const sizes = files.map((file) => ({ file, kb: gzipKb(file) }));
    const total = sizes.reduce((sum, s) => sum + s.kb, 0);
    console.log(`home page JS: ${total.toFixed(1)} KB gzip (${sizes.map((s) => `${path.basename(s.file)} ${s.kb.toFixed(1)}`).join(', ')})`);
    expect(total).toBeLessThan(HOME_PAGE_JS_BUDGET_KB);
  });

  it('does not put the complaint journey on the home page', () => {
    const home = homePageScripts().map((f) => fs.readFileSync(path.join(DIST, f), 'utf8')).join('\n');
    // Strings only the journey's lazy views contain.
    expect(home).not.toContain('attachments-camera');
    expect(home).not.toContain('summary-list__actions');
  });
});

describe('the staff console', () => {
  const assets = () => fs.readdirSync(path.join(DIST, 'assets'));
  const staffChunks = () => assets().filter((f) => f.startsWith('staff-'));
  const texts = (file: string) => {
    const found: string[] = [];
    const walk = (node: object) => {
      for (const value of Object.values(node)) {
        if (typeof value === 'string') found.push(value.split('{{')[0]!.trim());
        else walk(value as object);
      }
    };
    walk(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8')) as object);
    return found;
  };
  /** Strings only the console has: its English text (what the residents' strings do not also say), and names from its code. */
  const consoleMarkers = () => {
    const residents = texts('client/i18n/locales/en.json').join('\n');
    const own = texts('client/staff/locales/en.json').filter((text) => text.length >= 12 && !residents.includes(text));
    expect(own.length).toBeGreaterThan(40);
    return [...own, 'staff-remove-member', 'password-links/check', 'staff-set-password'];
  };

  it('is built into chunks of its own', () => {
    const chunks = staffChunks();
    expect(chunks.filter((f) => /^staff-[\w-]+\.js$/.test(f) && !f.startsWith('staff-locale-'))).toHaveLength(1);
    expect(chunks.filter((f) => f.startsWith('staff-locale-'))).toHaveLength(10);
    const console = chunks.map((f) => fs.readFileSync(path.join(DIST, 'assets', f), 'utf8')).join('\n');
    // The check below can fail: the markers are in the console's chunks.
    for (const marker of consoleMarkers()) expect(console.includes(marker), marker).toBe(true);
  });

  it('puts none of its code or strings in what the home page downloads', () => {
    const files = homePageScripts();
    expect(files.filter((f) => path.basename(f).startsWith('staff-'))).toEqual([]);
    const home = files.map((f) => fs.readFileSync(path.join(DIST, f), 'utf8')).join('\n');
    for (const marker of consoleMarkers()) expect(home.includes(marker), marker).toBe(false);
    // Only ever imported lazily: no static import of a console chunk.
    expect(home).not.toMatch(/(from|import)\s*["']\.\/staff-/);
  });

  it('is not in the residents\' precache (service worker)', () => {
    const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
    expect(sw).toContain('assets/index-');
    expect(sw).not.toContain('staff-');
  });
});
