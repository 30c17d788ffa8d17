/**
 * Every page in the residents' languages: chosen from the browser's preference,
 * switched on any page, remembered, written to <html lang dir>, right-to-left
 * mirrored; the unreviewed-translation notice; dates and server errors in the
 * chosen language; "Listen to this page" and the text-size setting.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LANGUAGES, LANGUAGE_INFO, type Language } from '../../shared/languages.ts';
import { expectNoAxeViolations, horizontalOverflow } from '../support/browser.ts';
import { NARROW, PHONE, daysAgo, expectFieldError, localeText as text, sessionPerTest, summaryValue, type Session } from './helpers.ts';

const sessions = sessionPerTest();
let session: Session | undefined;

async function open(options: { locale?: string; viewport?: { width: number; height: number }; language?: Language } = {}) {
  session = await sessions.open(options.viewport ?? PHONE, { locale: options.locale });
  if (options.language) {
    await session.context.addInitScript((lng) => localStorage.setItem('complaints:language', lng), options.language);
  }
  return session.page;
}

const h1 = (page: Page) => page.locator('main h1');

/**
 * A whole complaint, answered by the fields' ids (the same in every language), up to "Check your answers".
 * Returns the day it happened.
 */
async function fillComplaint(page: Page, lng: Language): Promise<string> {
  const next = async (pathname: string) => {
    await page.getByRole('button', { name: text(lng, 'common.continue'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === pathname);
  };
  const when = daysAgo(10);
  await page.goto('/complaint/who');
  await page.locator('#submittedBy').check();
  await next('/complaint/name');
  await page.locator('#resident-name').fill('Siân Jones');
  await next('/complaint/address');
  await page.locator('#resident-tenancyReference').fill('T-55120');
  await next('/complaint/contact');
  await page.locator('#resident-preferredContact-2').check(); // a phone call
  await page.locator('#resident-phone').fill('07700 900982');
  await next('/complaint/what-happened');
  await page.locator('#complaint-description').fill('Mae dŵr yn dod drwy’r nenfwd.');
  await next('/complaint/when');
  await page.locator('#complaint-happenedOn').fill(when.day);
  await page.locator('#complaint-happenedOn-month').fill(when.month);
  await page.locator('#complaint-happenedOn-year').fill(when.year);
  await next('/complaint/service-request');
  await page.locator('#complaint-aboutServiceRequest-2').check(); // No
  await next('/complaint/others-affected');
  await page.locator('#complaint-othersAffected-2').check(); // No
  await next('/complaint/outcome');
  await page.locator('#complaint-desiredOutcome').fill('Trwsio’r to.');
  await next('/complaint/evidence');
  await next('/complaint/support');
  await page.locator('#support-needed-2').check(); // No
  await next('/complaint/check');
  await expect.poll(() => h1(page).innerText()).toBe(text(lng, 'check.title'));
  return when.iso;
}

/** A day as GOV.UK writes it in Welsh: "dydd Mawrth 12 Ionawr 2027". */
function welshDate(iso: string): string {
  const days = ['dydd Sul', 'dydd Llun', 'dydd Mawrth', 'dydd Mercher', 'dydd Iau', 'dydd Gwener', 'dydd Sadwrn'];
  const months = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${months[m - 1]} ${y}`;
}

/** The chunks of language files the page has asked for: `cy` for `/assets/cy-Ab12Cd34.js`. */
function localeRequests(page: Page): string[] {
  const requested: string[] = [];
  page.on('request', (request) => {
    const name = /\/assets\/([a-z]{2})-[\w-]+\.js$/.exec(new URL(request.url()).pathname)?.[1];
    if (name && (LANGUAGES as readonly string[]).includes(name)) requested.push(name);
  });
  return requested;
}

describe('choosing a language', () => {
  it("starts in the browser's preferred language on the first visit (Welsh)", async () => {
    const page = await open({ locale: 'cy-GB' });
    await page.goto('/');
    await expect.poll(() => h1(page).innerText()).toBe(text('cy', 'home.title'));
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['cy', 'ltr']);
    expect(await page.title()).toBe(`${text('cy', 'home.title')} – ${text('cy', 'app.service_name')}`);
    // The landlord's phone hours (days and times in its configuration) are in Welsh too.
    expect(await page.getByTestId('phone-hours').innerText()).toBe('(dydd Llun i dydd Gwener, 08:00 i 18:00)');
  });

  it('switches from any page, names each language in itself, mirrors right to left, and remembers the choice', async () => {
    const page = await open();
    await page.goto('/complaint/who');
    await expect.poll(() => h1(page).innerText()).toBe(text('en', 'complaint.who.title'));
    // The prerendered page is taken over by the app first (its question's controls are enabled then).
    await page.locator('.question-page__controls:not(:disabled)').waitFor();
    await page.getByTestId('language-toggle').click();
    const names = await page.locator('#language-list button').evaluateAll((buttons) =>
      buttons.map((b) => `${b.getAttribute('lang')}:${b.textContent?.trim()}`),
    );
    expect(names).toEqual(Object.entries(LANGUAGE_INFO).map(([code, info]) => `${code}:${info.name}`));
    await expectNoAxeViolations(page);
    // The language in use, and the open toggle, are not shown by colour alone (WCAG 1.4.1): underlined, and a tick.
    const cue = (selector: string) =>
      page.locator(selector).evaluate((el) => {
        const style = getComputedStyle(el);
        return { underline: style.textDecorationLine, tick: getComputedStyle(el, '::before').content, background: style.backgroundColor };
      });
    const english = page.locator('#language-list button[lang="en"]');
    expect(await english.getAttribute('aria-current')).toBe('true');
    expect(await cue('#language-list button[lang="en"]')).toMatchObject({ underline: 'underline', tick: expect.stringContaining('✓') });
    expect(await cue('#language-list button[lang="cy"]')).toMatchObject({ underline: 'none', tick: 'none' });
    expect((await cue('#language-toggle')).underline).toBe('underline');
    // In forced colours (Windows high contrast) the language in use takes the system's colours for a selected item.
    await page.emulateMedia({ forcedColors: 'active' });
    const [chosen, other] = [await cue('#language-list button[lang="en"]'), await cue('#language-list button[lang="cy"]')];
    expect(chosen.background).not.toBe(other.background);
    expect(chosen.underline).toBe('underline');
    await page.emulateMedia({ forcedColors: 'none' });
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
    // A button (it changes the language; it goes nowhere), from the keyboard.
    await notice.getByRole('button', { name: text('pl', 'translation.read_english') }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page).innerText()).toBe(text('en', 'home.title'));
    expect(await notice.count()).toBe(0);
    // The button has gone with the notice: focus moves to the page's heading, not to the body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent?.trim())).toBe(
      `H1:${text('en', 'home.title')}`,
    );
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

  it("shows the server's rejection of a complaint in Welsh, in the summary and beside the field", async () => {
    const page = await open({ language: 'cy' });
    const happened = await fillComplaint(page, 'cy');
    // The date in Welsh, even in a browser whose Intl has no Welsh (this Chromium has none).
    expect(await summaryValue(page, text('cy', 'check.when'))).toBe(welshDate(happened));
    // The server answers with codes, never English (shared/errors.ts): the app words them in the reader's language.
    await page.route('**/api/complaints', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation', issues: [{ path: ['resident', 'phone'], code: 'phone' }] } }),
      }),
    );
    await page.getByRole('button', { name: text('cy', 'check.send'), exact: true }).click();
    const message = text('cy', 'errors.phone');
    const summary = page.getByTestId('error-summary');
    await expect.poll(() => summary.getByRole('link').allInnerTexts()).toEqual([message]);
    expect(await summary.innerText()).toContain(text('cy', 'common.error_summary_title'));
    await expect.poll(() => page.title()).toMatch(new RegExp(`^${text('cy', 'common.error_prefix')} `));
    await expectNoAxeViolations(page);
    await summary.getByRole('link', { name: message }).click();
    await page.waitForURL((url) => url.pathname === '/complaint/contact');
    await expectFieldError(page, 'resident-phone', message, text('cy', 'common.error_prefix'));
    await expectNoAxeViolations(page);
  });

  it('lists drafts and the outbox, each with a complaint, in Arabic; what the outbox says follows a change of language', async () => {
    const page = await open({ language: 'ar' });
    await fillComplaint(page, 'ar');
    // The connection fails on the way (the app's pages still load): the complaint waits in the outbox.
    await page.route('**/api/complaints', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: text('ar', 'check.send'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/complaint/outbox');
    await expect.poll(() => page.locator('main .list li').count()).toBe(1);
    await page.getByTestId('try-again').click();
    const status = page.getByTestId('outbox-status');
    await expect.poll(() => status.innerText()).toBe(text('ar', 'outbox.still_waiting'));
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await expectNoAxeViolations(page);

    // Another complaint begun: the list shows it unfinished, and the first one waiting.
    await page.goto('/complaint/name');
    await page.locator('#resident-name').fill('سارة أحمد');
    await page.getByRole('link', { name: text('ar', 'app.drafts_link') }).click();
    await expect.poll(() => h1(page).innerText()).toBe(text('ar', 'drafts.title'));
    await expect.poll(() => page.getByTestId('draft-list').locator('li').count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: text('ar', 'drafts.waiting_link') }).count()).toBe(1);
    await expectNoAxeViolations(page);

    // In English now: the outbox's words, what "Try again now" found included, are English.
    await page.getByRole('link', { name: text('ar', 'drafts.waiting_link') }).click();
    await page.waitForURL((url) => url.pathname === '/complaint/outbox');
    await page.getByTestId('try-again').click();
    await expect.poll(() => status.innerText()).toBe(text('ar', 'outbox.still_waiting'));
    await page.getByTestId('language-toggle').click();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await expect.poll(() => h1(page).innerText()).toBe('Your complaint is saved on this phone');
    await expect.poll(() => status.innerText()).toBe(text('en', 'outbox.still_waiting'));
  });

  it('downloads only the language in use: the others when chosen', async () => {
    const page = await open();
    const requested = localeRequests(page);
    await page.goto('/');
    await expect.poll(() => h1(page).innerText()).toBe(text('en', 'home.title'));
    await page.waitForLoadState('networkidle');
    expect(requested).toEqual(['en']);
    await page.getByTestId('language-toggle').click();
    await page.getByRole('button', { name: 'Cymraeg' }).click();
    await expect.poll(() => h1(page).innerText()).toBe(text('cy', 'home.title'));
    expect(requested).toEqual(['en', 'cy']);
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
    // Decided once the device has had a moment to list its voices.
    if (hasVoice) await expect.poll(() => listen.getAttribute('aria-pressed')).toBe('true');
    else await expect.poll(() => page.getByText(text('cy', 'settings.no_voice')).count(), { timeout: 5000 }).toBe(1);
    await expectNoAxeViolations(page);
  });

  it('reads the main content in the language of the page with a voice the device lists only after a moment (as Chrome does)', async () => {
    const page = await open({ language: 'cy' });
    // The device's speech, stubbed: its voices arrive a moment after they are first asked for, with `voiceschanged`.
    await session!.context.addInitScript(() => {
      const spoken: { text: string; lang: string; voice: string | undefined }[] = [];
      let voices: { lang: string; name: string }[] = [];
      let asked = false;
      const synth = Object.assign(new EventTarget(), {
        speaking: false,
        pending: false,
        paused: false,
        getVoices() {
          if (!asked) {
            asked = true;
            setTimeout(() => {
              voices = [
                { lang: 'en-GB', name: 'Daniel' },
                { lang: 'cy-GB', name: 'Gwyneth' },
              ];
              synth.dispatchEvent(new Event('voiceschanged'));
            }, 300);
          }
          return voices;
        },
        speak(utterance: { text: string; lang: string; voice?: { name: string } }) {
          spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice?.name });
        },
        cancel() {},
      });
      class Utterance {
        lang = '';
        voice = null;
        onend = null;
        onerror = null;
        constructor(public text: string) {}
      }
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      Object.assign(window, { spoken });
    });
    await page.goto('/complaint/who');
    await expect.poll(() => h1(page).innerText()).toBe(text('cy', 'complaint.who.title'));
    const listen = page.getByTestId('listen');
    await listen.click();
    await expect.poll(() => listen.getAttribute('aria-pressed')).toBe('true');
    const spoken = await page.evaluate(() => (window as unknown as { spoken: unknown[] }).spoken);
    const main = await page.evaluate(() => document.getElementById('main-content')!.innerText);
    expect(main).toContain(text('cy', 'complaint.who.title'));
    expect(spoken).toEqual([{ text: main, lang: 'cy-GB', voice: 'Gwyneth' }]);
    expect(await page.getByText(text('cy', 'settings.no_voice')).count()).toBe(0);
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
