/**
 * Shared steps for the end-to-end tests: a fresh browser context per test,
 * waiting for a page of the journey the way a person would notice it (the URL,
 * the heading, focus on the heading), and the answers a resident gives.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { OMBUDSMAN } from '../../shared/code.ts';
import { londonDate } from '../../shared/working-days.ts';
import { REFERENCE_PATTERN } from '../../shared/reference.ts';
import { ROUTE_TABLE } from '../../client/router/route-table.ts';
import type { Language } from '../../shared/languages.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';

export const PHONE = { width: 390, height: 844 };
export const NARROW = { width: 320, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export const SERVICE_NAME = 'Make or follow a complaint';

type Tree = { [key: string]: string | boolean | Tree };
const readLocale = (dir: string, lng: Language): Tree =>
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../client/${dir}/locales/${lng}.json`), 'utf8'));
/** `from` merged into `into`, key by key, as the app merges a part's strings into its own (client/i18n/strings-part.ts). */
const mergedTree = (into: Tree, from: Tree): Tree => {
  const out: Tree = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = typeof value === 'object' && typeof existing === 'object' ? mergedTree(existing, value) : value;
  }
  return out;
};
/** The app's strings in a language, with those of the complaint pages (client/follow/locales). */
const locale = (lng: Language): Tree => mergedTree(readLocale('i18n', lng), readLocale('follow', lng));
/** A string from a locale file, with {{landlord}} filled in as the app does. */
export function localeText(lng: Language, key: string): string {
  let node: string | boolean | Tree = locale(lng);
  for (const part of key.split('.')) node = (node as Tree)[part]!;
  return String(node).replace('{{landlord}}', 'Riverside Community Homes');
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page: each test ends by expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}


/** A new context (own storage, own IndexedDB) and page, as a new visitor on the given screen. */
export async function newSession(
  browser: Browser,
  viewport = PHONE,
  options: { locale?: string | undefined; baseURL?: string } = {},
): Promise<Session> {
  const context = await browser.newContext({
    viewport,
    // A test file that runs its own server (test/e2e/console-journey.test.ts) points its sessions at it.
    baseURL: options.baseURL ?? inject('appUrl'),
    locale: options.locale ?? 'en-GB',
    timezoneId: 'Europe/London',
    // No service worker in the way of page.route().
    serviceWorkers: 'block',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    pageErrors,
    // A Content-Security-Policy violation in any page fails the test (test/support/csp-guard.ts).
    close: () => context.close(),
  };
}

/**
 * The hooks most test files share: one browser for the file, and a session per
 * test, closed after it and expected to have had no uncaught error (nor, see
 * test/support/csp-guard.ts, any Content-Security-Policy violation).
 */
export function sessionPerTest(): {
  open(viewport?: typeof PHONE, options?: { locale?: string | undefined }): Promise<Session>;
  current(): Session | undefined;
  browser(): Browser;
} {
  let browser: Browser | undefined;
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
  return {
    open: async (viewport = PHONE, options = {}) => (session = await newSession(browser!, viewport, options)),
    current: () => session,
    browser: () => browser!,
  };
}

/** What has focus now: enough to recognise a control by its id, name or label. */
export interface Focused {
  tag: string;
  id: string;
  type: string;
  /** The control's label, or its own text (links and buttons). */
  name: string;
}

/**
 * Says "offline" to the page's current document again. Chromium 150 keeps a context's
 * offline emulation for the network but forgets it for `navigator.onLine` on every new
 * document (a reload comes back with `onLine === true` while every request still fails),
 * which a phone with no signal never does. Call after a reload or navigation while offline.
 */
export async function reassertOffline(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  // Not detached: the emulation lasts as long as the session that set it.
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: '', id: '', type: '', name: '' };
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return {
      tag: el.tagName,
      id: el.id,
      type: el.getAttribute('type') ?? '',
      name: labelled.trim().replace(/\s+/g, ' '),
    };
  });
}

/**
 * Waits until the app shows `path` with the main heading `heading`, the
 * document title following it ("Error: " first if errors are shown), and,
 * after a navigation within the app, focus on the heading (router/route-focus.ts).
 */
export async function expectPage(
  page: Page,
  path: string,
  heading: string,
  options: { focusHeading?: boolean; language?: Language } = {},
): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
  await expect.poll(() => page.locator('main h1').innerText(), { message: `h1 on ${path}` }).toBe(heading);
  const service = options.language ? localeText(options.language, 'app.service_name') : SERVICE_NAME;
  await expect.poll(() => page.title(), { message: `title on ${path}` }).toBe(`${heading} – ${service}`);
  if (options.focusHeading ?? true) {
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent?.trim()), {
        message: `focus on the h1 of ${path}`,
      })
      .toBe(`H1:${heading}`);
  }
}

/**
 * How the focused element shows it has focus (WCAG 2.4.7): its drawn outline
 * or its box shadow, or '' when it shows nothing.
 */
export function focusIndicator(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const style = getComputedStyle(el);
    const transparent = /^rgba\(.*,\s*0\)$|^transparent$/.test(style.outlineColor);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent) {
      return `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
    }
    return style.boxShadow === 'none' ? '' : `box-shadow ${style.boxShadow}`;
  });
}

/** The route announcer (one polite live region) says the new page's heading after a navigation. */
export async function expectAnnounced(page: Page, heading: string): Promise<void> {
  const announcer = page.getByTestId('route-announcer');
  expect(await announcer.getAttribute('aria-live')).toBe('polite');
  await expect.poll(() => announcer.textContent(), { message: 'the new page is announced' }).toBe(heading);
}

/**
 * The order, from the left of the screen, in which `pieces` of the element's
 * text are shown: the order a reader sees them in, whatever the order in the text.
 */
export function visualOrder(element: Locator, pieces: string[]): Promise<string[]> {
  return element.evaluate((root, pieces) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const lefts = new Map<string, number>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const piece of pieces) {
        const at = node.textContent!.indexOf(piece);
        if (at < 0 || lefts.has(piece)) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + piece.length);
        lefts.set(piece, range.getBoundingClientRect().left);
      }
    }
    return [...lefts.entries()].sort((a, b) => a[1] - b[1]).map(([piece]) => piece);
  }, pieces);
}

/** Page states already checked by axe in this test file. */
const axeChecked = new Set<string>();

/**
 * Runs axe on the page as it is now, unless a page in the same state (path,
 * viewport width, heading, the elements in main and which of them with an id
 * are shown: so errors, revealed questions and listed files each make a new
 * state) was checked already in this file. Every state is checked; none twice.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const state = await page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main) return `${location.pathname}|no main`;
    const shown = [...main.querySelectorAll<HTMLElement>('[id]')].filter((el) => el.getClientRects().length > 0).map((el) => el.id);
    return [location.pathname, innerWidth, main.querySelector('h1')?.textContent?.trim(), main.querySelectorAll('*').length, ...shown].join('|');
  });
  if (axeChecked.has(state)) return;
  axeChecked.add(state);
  await expectNoAxeViolations(page);
}

export async function clickContinue(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** The shown error summary: asserts it is an alert, has focus and is first in the title. */
export async function expectErrorSummary(page: Page, messages: string[]): Promise<Locator> {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect.poll(() => summary.count(), { message: 'one error summary' }).toBe(1);
  await expect
    .poll(() => summary.getByRole('link').allInnerTexts(), { message: 'error summary links' })
    .toEqual(messages);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), { message: 'error summary has focus' })
    .toBe('error-summary');
  expect(await page.title()).toMatch(/^Error: /);
  return summary;
}

/**
 * The message shown beside a field (GOV.UK: `<id>-error`), read out after a
 * visually hidden "Error:" (`prefix`, in the page's language), and the field
 * (or, for radios and dates, its fieldset) pointing at it with aria-describedby.
 */
export async function expectFieldError(page: Page, fieldId: string, message: string, prefix = 'Error:'): Promise<void> {
  const error = page.locator(`#${fieldId}-error`);
  await expect.poll(async () => (await error.innerText()).replace(/\s+/g, ' ').trim()).toBe(`${prefix} ${message}`);
  const hidden = error.locator('.visually-hidden');
  expect((await hidden.innerText()).trim(), `the "${prefix}" before #${fieldId}-error is read, not seen`).toBe(prefix);
  expect((await hidden.boundingBox())?.width).toBeLessThanOrEqual(1);
  const describedBy = await page.evaluate((id) => {
    const field = document.getElementById(id);
    // A radio (which may be described by its own option's hint too) is described by its fieldset.
    const owners = [field, field?.closest('fieldset')];
    return owners.map((owner) => owner?.getAttribute('aria-describedby') ?? '').join(' ');
  }, fieldId);
  expect(describedBy.split(' '), `#${fieldId} is described by its error`).toContain(`${fieldId}-error`);
  // The error sits in the same form group as the field, so it shows beside it.
  const sameGroup = await page.evaluate(
    (id) => document.getElementById(`${id}-error`)?.closest('.form-group') === document.getElementById(id)?.closest('.form-group'),
    fieldId,
  );
  expect(sameGroup, `#${fieldId}-error is in the field's form group`).toBe(true);
}

/** Clicks an error summary link and expects focus on the field it names. */
export async function followSummaryLink(page: Page, message: string, fieldId: string): Promise<void> {
  await page.getByRole('alert').getByRole('link', { name: message }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(fieldId);
}

/** The value shown for a row of a GOV.UK summary list, found by its key exactly. */
export function summaryValue(page: Page, key: string): Promise<string> {
  return summaryValueCell(page, key).innerText();
}

export function summaryValueCell(page: Page, key: string): Locator {
  const row = page.locator('.summary-list__row').filter({ has: page.locator('dt', { hasText: exactly(key) }) });
  return row.locator('dd.summary-list__value');
}

export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** An ISO date some days or months before today in London, as the day, month and year typed. */
export function daysAgo(days: number): { iso: string; day: string; month: string; year: string } {
  const [y, m, d] = londonDate(new Date()).split('-').map(Number) as [number, number, number];
  return parts(new Date(Date.UTC(y, m - 1, d - days)));
}

export function monthsAgo(months: number): { iso: string; day: string; month: string; year: string } {
  const [y, m] = londonDate(new Date()).split('-').map(Number) as [number, number, number];
  // The 1st of the month, so no month is too short for the day.
  return parts(new Date(Date.UTC(y, m - 1 - months, 1)));
}

function parts(date: Date) {
  const iso = date.toISOString().slice(0, 10);
  return { iso, day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()) };
}

/** A UK date as a person reads it: "Friday 27 November 2026" (GOV.UK style, no comma). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  return `${part({ weekday: 'long' })} ${d} ${part({ month: 'long' })} ${y}`;
}

/**
 * A real PNG (RGB, one colour), encoded here so the test needs no fixture file.
 * Small enough that the app keeps it as a PNG rather than re-encoding it as JPEG.
 */
export function makePng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Code 3.7: the Housing Ombudsman's details, from shared/code.ts, in `scope`
 * (the home page, the confirmation): phone, email and website as working links.
 */
export async function expectOmbudsmanDetails(scope: Locator): Promise<void> {
  const section = scope.getByRole('region', { name: 'The Housing Ombudsman' });
  await expect.poll(() => section.count(), { message: 'one Ombudsman section' }).toBe(1);
  const phone = section.getByRole('link', { name: OMBUDSMAN.phone, exact: true });
  expect(await phone.getAttribute('href')).toBe(`tel:${OMBUDSMAN.phone.replace(/\s/g, '')}`);
  expect(await section.getByRole('link', { name: OMBUDSMAN.email, exact: true }).getAttribute('href')).toBe(`mailto:${OMBUDSMAN.email}`);
  const website = section.getByRole('link', { name: new URL(OMBUDSMAN.website).host, exact: true });
  expect(await website.getAttribute('href')).toBe(OMBUDSMAN.website);
  expect(await section.getByRole('link', { name: 'Complain to the Housing Ombudsman online' }).getAttribute('href')).toBe(
    OMBUDSMAN.complaintForm,
  );
  expect(await section.innerText()).toContain(OMBUDSMAN.address.join(', '));
}

/** "1 working day", "10 working days": how the pages write a timescale from shared/code.ts. */
export function workingDays(n: number): string {
  return n === 1 ? '1 working day' : `${n} working days`;
}

/** A JPEG's width and height, from its start-of-frame marker; throws if the bytes are not a JPEG. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) throw new Error(`bad JPEG marker at ${at}`);
    const marker = bytes[at + 1]!;
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  throw new Error('no JPEG frame header');
}

/** The complaint reference format: two groups of four from the unambiguous alphabet. */
export const REFERENCE = REFERENCE_PATTERN;

/** Every path of the route table, with a made-up value for each parameter and for the catch-all. */
export const ROUTE_PATHS: string[] = ROUTE_TABLE.map(({ path }) =>
  path.startsWith('/:pathMatch') ? '/nope' : path.replace(/:[a-zA-Z]+/g, 'no-such-id'),
);

/** What each route (ROUTE_PATHS) shows opened directly, with nothing answered yet and nothing sent. */
export const ROUTE_HEADINGS: Record<string, string> = {
  '/': 'Complain to Riverside Community Homes',
  '/complaint/who': 'Who is making this complaint?',
  '/complaint/representative': 'About you',
  '/complaint/name': 'What is your full name?',
  '/complaint/address': 'Where do you live?',
  '/complaint/contact': 'How should we contact you about your complaint?',
  '/complaint/what-happened': 'What went wrong?',
  '/complaint/when': 'When did it happen, or when did you find out about it?',
  '/complaint/time-limit': 'This was more than 12 months ago',
  '/complaint/service-request': 'Is this about a repair or something else you have already asked for?',
  '/complaint/others-affected': 'Does this affect other households too?',
  '/complaint/outcome': 'What would you like to happen to put things right?',
  '/complaint/evidence': 'Photos or documents (optional)',
  '/complaint/support': 'Do you need any support or changes to help you take part?',
  '/complaint/check': 'Check your answers before sending your complaint',
  '/complaint/confirmation': 'No complaint sent yet',
  '/complaint/outbox': 'Nothing waiting to be sent',
  '/drafts': 'Your complaints and drafts',
  '/drafts/no-such-id/delete': 'This draft is no longer on this phone',
  '/complaints/no-such-id': 'This complaint is not on this phone',
  '/complaints/no-such-id/not-quite-right': 'This complaint is not on this phone',
  '/complaints/no-such-id/questions/no-such-id': 'This complaint is not on this phone',
  '/complaints/no-such-id/stage-2': 'This complaint is not on this phone',
  '/complaints/no-such-id/summary': 'This complaint is not on this phone',
  '/complaints/no-such-id/message': 'This complaint is not on this phone',
  '/ombudsman': 'Taking your complaint to the Housing Ombudsman',
  '/sign-in': 'Sign in to see your complaints',
  // Opened with no token after `#`: a link that does not work.
  '/sign-in/link': 'This link does not work any more',
  '/nope': 'Page not found',
};


/** Continues, and waits for the next question's heading, so answers never land on the page being left. */
export async function continueTo(page: Page, title: string): Promise<void> {
  await clickContinue(page);
  await expect.poll(() => page.locator('main h1').first().innerText()).toBe(title);
}

/**
 * Answers every question of a resident's complaint from the start page, ending on "Check your answers":
 * `description` as what went wrong, and `contact` answering the contact page (email by default).
 */
export async function writeComplaint(
  page: Page,
  options: { description?: string; contact?: (page: Page) => Promise<void>; support?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start now' }).click();
  await expect.poll(() => page.locator('main h1').first().innerText()).toBe('Who is making this complaint?');
  await page.getByLabel('I am the resident').check();
  await continueTo(page, 'What is your full name?');
  await page.getByLabel('What is your full name?').fill('Amina Khan');
  await continueTo(page, 'Where do you live?');
  await page.getByLabel('Address').fill('4 Mill Lane, Exampletown EX1 2AB');
  await continueTo(page, 'How should we contact you about your complaint?');
  if (options.contact) await options.contact(page);
  else {
    await page.getByLabel('Email', { exact: true }).check();
    await page.getByLabel('Email address').fill('amina@example.org');
  }
  await continueTo(page, 'What went wrong?');
  await page.getByLabel('What went wrong?').fill(options.description ?? 'The mould in the bedroom came back.');
  await continueTo(page, 'When did it happen, or when did you find out about it?');
  const date = daysAgo(42);
  await page.getByLabel('Day').fill(date.day);
  await page.getByLabel('Month').fill(date.month);
  await page.getByLabel('Year').fill(date.year);
  await continueTo(page, 'Is this about a repair or something else you have already asked for?');
  await page.getByLabel('No', { exact: true }).check();
  await continueTo(page, 'Does this affect other households too?');
  await page.getByLabel('No', { exact: true }).check();
  await continueTo(page, 'What would you like to happen to put things right?');
  await page.getByLabel('What would you like to happen to put things right?').fill('Treat the mould and fix the leak.');
  await continueTo(page, 'Photos or documents (optional)');
  await continueTo(page, 'Do you need any support or changes to help you take part?');
  if (options.support) await options.support(page);
  else await page.getByLabel('No', { exact: true }).check();
  await continueTo(page, 'Check your answers before sending your complaint');
}
