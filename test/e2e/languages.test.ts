/**
 * Every page in the residents' languages: chosen from the browser's preference,
 * switched on any page, remembered, written to <html lang dir>, right-to-left
 * mirrored; the unreviewed-translation notice; dates and server errors in the
 * chosen language; "Listen to this page" and the text-size setting.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { LANGUAGE_INFO, type Language } from '../../shared/languages.ts';
import { expectNoAxeViolations, horizontalOverflow, launchBrowser } from '../support/browser.ts';
import { NARROW, PHONE, localeText as text, newSession, type Session } from './helpers.ts';

let browser: Browser;
let session: Session | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  const errors = session?.pageErrors ?? [];
  await session?.close();
  session = undefined;
  expect(errors, 'uncaught errors in the page').toEqual([]);
});

async function open(options: { locale?: string; viewport?: { width: number; height: number }; language?: Language } = {}) {
  session = await newSession(browser, options.viewport ?? PHONE, { locale: options.locale });
  if (options.language) {
    await session.context.addInitScript((lng) => localStorage.setItem('complaints:language', lng), options.language);
  }
  return session.page;
}

const h1 = (page: Awaited<ReturnType<typeof open>>) => page.locator('main h1');

describe('choosing a language', () => {
  it("starts in the browser's preferred language on the first visit (Welsh)", async () => {
    const page = await open({ locale: 'cy-GB' });
    await page.goto('/');
    await expect.poll(() => h1(page).innerText()).toBe(text('cy', 'home.title'));
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['cy', 'ltr']);
    expect(await page.title()).toBe(`${text('cy', 'home.title')} – ${text('cy', 'app.service_name')}`);
  });

  it('switches from any page, names each language in itself, mirrors right to left, and remembers the choice', async () => {
    const page = await open();
    await page.goto('/complaint/who');
    await expect.poll(() => h1(page).innerText()).toBe(text('en', 'complaint.who.title'));
    await page.getByTestId('language-toggle').click();
    const names = await page.locator('#language-list button').evaluateAll((buttons) =>
      buttons.map((b) => `${b.getAttribute('lang')}:${b.textContent?.trim()}`),
    );
    expect(names).toEqual(Object.entries(LANGUAGE_INFO).map(([code, info]) => `${code}:${info.name}`));
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'اردو' }).click();
    await expect.poll(() => h1(page).innerText()).toBe(text('ur', 'complaint.who.title'));
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ur', 'rtl']);
    await expect.poll(() => page.title()).toBe(`${text('ur', 'complaint.who.title')} – ${text('ur', 'app.service_name')}`);
    // Mirrored: the back link sits on the right, and the radios' labels to the left of their inputs.
    const back = await page.locator('.back-link').boundingBox();
    expect(back!.x + back!.width).toBeGreaterThan(PHONE.width / 2);
    const input = await page.locator('.radios__input').first().boundingBox();
    const label = await page.locator('.radios__label').first().boundingBox();
    expect(label!.x).toBeLessThan(input!.x);
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => h1(page).innerText()).toBe(text('ur', 'complaint.who.title'));
  });

  it('says an unreviewed translation has not been checked, in that language, with a link to the English', async () => {
    const page = await open({ language: 'pl' });
    await page.goto('/');
    const notice = page.getByTestId('translation-notice');
    await expect.poll(() => notice.innerText()).toContain(text('pl', 'translation.unreviewed'));
    await notice.getByRole('link', { name: text('pl', 'translation.read_english') }).click();
    await expect.poll(() => h1(page).innerText()).toBe(text('en', 'home.title'));
    expect(await notice.count()).toBe(0);
  });

  it('shows validation errors in the chosen language (Welsh)', async () => {
    const page = await open({ language: 'cy' });
    await page.goto('/complaint/who');
    await page.getByRole('button', { name: text('cy', 'common.continue'), exact: true }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(text('cy', 'errors.fields.submittedBy.required'));
    expect(await page.title()).toMatch(new RegExp(`^${text('cy', 'common.error_prefix')} `));
    await expectNoAxeViolations(page);
  });
});

describe('reading and seeing', () => {
  it('reads the page aloud with a voice for the language, or says there is none', async () => {
    const page = await open({ language: 'cy' });
    await page.goto('/');
    const listen = page.getByTestId('listen');
    await expect.poll(() => listen.innerText()).toBe(text('cy', 'settings.listen'));
    const hasVoice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => v.lang.startsWith('cy')));
    await listen.click();
    if (hasVoice) expect(await listen.getAttribute('aria-pressed')).toBe('true');
    else await expect.poll(() => page.getByText(text('cy', 'settings.no_voice')).count()).toBe(1);
    await expectNoAxeViolations(page);
  });

  it('keeps a larger text size across pages and reloads, and still reflows at 320 px', async () => {
    const page = await open({ viewport: NARROW });
    await page.goto('/');
    await page.getByRole('button', { name: text('en', 'settings.text_size') }).click();
    await page.getByLabel(text('en', 'settings.text_size_largest')).check();
    const rootSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    await expect.poll(rootSize).toBe('24px');
    await page.goto('/complaint/check');
    await page.reload();
    await expect.poll(rootSize).toBe('24px');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});
