/**
 * The Content-Security-Policy stays strict on everything the real server sends (the built app served by
 * server/index.ts): every route of the residents' app, the staff console under /staff, every built file,
 * a page that does not exist, the API's answers and refusals, and the errors Node answers itself.
 * Strict: scripts only from this origin (no 'unsafe-inline', no 'unsafe-eval', no hashes to relax,
 * no wildcard), no plugins, no framing, no <base> from elsewhere.
 * That pages obey it is checked in the browser: every browser test fails on a CSP violation in any page
 * it opened (test/support/csp-guard.ts), and here every page of the app and of the console is opened in
 * Chromium, then a violation made on a console page, to show that the check sees it there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cspViolationCount, launchBrowser, takeCspViolations } from '../support/browser.ts';
import { rawConnect } from '../support/raw-http.ts';
import { ROUTE_PATHS } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RELAXING = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "'strict-dynamic'", '*', 'data:', 'blob:', 'http:', 'https:'];

/** Parses a policy into its directives. */
function directives(policy: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) parsed.set(name.toLowerCase(), sources);
  }
  return parsed;
}

/** Throws, naming what is wrong, unless the policy is strict. */
function expectStrictPolicy(policy: string | null, what: string) {
  expect(policy, `${what}: no Content-Security-Policy`).toBeTruthy();
  expect(policy!, what).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
  const parsed = directives(policy!);
  const effective = (name: string) => parsed.get(name) ?? parsed.get('default-src');
  const scripts = [...(effective('script-src') ?? []), ...(parsed.get('script-src-elem') ?? []), ...(parsed.get('script-src-attr') ?? [])];
  expect(effective('script-src'), `${what}: no script-src nor default-src`).toBeDefined();
  expect(scripts.filter((source) => source !== "'self'" && source !== "'none'"), `${what}: script sources`).toEqual([]);
  for (const [name, sources] of parsed) {
    if (name === 'img-src') continue; // photos being chosen are shown from blob: and data: URLs (not scripts)
    expect(sources.filter((source) => RELAXING.includes(source)), `${what}: ${name}`).toEqual([]);
  }
  expect(effective('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(parsed.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  // base-uri does not fall back to default-src.
  expect(parsed.get('base-uri'), `${what}: base-uri`).toBeDefined();
}

/** The paths a file names (the staff console's, client/staff/paths.ts), each parameter made up. */
function pathsIn(file: string): string[] {
  const full = path.join(ROOT, file);
  if (!fs.existsSync(full)) return [];
  return [...fs.readFileSync(full, 'utf8').matchAll(/'(\/[^']*)'/g)].map((match) => match[1]!.replace(/:[a-zA-Z]+(\([^)]*\))?\*?/g, 'no-such-id'));
}

const RESIDENT_ROUTES = ROUTE_PATHS;
/** The staff console, where it exists (client/staff/): its routes, and /staff itself in any case. */
const STAFF_ROUTES = ['/staff', '/staff/sign-in', ...pathsIn('client/staff/paths.ts')];
const BUILT_FILES = fs
  .readdirSync(path.join(ROOT, 'dist'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => `/${path.relative(path.join(ROOT, 'dist'), path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`);

describe('the Content-Security-Policy on everything the server sends', () => {
  const url = (route: string) => new URL(route, inject('appUrl')).href;

  it('is strict on every page of the app, the staff console and a page that does not exist', async () => {
    expect(RESIDENT_ROUTES).toContain('/');
    expect(RESIDENT_ROUTES.length).toBeGreaterThan(10);
    for (const route of [...RESIDENT_ROUTES, ...STAFF_ROUTES, '/no-such-page', '/no/such/page.html', '/?launch=app']) {
      const response = await fetch(url(route));
      expect(response.status, route).toBeLessThan(500);
      expect(response.headers.get('content-type'), route).toMatch(/text\/html/);
      expectStrictPolicy(response.headers.get('content-security-policy'), route);
      await response.body?.cancel();
    }
  });

  it('is strict on every built file (scripts, styles, the service worker, the manifest, icons, locales)', async () => {
    expect(BUILT_FILES).toContain('/index.html');
    for (const file of BUILT_FILES) {
      const response = await fetch(url(file));
      expect(response.status, file).toBe(200);
      expectStrictPolicy(response.headers.get('content-security-policy'), file);
      await response.body?.cancel();
    }
  });

  it("allows the pages' own stylesheet, inside them, by its hash and nothing else inline (client/build/inline-css.ts)", async () => {
    for (const route of ['/', '/drafts', '/no-such-page', '/index.html']) {
      const response = await fetch(url(route), { headers: { 'Accept-Language': 'cy' } });
      const html = await response.text();
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, css]) => css!);
      // The app's stylesheet is in the page, not a file that holds back its first paint.
      expect(styles, route).toHaveLength(1);
      expect(html, route).not.toMatch(/<link rel="stylesheet"/);
      const hash = `'sha256-${crypto.createHash('sha256').update(styles[0]!, 'utf8').digest('base64')}'`;
      const sources = directives(response.headers.get('content-security-policy')!).get('style-src');
      expect(sources, route).toEqual(["'self'", hash]);
    }
  });

  it('is strict on the API: answers, refusals and unknown paths', async () => {
    const requests: [string, RequestInit][] = [
      ['/api/health', {}],
      ['/api/openapi.json', {}],
      ['/api/complaints', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() } }],
      ['/api/complaints', { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': crypto.randomUUID() } }],
      ['/api/complaints', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }],
      ['/api/nope', {}],
      ['/api/staff/nope', { method: 'POST' }],
    ];
    for (const [route, init] of requests) {
      const response = await fetch(url(route), init);
      expect(response.status, route).toBeLessThan(500);
      expectStrictPolicy(response.headers.get('content-security-policy'), `${init.method ?? 'GET'} ${route}`);
      await response.body?.cancel();
    }
  });

  it('is strict on the errors Node answers before the app (headers too large, not HTTP)', async () => {
    const port = Number(new URL(inject('appUrl')).port);
    for (const request of [`GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`, 'HELLO\r\n\r\n']) {
      const connection = await rawConnect(port);
      await connection.write(request);
      const answer = await connection.answer(0);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectStrictPolicy(answer.headers['content-security-policy'] ?? null, `${answer.status} from Node`);
      connection.destroy();
    }
  });

  it('fails a policy that is not strict (the check itself)', () => {
    const strict =
      "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    expectStrictPolicy(strict, 'strict');
    for (const loose of [
      strict.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
      strict.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
      strict.replace("script-src 'self'", 'script-src *'),
      strict.replace("script-src 'self'", "script-src 'self' https://cdn.example"),
      strict.replace("base-uri 'self'; ", ''),
      strict.replace("object-src 'none'", "object-src 'self'"),
      strict.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
      "script-src 'self'",
    ]) {
      expect(() => expectStrictPolicy(loose, loose)).toThrow();
    }
    expect(() => expectStrictPolicy(null, 'none')).toThrow();
  });
});

describe('the Content-Security-Policy in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('is obeyed by every page of the app and of the console, and a violation on a console page is seen', async () => {
    // A bare context, as a test that opens pages of its own makes one: watched all the same.
    const context = await browser.newContext({ baseURL: inject('appUrl'), locale: 'en-GB', serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      for (const route of [...RESIDENT_ROUTES, ...STAFF_ROUTES]) {
        await page.goto(route);
        // Scripts, styles and the lazy parts each page loads (its strings, the console's chunks) are in.
        await page.waitForLoadState('networkidle');
        expect(takeCspViolations(), route).toEqual([]);
      }
      await page.goto('/staff/sign-in');
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inline = true';
        document.body.append(script);
      });
      await expect.poll(cspViolationCount, { message: 'the inline script reported as a violation' }).toBe(1);
      expect(await page.evaluate(() => (window as { __inline?: boolean }).__inline)).toBeUndefined();
      expect(takeCspViolations()[0]).toContain('/staff/sign-in');
    } finally {
      await context.close();
    }
  });
});
