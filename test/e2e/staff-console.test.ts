/**
 * The staff console in Chromium, keyboard only, on a 320 px wide screen: the
 * first administrator is made from the command line (through the running
 * server, which holds the embedded database), sets a password from the printed
 * link, signs in, adds an officer, who sets a password and signs in. Every
 * console page, in each of its states, is checked with axe; nothing scrolls sideways.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { horizontalOverflow } from '../support/browser.ts';
import { runStaffCli } from '../support/staff.ts';
import {
  expectAccessible,
  expectErrorSummary,
  expectFieldError,
  expectPage,
  focusIndicator,
  focused,
  NARROW,
  sessionPerTest,
  type Focused,
} from './helpers.ts';

const sessions = sessionPerTest();
const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run staff -- …` against the e2e server's data directory: the server holds it, so the command goes through it. */
const staffCli = (args: string[]) => runStaffCli(args, { DATA_DIR: inject('appDataDir'), DATABASE_URL: '' });

/** The one-time link's token (after `#`), from whatever address the server printed. */
const tokenIn = (text: string) => {
  const match = /\/staff\/set-password#([\w-]{43})/.exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
};

/** Tab (or Shift+Tab) until `matches`, each stop showing focus; fails with the path taken. */
async function tabTo(page: Page, matches: (el: Focused) => boolean, what: string, key: 'Tab' | 'Shift+Tab' = 'Tab') {
  const taken: string[] = [];
  for (let presses = 0; presses < 30; presses++) {
    await page.keyboard.press(key);
    const el = await focused(page);
    taken.push(`${el.tag}#${el.id}[${el.name}]`);
    expect(await focusIndicator(page), `a visible focus indicator on ${taken.at(-1)}`).not.toBe('');
    if (matches(el)) return;
  }
  throw new Error(`${what} not reached; focus went:\n  ${taken.join('\n  ')}`);
}
const byId = (id: string) => (el: Focused) => el.id === id;
const byName = (name: string, tag?: string) => (el: Focused) => el.name === name && (!tag || el.tag === tag);

/** A console page: its heading focused (after a navigation), axe clean, no sideways scrolling at 320 px. */
async function expectConsolePage(page: Page, pathname: string, heading: string, options: { focusHeading?: boolean } = {}) {
  await expectPage(page, pathname, heading, options);
  await expectAccessible(page);
  expect(await horizontalOverflow(page), `no sideways scrolling on ${pathname}`).toBe(0);
}

/** The address of a "Remove …?" page, once it is shown. */
async function removePagePath(page: Page): Promise<string> {
  await page.waitForURL(/\/staff\/members\/[\w-]+\/remove$/);
  return new URL(page.url()).pathname;
}

/**
 * Presses a key that sends a request, and waits for its answer: hashing a password takes a
 * moment, longer on a busy machine, so the page is checked once the server has answered.
 */
async function pressAndAnswer(page: Page, key: string, api: string | RegExp) {
  const answered = (pathname: string) => (typeof api === 'string' ? pathname === api : api.test(pathname));
  await Promise.all([page.waitForResponse((response) => answered(new URL(response.url()).pathname)), page.keyboard.press(key)]);
}

async function typeInto(page: Page, id: string, text: string) {
  await tabTo(page, byId(id), `#${id}`);
  await page.keyboard.type(text);
}

async function setPasswordFromLink(page: Page, token: string, who: string, password: string) {
  await page.goto(`/staff/set-password#${token}`);
  await expectConsolePage(page, '/staff/set-password', 'Set your password', { focusHeading: false });
  // The token is taken out of the address bar (and history) once read.
  expect(new URL(page.url()).hash).toBe('');
  await expect.poll(() => page.getByTestId('link-holder').innerText()).toBe(`For ${who}`);

  // Too short, and not typed again: both said, beside each field and in the summary.
  await typeInto(page, 'password', 'too short');
  await page.keyboard.press('Enter');
  await expectErrorSummary(page, ['Password must be 12 characters or more', 'Type the password again']);
  await expectFieldError(page, 'password', 'Password must be 12 characters or more');
  await expectAccessible(page);

  await tabTo(page, byId('password'), '#password');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(password);
  await tabTo(page, byId('confirm'), '#confirm');
  await page.keyboard.type(`${password}!`);
  await page.keyboard.press('Enter');
  await expectErrorSummary(page, ['The passwords do not match']);
  await tabTo(page, byId('confirm'), '#confirm');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await pressAndAnswer(page, 'Enter', '/api/staff/password');
  await expectConsolePage(page, '/staff/sign-in', 'Sign in to the complaints console');
  await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('Your password is set. Sign in with it now.');
}

async function signIn(page: Page, email: string, password: string) {
  await typeInto(page, 'email', email);
  await typeInto(page, 'password', password);
  await pressAndAnswer(page, 'Enter', '/api/staff/sign-in');
  await expectConsolePage(page, '/staff', 'Complaints');
  // The console opens on the queue of complaints.
  await expect.poll(() => page.getByTestId('queue-count').innerText()).toMatch(/^\d+ complaints?\./);
}

async function signOut(page: Page) {
  await tabTo(page, byName('Sign out', 'BUTTON'), 'Sign out', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expectConsolePage(page, '/staff/sign-in', 'Sign in to the complaints console');
  await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('You have signed out.');
}

describe('the staff console', () => {
  it('is opened by an administrator made from the command line, who adds an officer; keyboard only, at 320 px', async () => {
    const suffix = Date.now().toString(36);
    const adminEmail = `admin-${suffix}@council.example`;
    const officerEmail = `officer-${suffix}@council.example`;
    const added = await staffCli(['add', '--email', adminEmail, '--name', 'Ann Admin', '--role', 'admin']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const adminToken = tokenIn(added.stdout);

    const { page } = await sessions.open(NARROW);

    // Signed out, the console sends you to sign in (and back after).
    await page.goto('/staff/members');
    await expectConsolePage(page, '/staff/sign-in', 'Sign in to the complaints console', { focusHeading: false });
    expect(new URL(page.url()).searchParams.get('next')).toBe('/staff/members');

    // A link that does not work says so.
    await page.goto('/staff/set-password#not-a-real-token');
    await expectConsolePage(page, '/staff/set-password', 'This link cannot be used', { focusHeading: false });

    await setPasswordFromLink(page, adminToken, `Ann Admin (${adminEmail})`, 'three random words');

    // A wrong password: the same message whoever you are, at the top and beside the field.
    await typeInto(page, 'email', adminEmail);
    await typeInto(page, 'password', 'not the password');
    await pressAndAnswer(page, 'Enter', '/api/staff/sign-in');
    await expectErrorSummary(page, ['The email address or password is not right']);
    await expectAccessible(page);
    await tabTo(page, byId('password'), '#password');
    await page.keyboard.type('three random words');
    await pressAndAnswer(page, 'Enter', '/api/staff/sign-in');
    await expectConsolePage(page, '/staff', 'Complaints');

    // To the staff members page by its link in the console's navigation.
    await tabTo(page, byName('Staff members', 'A'), 'the Staff members link', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expectConsolePage(page, '/staff/members', 'Staff members');
    await expect.poll(() => page.getByTestId('staff-list').innerText()).toContain('Ann Admin (you)');

    // Add an officer: errors first, then the form filled in; the role chosen with the arrow keys.
    await tabTo(page, byName('Add', 'BUTTON'), 'the Add button');
    await page.keyboard.press('Enter');
    await expectErrorSummary(page, ['Enter their full name', 'Enter an email address', 'Select a role']);
    await expectAccessible(page);
    await typeInto(page, 'name', 'Olu Officer');
    await typeInto(page, 'email', officerEmail);
    await tabTo(page, byId('role'), 'the first role');
    await page.keyboard.press('Space');
    expect(await page.locator('#role').isChecked()).toBe(true);
    await tabTo(page, byName('Add', 'BUTTON'), 'the Add button');
    await pressAndAnswer(page, 'Enter', '/api/staff/members');
    const link = page.getByTestId('staff-link');
    await expect.poll(() => link.getByRole('heading').innerText()).toBe('Link for Olu Officer');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('staff-link-title');
    const officerToken = tokenIn(await page.getByTestId('staff-link-url').inputValue());
    await expect.poll(() => page.getByTestId('staff-list').innerText()).toContain('Olu Officer');
    await expectAccessible(page);
    expect(await horizontalOverflow(page)).toBe(0);

    await signOut(page);

    // The officer, in a browser of their own.
    const officer = await sessions.browser().newContext({ viewport: NARROW, baseURL: inject('appUrl'), locale: 'en-GB' });
    try {
      const officerPage = await officer.newPage();
      const errors: string[] = [];
      officerPage.on('pageerror', (error) => errors.push(error.message));
      await setPasswordFromLink(officerPage, officerToken, `Olu Officer (${officerEmail})`, 'officer has a long password');
      await signIn(officerPage, officerEmail, 'officer has a long password');
      // No staff members page for an officer: not in the navigation, and not by its address.
      expect(await officerPage.getByRole('link', { name: 'Staff members' }).count()).toBe(0);
      await officerPage.goto('/staff/members');
      await expectPage(officerPage, '/staff', 'Complaints', { focusHeading: false });
      expect(errors).toEqual([]);
    } finally {
      await officer.close();
    }

    // The administrator removes the officer, after confirming.
    await signIn(page, adminEmail, 'three random words');
    await tabTo(page, byName('Staff members', 'A'), 'the Staff members link', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expectConsolePage(page, '/staff/members', 'Staff members');
    // The list is asked for once the page shows: Tab goes through it once it is there.
    await expect.poll(() => page.getByTestId('staff-list').innerText()).toContain('Olu Officer');
    await tabTo(page, byName('Remove Olu Officer', 'A'), 'Remove Olu Officer');
    await page.keyboard.press('Enter');
    await expectConsolePage(page, await removePagePath(page), 'Remove Olu Officer?');
    await tabTo(page, byName('Yes, remove', 'BUTTON'), 'Yes, remove');
    await pressAndAnswer(page, 'Enter', /^\/api\/staff\/members\/[\w-]+$/);
    await expectConsolePage(page, '/staff/members', 'Staff members');
    await expect.poll(() => page.getByTestId('staff-notice').innerText()).toBe('Olu Officer has been removed and signed out.');
    expect(await page.getByTestId('staff-list').innerText()).not.toContain('Olu Officer');

    // The last administrator cannot remove themselves: the server refuses, the page says why.
    await tabTo(page, byName('Remove Ann Admin', 'A'), 'Remove Ann Admin');
    await page.keyboard.press('Enter');
    await expectConsolePage(page, await removePagePath(page), 'Remove Ann Admin?');
    await tabTo(page, byName('Yes, remove', 'BUTTON'), 'Yes, remove');
    await pressAndAnswer(page, 'Enter', /^\/api\/staff\/members\/[\w-]+$/);
    await expectErrorSummary(page, ['You cannot remove the last administrator. Add another administrator first']);
    await expectAccessible(page);
  }, 300_000); // two people's whole journeys, key by key with axe at each state: minutes on a busy machine

  it('says when to try again after too many attempts', async () => {
    const { page } = await sessions.open(NARROW);
    await page.goto('/staff/sign-in');
    await expectPage(page, '/staff/sign-in', 'Sign in to the complaints console', { focusHeading: false });
    // Five wrong passwords for one account (none exists: the limit counts attempts, not accounts).
    const email = `nobody-${Date.now().toString(36)}@council.example`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await page.request.post('/api/staff/sign-in', {
        data: { email, password: `wrong password ${attempt}` },
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(response.status()).toBe(401);
    }
    await typeInto(page, 'email', email);
    await typeInto(page, 'password', 'yet another guess');
    await pressAndAnswer(page, 'Enter', '/api/staff/sign-in');
    const summary = await expectErrorSummary(page, [expect.stringMatching(/^Too many attempts to sign in\. Try again after .+ at \d\d:\d\d$/) as unknown as string]);
    expect(await summary.innerText()).toContain('Try again after');
    await expectAccessible(page);

  });

  it.each(['cy', 'ar'] as const)('is in the reader\'s language (%s), right to left included', async (lng) => {
    const strings = JSON.parse(fs.readFileSync(path.join(ROOT, `client/staff/locales/${lng}.json`), 'utf8')) as {
      staff: { sign_in: { title: string } };
    };
    const { page } = await sessions.open(NARROW, { locale: lng });
    await page.goto('/staff/sign-in');
    await expect.poll(() => page.locator('main h1').innerText()).toBe(strings.staff.sign_in.title);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(lng === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(page);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
