/**
 * Nothing typed is lost (issues 8 and 13): someone types steadily, never
 * pausing long enough for the usual save, and the page goes a moment after the
 * last key: reloaded, its tab closed, its renderer crashed, or reloaded with no
 * signal. Every character typed is back when the question opens again.
 * (`npm run typing-rounds` runs 100 such rounds and prints the figures.)
 */
import { afterEach, beforeAll, afterAll, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { ENDINGS, typingRounds } from '../support/typing-rounds.ts';
import { PHONE } from './helpers.ts';

let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

it('keeps every character typed when the page reloads, closes, crashes or reloads offline right after a key', async () => {
  // A service worker is needed here: the page must open with no signal.
  context = await browser.newContext({ viewport: PHONE, baseURL: inject('appUrl'), locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(15_000);
  const seed = Date.now() % 1_000_000;
  const summary = await typingRounds(context, { rounds: ENDINGS.length * 2, seed, endings: ENDINGS });
  expect(summary.failures, `seed ${seed}: rounds where typed words were lost`).toEqual([]);
  expect(summary.wordsLost).toBe(0);
  expect(summary.wordsTyped).toBeGreaterThan(0);
  expect(Object.values(summary.byEnding)).toEqual([2, 2, 2, 2]);
});
