/**
 * The whole resident journey with the keyboard alone, on a 320 px wide screen
 * (WCAG 2.1.1 keyboard, 2.4.3 focus order, 1.4.10 reflow): only Tab,
 * Shift+Tab, Space, Enter, arrow keys and typing. No clicks, no fill().
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acknowledgeBy } from '../../shared/code.ts';
import { londonDate } from '../../shared/working-days.ts';
import { expectNoAxeViolations, horizontalOverflow } from '../support/browser.ts';
import fs from 'node:fs';
import path from 'node:path';
import {
  NARROW,
  REFERENCE,
  daysAgo,
  expectAnnounced,
  expectFieldError,
  expectPage,
  focusIndicator,
  focused,
  longDate,
  sessionPerTest,
  summaryValue,
  summaryValueCell,
  visualOrder,
  type Focused,
  type Session,
} from './helpers.ts';

const sessions = sessionPerTest();
let session: Session | undefined;

/**
 * Presses Tab (or Shift+Tab) until the focused element matches, failing after
 * `max` presses with the path focus took, so a trap or a missing stop shows.
 * Every stop on the way must show that it has focus (WCAG 2.4.7).
 */
async function tabTo(
  page: Page,
  matches: (el: Focused) => boolean,
  what: string,
  { max = 25, key = 'Tab' }: { max?: number; key?: 'Tab' | 'Shift+Tab' } = {},
): Promise<number> {
  const path: string[] = [];
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key);
    const el = await focused(page);
    path.push(`${el.tag}#${el.id}[${el.name}]`);
    expect(await focusIndicator(page), `a visible focus indicator on ${path.at(-1)}`).not.toBe('');
    if (matches(el)) return presses;
  }
  throw new Error(`${what} not reached after ${max} presses of ${key}; focus went:\n  ${path.join('\n  ')}`);
}

const byId = (id: string) => (el: Focused) => el.id === id;
const byName = (name: string, tag?: string) => (el: Focused) => el.name === name && (!tag || el.tag === tag);
const continueButton = byName('Continue', 'BUTTON');

/** After a navigation: the new page, focus on its heading, announced, and no sideways scrolling at 320 px. */
async function onPage(page: Page, path: string, heading: string) {
  await expectPage(page, path, heading);
  await expectAnnounced(page, heading);
  expect(await horizontalOverflow(page), `horizontal overflow on ${path} at 320 px`).toBeLessThanOrEqual(0);
}

async function pressContinue(page: Page) {
  await tabTo(page, continueButton, 'Continue');
  await page.keyboard.press('Enter');
}

describe('a resident using only the keyboard on a 320 px screen', () => {
  it('makes a complaint from the start page to the confirmation', async () => {
    session = await sessions.open(NARROW);
    const { page } = session;
    const when = daysAgo(42);

    await page.goto('/');
    await expectPage(page, '/', 'Complain to Riverside Community Homes', { focusHeading: false });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The skip link is the very first stop, is visible when focused, and moves focus to the main content.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: 'A', name: 'Skip to main content' });
    const box = await page.evaluate(() => {
      const r = document.activeElement!.getBoundingClientRect();
      return { top: r.top, left: r.left, width: r.width, height: r.height };
    });
    expect(box.width * box.height, 'the focused skip link is visible').toBeGreaterThan(0);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    // From the main content, the start button comes next; it acts on Space, as a button does.
    expect(await tabTo(page, byName('Start now'), 'Start now', { max: 1 })).toBe(1);
    await page.keyboard.press('Space');
    await onPage(page, '/complaint/who', 'Who is making this complaint?');

    // Radios: Tab into the group (the first), Space chooses it.
    await tabTo(page, byId('submittedBy'), 'the first radio');
    await page.keyboard.press('Space');
    await pressContinue(page);

    await onPage(page, '/complaint/name', 'What is your full name?');
    await tabTo(page, byId('resident-name'), 'the name field');
    await page.keyboard.type('Kim Keyboard');
    // The back link is one Shift+Tab away, and Tab comes back to the field.
    await tabTo(page, byName('Back', 'A'), 'the back link', { key: 'Shift+Tab', max: 3 });
    await tabTo(page, byId('resident-name'), 'the name field', { max: 3 });
    // Enter in a text field sends the form, as it does anywhere.
    await page.keyboard.press('Enter');

    await onPage(page, '/complaint/address', 'Where do you live?');
    await tabTo(page, byId('resident-address'), 'the address field');
    await page.keyboard.type('1 Key Street');
    await page.keyboard.press('Enter'); // A new line in a textarea, not a submit.
    await page.keyboard.type('Exampletown');
    expect(page.url()).toMatch(/\/complaint\/address$/);
    await pressContinue(page);

    await onPage(page, '/complaint/contact', 'How should we contact you about your complaint?');
    await tabTo(page, byId('resident-preferredContact'), 'the Email radio');
    await page.keyboard.press('Space');
    // The revealed email field comes straight after the chosen radio.
    expect(await tabTo(page, byId('resident-email'), 'the email field', { max: 1 })).toBe(1);
    await page.keyboard.type('kim@example.com');
    await pressContinue(page);

    await onPage(page, '/complaint/what-happened', 'What went wrong?');
    await tabTo(page, byId('complaint-description'), 'the description');
    await page.keyboard.type('The bathroom extractor fan has not worked since April.');
    await pressContinue(page);

    await onPage(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
    await tabTo(page, byId('complaint-happenedOn'), 'Day');
    await page.keyboard.type(when.day);
    await tabTo(page, byId('complaint-happenedOn-month'), 'Month', { max: 1 });
    await page.keyboard.type(when.month);
    await tabTo(page, byId('complaint-happenedOn-year'), 'Year', { max: 1 });
    await page.keyboard.type(when.year);
    await tabTo(page, byId('complaint-stillHappening'), 'still happening', { max: 1 });
    await page.keyboard.press('Space');
    await pressContinue(page);

    await onPage(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    await tabTo(page, byId('complaint-aboutServiceRequest'), 'the Yes radio');
    await page.keyboard.press('Space');
    await tabTo(page, byId('complaint-serviceRequestReference'), 'the reference', { max: 1 });
    await page.keyboard.type('FAN-301');
    await pressContinue(page);

    await onPage(page, '/complaint/others-affected', 'Does this affect other households too?');
    await tabTo(page, byId('complaint-othersAffected'), 'the first radio');
    // An arrow key moves to, and chooses, the next option.
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ id: 'complaint-othersAffected-2', name: 'No' });
    expect(await page.evaluate(() => (document.getElementById('complaint-othersAffected-2') as HTMLInputElement).checked)).toBe(true);
    await pressContinue(page);

    await onPage(page, '/complaint/outcome', 'What would you like to happen to put things right?');
    // "I'm not sure yet" is a checkbox after the answer box (Code 5.6, 5.7).
    await tabTo(page, byId('complaint-desiredOutcomeNotSure'), "I'm not sure yet");
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => (document.getElementById('complaint-desiredOutcomeNotSure') as HTMLInputElement).checked)).toBe(true);
    await pressContinue(page);

    // Nothing to attach by keyboard here (a file chooser is the system's), but the page can be passed.
    await onPage(page, '/complaint/evidence', 'Photos or documents (optional)');
    await tabTo(page, byId('attachments-camera'), 'Take a photo');
    await tabTo(page, byId('attachments'), 'Choose photos or documents', { max: 1 });
    await pressContinue(page);

    await onPage(page, '/complaint/support', 'Do you need any support or changes to help you take part?');
    await tabTo(page, byId('support-needed'), 'the Yes radio');
    await page.keyboard.press('Space');
    await tabTo(page, byId('support-details'), 'the details', { max: 1 });
    await page.keyboard.type('Please phone in the afternoon.');
    await tabTo(page, byId('support-consent'), 'the "Send these details" radio', { max: 1 });
    await page.keyboard.press('Space');
    await pressContinue(page);

    await onPage(page, '/complaint/check', 'Check your answers before sending your complaint');
    expect(await summaryValue(page, 'Your name')).toBe('Kim Keyboard');
    expect(await summaryValue(page, 'Address')).toBe('1 Key Street\nExampletown');
    expect(await summaryValue(page, 'How to contact')).toBe('Email: kim@example.com');
    expect(await summaryValue(page, 'When')).toBe(`${longDate(when.iso)} (still happening)`);
    expect(await summaryValue(page, 'About something already reported')).toBe('Yes (FAN-301)');
    expect(await summaryValue(page, 'Other households affected')).toBe('No');
    expect(await summaryValue(page, 'Support or changes needed')).toBe(
      'Yes: Please phone in the afternoon.\nThese details will be sent: you agree that Riverside Community Homes can keep them',
    );
    // Every Change link is a stop on the way to the button.
    const presses = await tabTo(page, byName('Send complaint', 'BUTTON'), 'Send complaint', { max: 40 });
    expect(presses).toBeGreaterThan(await page.getByRole('link', { name: /^Change / }).count());
    await page.keyboard.press('Enter');

    await onPage(page, '/complaint/confirmation', 'Complaint sent');
    expect((await page.getByTestId('reference').innerText()).trim()).toMatch(REFERENCE);
    expect((await page.getByTestId('acknowledge-by').innerText()).trim()).toBe(longDate(acknowledgeBy(londonDate(new Date()))));
  });

  it('reaches every error from the error summary with the keyboard', async () => {
    session = await sessions.open(NARROW);
    const { page } = session;
    await page.goto('/complaint/name');
    await expectPage(page, '/complaint/name', 'What is your full name?', { focusHeading: false });
    await tabTo(page, continueButton, 'Continue');
    await page.keyboard.press('Enter');
    // Focus on the summary; its link is the next stop; Enter puts focus in the field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await tabTo(page, byName('Enter your full name', 'A'), 'the summary link', { max: 1 })).toBe(1);
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('resident-name');
    await page.keyboard.type('Kim');
    await page.keyboard.press('Enter');
    await onPage(page, '/complaint/address', 'Where do you live?');
  });
});

describe('where focus is', () => {
  it('shows on every Tab stop of the home page, header, settings, notices and footer included (WCAG 2.4.7)', async () => {
    // In Polish: the notice that the translation is unreviewed, with its button, is shown too.
    session = await sessions.open(NARROW, { locale: 'pl' });
    const { page } = session;
    await page.goto('/');
    await page.getByTestId('translation-notice').waitFor();
    // The language and text-size lists open, so their buttons and radios are stops as well.
    for (const list of ['language-list', 'display-settings']) await page.locator(`[aria-controls="${list}"]`).click();
    // Tab from the very top of the page again: a click on nothing there moves where Tab starts from.
    await page.mouse.click(1, 1);
    const stops: string[] = [];
    for (let presses = 0; presses < 100; presses++) {
      await page.keyboard.press('Tab');
      const el = await focused(page);
      if (el.tag === 'BODY' || el.tag === '') break;
      const stop = `${el.tag}#${el.id}[${el.name}]`;
      stops.push(stop);
      expect(await focusIndicator(page), `a visible focus indicator on ${stop}`).not.toBe('');
    }
    // Every language, the text sizes, the settings' toggles and the page's links were stops.
    expect(stops.length, stops.join('\n')).toBeGreaterThan(20);
    for (const name of [localeText('pl', 'app.drafts_link'), localeText('pl', 'translation.read_english'), 'Soomaali', localeText('pl', 'home.start')]) {
      expect(stops.some((stop) => stop.endsWith(`[${name}]`)), `${name} among the stops:\n${stops.join('\n')}`).toBe(true);
    }
  });
});

/** A string from a locale file, as the app shows it. */
function localeText(lng: string, key: string): string {
  let node: unknown = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../client/i18n/locales/${lng}.json`), 'utf8'));
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return String(node).replace('{{landlord}}', 'Riverside Community Homes');
}

describe('a resident using only the keyboard, in Arabic (right to left), on a 320 px screen', () => {
  it('makes a complaint from the start page to the confirmation', async () => {
    session = await sessions.open(NARROW, { locale: 'ar' });
    const { page } = session;
    const ar = (key: string) => localeText('ar', key);
    const when = daysAgo(10);

    /** The page in Arabic: right to left, its heading focused and in the title, no sideways scrolling. */
    async function onArabicPage(pathname: string, titleKey: string) {
      await page.waitForURL((url) => url.pathname === pathname);
      const heading = ar(titleKey);
      await expect.poll(() => page.locator('main h1').innerText(), { message: pathname }).toBe(heading);
      await expect.poll(() => page.title()).toBe(`${heading} – ${ar('app.service_name')}`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await expectAnnounced(page, heading);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
      expect(await horizontalOverflow(page), `horizontal overflow on ${pathname}`).toBeLessThanOrEqual(0);
    }
    async function next() {
      await tabTo(page, byName(ar('common.continue'), 'BUTTON'), 'Continue');
      await page.keyboard.press('Enter');
    }

    await page.goto('/');
    await expect.poll(() => page.locator('main h1').innerText()).toBe(ar('home.title'));
    await tabTo(page, byName(ar('home.start')), 'Start now', { max: 30 });
    await page.keyboard.press('Enter');
    await onArabicPage('/complaint/who', 'complaint.who.title');
    await tabTo(page, byId('submittedBy'), 'the first radio');
    await page.keyboard.press('Space');
    await next();
    await onArabicPage('/complaint/name', 'complaint.name.title');
    // Nothing typed: the error summary, in Arabic, has focus; its message is beside the field after a hidden "Error:".
    await next();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect((await page.getByTestId('error-summary').locator('h2').innerText()).trim()).toBe(ar('common.error_summary_title'));
    const nameError = (await page.getByTestId('error-summary').getByRole('link').innerText()).trim();
    expect(nameError).toMatch(/\p{Script=Arabic}/u);
    await expectFieldError(page, 'resident-name', nameError, ar('common.error_prefix'));
    await expectNoAxeViolations(page);
    await tabTo(page, byId('resident-name'), 'the name field');
    await page.keyboard.type('سارة أحمد');
    await next();
    await onArabicPage('/complaint/address', 'complaint.address.title');
    await tabTo(page, byId('resident-tenancyReference'), 'the tenancy reference');
    await page.keyboard.type('T-55120');
    await next();
    await onArabicPage('/complaint/contact', 'complaint.contact.title');
    // Radios are one Tab stop: arrive on the first, the arrow key chooses the next (a phone call).
    await tabTo(page, byId('resident-preferredContact'), 'the first radio');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => (document.getElementById('resident-preferredContact-2') as HTMLInputElement).checked)).toBe(true);
    await tabTo(page, byId('resident-phone'), 'the phone field', { max: 1 });
    await page.keyboard.type('07700 900982');
    await next();
    await onArabicPage('/complaint/what-happened', 'complaint.what_happened.title');
    await tabTo(page, byId('complaint-description'), 'the description');
    await page.keyboard.type('السقف يتسرب منه الماء منذ شهر.');
    await next();
    await onArabicPage('/complaint/when', 'complaint.when.title');
    await tabTo(page, byId('complaint-happenedOn'), 'Day');
    await page.keyboard.type(when.day);
    await page.keyboard.press('Tab');
    await page.keyboard.type(when.month);
    await page.keyboard.press('Tab');
    await page.keyboard.type(when.year);
    await next();
    await onArabicPage('/complaint/service-request', 'complaint.service_request.title');
    await tabTo(page, byId('complaint-aboutServiceRequest'), 'the first radio');
    await page.keyboard.press('ArrowDown'); // No
    await next();
    await onArabicPage('/complaint/others-affected', 'complaint.others_affected.title');
    await tabTo(page, byId('complaint-othersAffected'), 'the first radio');
    await page.keyboard.press('ArrowDown');
    await next();
    await onArabicPage('/complaint/outcome', 'complaint.outcome.title');
    await tabTo(page, byId('complaint-desiredOutcome'), 'the outcome');
    await page.keyboard.type('إصلاح السقف.');
    await next();
    await onArabicPage('/complaint/evidence', 'complaint.evidence.title');
    await next();
    await onArabicPage('/complaint/support', 'complaint.support.title');
    await tabTo(page, byId('support-needed'), 'the first radio');
    await page.keyboard.press('ArrowDown'); // No
    await next();
    await onArabicPage('/complaint/check', 'check.title');
    // What was typed keeps its own direction: the phone number reads 07700 900982 from the left, after the
    // Arabic words before it, not reordered by them (900982 07700); the tenancy reference likewise.
    const contact = summaryValueCell(page, ar('check.contact'));
    expect(await contact.innerText()).toBe(`${ar('complaint.contact.phone')}: 07700 900982`);
    expect(await visualOrder(contact, ['07700', '900982'])).toEqual(['07700', '900982']);
    expect(await contact.locator('bdi').getAttribute('dir')).toBe('ltr');
    expect(await summaryValue(page, ar('complaint.address.tenancy_reference'))).toBe('T-55120');
    expect(await summaryValueCell(page, ar('complaint.address.tenancy_reference')).locator('bdi').getAttribute('dir')).toBe('ltr');
    expect(await summaryValue(page, ar('check.name'))).toBe('سارة أحمد');
    await expectNoAxeViolations(page);
    await tabTo(page, byName(ar('check.send'), 'BUTTON'), 'Send complaint', { max: 40 });
    await page.keyboard.press('Enter');
    await onArabicPage('/complaint/confirmation', 'confirmation.title');
    // The reference keeps its own (left-to-right) direction inside the right-to-left page.
    const reference = page.getByTestId('reference');
    const sent = (await reference.innerText()).trim();
    expect(sent).toMatch(REFERENCE);
    expect(await reference.getAttribute('dir')).toBe('ltr');
    // Dates in Arabic (Intl in the chosen language), the acknowledgement date 5 working days on (Code 6.2).
    const due = acknowledgeBy(londonDate(new Date()));
    const arabicMonth = /يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر/;
    const acknowledge = page.getByTestId('acknowledge-by');
    expect(await acknowledge.locator('time').getAttribute('datetime')).toBe(due);
    expect((await acknowledge.innerText()).trim()).toBe(
      await page.evaluate((iso) => {
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        const options = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
        return new Intl.DateTimeFormat('ar', options).format(new Date(Date.UTC(y, m - 1, d)));
      }, due),
    );
    expect(await acknowledge.innerText()).toMatch(arabicMonth);
    expect(await page.getByTestId('received').innerText()).toMatch(arabicMonth);
    await expectNoAxeViolations(page);
    // The receipt is kept on this phone: the list of complaints and drafts, in Arabic, shows it.
    await tabTo(page, byName(ar('confirmation.on_device'), 'A'), 'your complaints and drafts', { max: 40 });
    await page.keyboard.press('Enter');
    await onArabicPage('/drafts', 'drafts.title');
    await expect.poll(() => page.locator('main').getByText(sent, { exact: true }).getAttribute('dir')).toBe('ltr');
    await expectNoAxeViolations(page);
  });
});
