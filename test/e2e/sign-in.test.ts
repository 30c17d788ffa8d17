/**
 * Signing in from another device (issue 10), in Chromium against the real server on a throwaway PostgreSQL,
 * with a real in-process SMTP server: the resident asks for a link (the form checked the GOV.UK way), reads the
 * email, opens the link and finds their complaint in "Your complaints and drafts", opens it, and signs out; a
 * representative signs in (in Welsh) and sees the complaint they made and not another; a used link says so.
 * Axe in English, Welsh and Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '../../shared/languages.ts';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { expectNoAxeViolations, horizontalOverflow, launchBrowser } from '../support/browser.ts';
import { makeComplaint } from '../support/lifecycle.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { NARROW, expectErrorSummary, expectFieldError, expectPage, localeText } from './helpers.ts';

let postgres: PostgresServer;
let server: RunningServer;
let smtp: TestSmtp;
let database: Database;
let browser: Browser;

const RESIDENT = 'ruth.resident@example.org';
const REPRESENTATIVE = 'rhys.rep@example.org';
const complaints: { ours: string; another: string } = { ours: '', another: '' };

beforeAll(async () => {
  postgres = startPostgres();
  smtp = await startSmtp();
  server = await startServer({ env: { DATABASE_URL: postgres.url, SMTP_URL: smtp.url } });
  database = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
  browser = await launchBrowser();
  // Made by Rhys for Ruth; and another of Rhys's neighbour's, made for her by someone else.
  complaints.ours = (await makeComplaint(database.db, { by: 'representative', residentEmail: RESIDENT, representativeEmail: REPRESENTATIVE })).reference;
  complaints.another = (await makeComplaint(database.db, { by: 'representative', residentEmail: 'nia@example.org', representativeEmail: 'someone@example.org' })).reference;
});

afterAll(async () => {
  await browser?.close();
  await database?.close();
  await server?.stop();
  await smtp?.close();
  postgres?.stop();
});

async function newPage(language: Language = 'en'): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: NARROW, locale: language === 'en' ? 'en-GB' : language });
  return context.newPage();
}

async function expectAccessible(page: Page) {
  await expectNoAxeViolations(page);
  expect(await horizontalOverflow(page), `no sideways scrolling on ${new URL(page.url()).pathname}`).toBe(0);
}

/** The sign-in email sent to `to` (the newest), polled for: its link's token (after `#`). */
async function linkFor(to: string, since: number): Promise<{ mail: ParsedMail; token: string }> {
  const isLink = (mail: ParsedMail) => (mail.to as { text: string } | undefined)?.text === to && /\/sign-in\/link#/.test(mail.text ?? '');
  await expect.poll(() => smtp.messages.slice(since).some(isLink), { timeout: 30_000 }).toBe(true);
  const mail = smtp.messages.slice(since).filter(isLink).at(-1)!;
  const token = /\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;
  return { mail, token };
}

/** Asks for a link on the sign-in page, in the page's language. */
async function askForLink(page: Page, email: string, language: Language = 'en') {
  await page.getByLabel(localeText(language, 'sign_in.email')).fill(email);
  await page.getByRole('button', { name: localeText(language, 'sign_in.submit') }).click();
  await expectPage(page, '/sign-in', localeText(language, 'sign_in.sent_title'), { language });
}

describe('signing in with an emailed link', () => {
  it('asks for an address the GOV.UK way, answers the same for an unknown one, and lets the resident in from the email', async () => {
    const page = await newPage();
    await page.goto('/sign-in');
    await expectPage(page, '/sign-in', 'Sign in to see your complaints', { focusHeading: false });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expectErrorSummary(page, ['Enter your email address']);
    await expectFieldError(page, 'email', 'Enter your email address');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expectFieldError(page, 'email', 'Enter an email address in the correct format, like name@example.com');
    await expectAccessible(page);

    // An address no complaint has gets the same answer, and no email.
    const before = smtp.messages.length;
    await askForLink(page, 'nobody@example.org');
    expect(await page.getByTestId('sent-to').innerText()).toBe('nobody@example.org');
    await page.getByRole('button', { name: 'Ask for another link' }).click();
    await askForLink(page, RESIDENT);
    const { mail, token } = await linkFor(RESIDENT, before);
    expect(mail.subject).toBe('Your link to sign in and see your complaints');
    expect(smtp.messages.slice(before).filter((m) => (m.to as { text: string }).text === 'nobody@example.org')).toEqual([]);

    await page.goto(`/sign-in/link#${token}`);
    await expectPage(page, '/drafts', 'Your complaints and drafts', { focusHeading: false });
    const mine = page.getByTestId('my-complaints');
    await expect.poll(() => mine.innerText()).toContain(complaints.ours);
    expect(await mine.innerText()).not.toContain(complaints.another);
    expect(await page.getByTestId('signed-in-email').innerText()).toBe(RESIDENT);
    await expectAccessible(page);

    await mine.getByRole('link', { name: complaints.ours }).click();
    await expectPage(page, `/complaints/${complaints.ours}`, 'Your complaint', { focusHeading: false });

    await page.goto('/drafts');
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('sign-in-link').count()).toBe(1);
    expect(await page.getByTestId('my-complaints').count()).toBe(0);
    // The session is over on the server too.
    expect((await page.request.get('/api/my/complaints')).status()).toBe(401);
  });

  it('lets the representative in, in Welsh, to the complaint they made and no other', async () => {
    const page = await newPage('cy');
    await page.goto('/sign-in');
    await expectPage(page, '/sign-in', localeText('cy', 'sign_in.title'), { focusHeading: false, language: 'cy' });
    const before = smtp.messages.length;
    await askForLink(page, REPRESENTATIVE, 'cy');
    await expectAccessible(page);
    const { token } = await linkFor(REPRESENTATIVE, before);
    await page.goto(`/sign-in/link#${token}`);
    await expectPage(page, '/drafts', localeText('cy', 'drafts.title'), { focusHeading: false, language: 'cy' });
    const mine = page.getByTestId('my-complaints');
    await expect.poll(() => mine.innerText()).toContain(complaints.ours);
    expect(await mine.innerText()).not.toContain(complaints.another);
    expect(await mine.innerText()).toContain(localeText('cy', 'sign_in.you_act_for'));
    await expectAccessible(page);
    // Another complaint's page does not open for them.
    expect((await page.request.get(`/api/complaints/${complaints.another}`)).status()).toBe(404);
  });

  it('says, in Arabic, when a link has already been used', async () => {
    const page = await newPage('ar');
    await page.goto('/sign-in');
    await expectAccessible(page);
    const before = smtp.messages.length;
    await askForLink(page, RESIDENT, 'ar');
    const { token } = await linkFor(RESIDENT, before);
    expect((await page.request.post('/api/sessions', { data: { token }, headers: { 'sec-fetch-site': 'same-origin' } })).status()).toBe(201);
    await page.goto(`/sign-in/link#${token}`);
    await expectPage(page, '/sign-in/link', localeText('ar', 'sign_in.link_used_title'), { focusHeading: false, language: 'ar' });
    // The token is out of the address bar.
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(page);
  });
});
