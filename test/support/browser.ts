/**
 * Debian's Chromium driven by playwright-core (no browser downloads here), and
 * the one axe helper: WCAG 2.2 AA tags chosen in one place.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium reports what the Content-Security-Policy blocked as a console message naming it. */
export const CSP_VIOLATION = /Content[- ]Security[- ]Policy/i;

/**
 * Every Content-Security-Policy violation reported by any page of any browser context the tests
 * open (launchBrowser, launchPersistent), not yet taken by the check every e2e test ends with
 * (test/support/csp-guard.ts): a page opened any other way than a test's session is covered too.
 */
const cspViolations: string[] = [];

/** Records the CSP violations of every page in the context (and its workers), whoever opened them. */
function watchCsp(context: BrowserContext): BrowserContext {
  context.on('console', (message) => {
    if (CSP_VIOLATION.test(message.text())) cspViolations.push(`${message.page()?.url() ?? 'a worker'}: ${message.text()}`);
  });
  return context;
}

/** The violations recorded since the last call, emptying the record. */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

/** How many violations are recorded and not yet taken. */
export const cspViolationCount = (): number => cspViolations.length;

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Every context of this browser is watched, including the one browser.newPage() makes.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions) => watchCsp(await newContext(options));
  return browser;
}

/** A browser whose profile (IndexedDB, service worker, storage) lives in `userDataDir` and survives closing. */
export async function launchPersistent(userDataDir: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return watchCsp(await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options }));
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Every axe check of the run is appended here; the e2e global teardown prints the totals. */
export const AXE_LOG = path.resolve(import.meta.dirname, '../../node_modules/.tmp/axe-log.jsonl');

/** Fails with the violations listed if axe finds any on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const state = await page.evaluate(() => ({ lang: document.documentElement.lang, width: window.innerWidth }));
  fs.mkdirSync(path.dirname(AXE_LOG), { recursive: true });
  fs.appendFileSync(
    AXE_LOG,
    `${JSON.stringify({ path: new URL(page.url()).pathname, ...state, violations: results.violations.length })}\n`,
  );
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** The page's horizontal overflow in CSS pixels: 0 when it reflows (WCAG 1.4.10). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
