/**
 * The officers' side end to end, on its own server and database: an administrator made
 * from the command line sets a password and adds two officers; a resident makes a
 * complaint through the app; the first officer acknowledges and defines it, asks a
 * question, extends it (after a refusal shown beside the field) and responds; the resident
 * escalates through the API with the complaint's access token; the first officer is not
 * offered stage 2 (Code 6.13) and the second acknowledges and decides it. The figures then
 * count it. Every console page is checked with axe, at 320 px too, and one whole action
 * is done with the keyboard alone.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TIMESCALES } from '../../shared/code.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { expectNoAxeViolations, horizontalOverflow, launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import {
  DESKTOP,
  NARROW,
  REFERENCE,
  expectAccessible,
  expectErrorSummary,
  expectFieldError,
  focused,
  longDate,
  newSession,
  writeComplaint,
  type Session,
} from './helpers.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'a long staff password for the test';

let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const session of sessions) await session.close();
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
});

async function open(viewport = DESKTOP): Promise<Page> {
  const session = await newSession(browser, viewport, { baseURL: server.url });
  sessions.push(session);
  return session.page;
}

/** `npm run staff -- add …` against the running server's data directory: the one-time link it prints. */
async function addStaffFromCommandLine(email: string, name: string, role: 'admin' | 'officer'): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'staff', '--', 'add', '--email', email, '--name', name, '--role', role], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '', PUBLIC_URL: server.url },
  });
  const link = /https?:\/\/\S+/.exec(stdout)?.[0];
  expect(link, `a set-password link in:\n${stdout}`).toBeTruthy();
  return link!;
}

/** A link printed or shown for another origin, opened on this server. */
const onServer = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}${url.hash}`;
};

/** Waits for a console page: its heading, shown in full. */
async function expectHeading(page: Page, heading: string | RegExp): Promise<void> {
  await expect.poll(() => page.locator('main h1').innerText(), { message: `h1 ${heading}` }).toMatch(heading instanceof RegExp ? heading : new RegExp(`^${heading}$`));
}

/** axe on the page as it is, on a desktop and at 400% zoom (320 CSS px), which must reflow without sideways scrolling. */
async function expectConsolePageAccessible(page: Page): Promise<void> {
  await expectAccessible(page);
  const size = page.viewportSize()!;
  await page.setViewportSize(NARROW);
  await expectAccessible(page);
  expect(await horizontalOverflow(page), `no sideways scrolling at 320 px on ${page.url()}`).toBe(0);
  await page.setViewportSize(size);
}

// ---------------------------------------------------------------------------
// Staff sign-in and staff members (client/staff/views/Staff*View.vue)

async function setPassword(page: Page, link: string): Promise<void> {
  await page.goto(onServer(link));
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Type the new password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL((url) => url.pathname === '/staff/sign-in');
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The console opens on the queue.
  await page.waitForURL((url) => url.pathname === '/staff');
  await expectHeading(page, 'Complaints');
}

/** An administrator adds an officer in the console: the one-time link it shows. */
async function addMember(page: Page, name: string, email: string): Promise<string> {
  await page.goto('/staff/members');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Complaints officer').check();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { name: `Link for ${name}` }).count()).toBe(1);
  const link = await page.getByTestId('staff-link-url').inputValue();
  expect(link).toContain('/staff/set-password#');
  return link;
}

// ---------------------------------------------------------------------------

/** Opens an action from the case page's "What you can do now" list. */
async function startAction(page: Page, name: string): Promise<void> {
  await page.getByTestId('actions').getByRole('link', { name, exact: true }).click();
  await expectHeading(page, name);
}

async function expectDone(page: Page, reference: string, message: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === `/staff/complaints/${reference}`);
  await expect.poll(() => page.getByTestId('done').innerText()).toContain(message);
}

async function fillDate(page: Page, id: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.locator(`#${id}`).fill(String(Number(day)));
  await page.locator(`#${id}-month`).fill(String(Number(month)));
  await page.locator(`#${id}-year`).fill(year!);
}

describe('a complaint from the app, through both stages in the console', () => {
  let admin: Page;
  let firstOfficer: Page;
  let secondOfficer: Page;
  let reference = '';
  let accessToken = '';

  it('starts with an administrator made on the command line, who sets a password and adds two officers', async () => {
    const link = await addStaffFromCommandLine('admin@landlord.example', 'Ada Administrator', 'admin');
    admin = await open();
    await setPassword(admin, link);
    await signIn(admin, 'admin@landlord.example');
    const first = await addMember(admin, 'Olu Officer', 'olu@landlord.example');
    const second = await addMember(admin, 'Sam Second', 'sam@landlord.example');
    await expectConsolePageAccessible(admin);

    firstOfficer = await open();
    await setPassword(firstOfficer, first);
    await signIn(firstOfficer, 'olu@landlord.example');
    secondOfficer = await open();
    await setPassword(secondOfficer, second);
    await signIn(secondOfficer, 'sam@landlord.example');
  });

  it('receives a complaint made through the resident app', async () => {
    const resident = await open();
    await writeComplaint(resident, {
      description: 'The mould in the bedroom came back after the repair.',
      support: async (page) => {
        await page.getByLabel('Yes', { exact: true }).check();
        await page.getByLabel('What support or changes are needed?').fill('Letters in large print, please.');
        await page.getByLabel('I agree that Riverside Community Homes can keep this information to make these changes').check();
      },
    });
    const sent = resident.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await resident.getByRole('button', { name: 'Send complaint' }).click();
    const receipt = (await (await sent).json()) as { reference: string; accessToken: string };
    reference = receipt.reference;
    accessToken = receipt.accessToken;
    expect(reference).toMatch(REFERENCE);
    expect(accessToken, 'the receipt carries the access token for the resident\'s phone').toBeTruthy();
  });

  it('shows it in the queue with its acknowledgement deadline, filtered by a GET form the address keeps', async () => {
    const page = firstOfficer;
    await page.goto('/staff/complaints');
    await expectHeading(page, 'Complaints');
    const item = page.getByTestId('queue').getByRole('listitem').filter({ hasText: reference });
    await expect.poll(() => item.count()).toBe(1);
    const today = londonDate(new Date());
    expect(await item.innerText()).toContain(`Acknowledge stage 1: ${longDate(addWorkingDays(today, TIMESCALES.stage1Acknowledge))}`);
    await expectConsolePageAccessible(page);

    await page.getByLabel('Stage').selectOption('2');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('stage') === '2');
    await expect.poll(() => page.getByTestId('queue-count').innerText()).toMatch(/^0 complaints\./);
    // The address holds the filter: opened afresh, the form and the list follow it.
    await page.reload();
    await expect.poll(() => page.getByLabel('Stage').inputValue()).toBe('2');
    await page.getByLabel('Stage').selectOption('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => !url.searchParams.has('stage'));
    await item.getByRole('link').click();
    await expectHeading(page, reference);
  });

  it('lets the first officer acknowledge and define it, then shows the new state and the response deadline', async () => {
    const page = firstOfficer;
    const today = londonDate(new Date());
    // Code 5.10: the support the resident asked for, first (they agreed to its being kept).
    const adjustments = page.getByRole('region', { name: 'Support needs and reasonable adjustments' });
    expect(await adjustments.innerText()).toContain('Letters in large print, please.');
    expect(await adjustments.evaluate((el) => el.compareDocumentPosition(document.querySelector('[data-testid="deadlines"]')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Acknowledge stage 1: ${longDate(addWorkingDays(today, 5))}`);
    // Only what the state machine allows now: no response before an acknowledgement.
    const offered = await page.getByTestId('actions').getByRole('link').allInnerTexts();
    expect(offered).toContain('Acknowledge and define the complaint');
    expect(offered).not.toContain('Send the response');
    await expectConsolePageAccessible(page);

    await startAction(page, 'Acknowledge and define the complaint');
    await expectConsolePageAccessible(page);
    // Sent empty: the server's refusals, beside each field and in the summary.
    await page.getByRole('button', { name: 'Acknowledge the complaint' }).click();
    await expectErrorSummary(page, [
      'Choose a category',
      'Write our understanding of the complaint',
      'Write the outcome the resident wants',
      'Write at least one point to decide',
      'Write what we are responsible for',
    ]);
    await expectFieldError(page, 'acknowledge-definition-understanding', 'Write our understanding of the complaint');
    await expectConsolePageAccessible(page);

    await page.getByLabel('Category').selectOption('damp_and_mould');
    await page.getByLabel('Our understanding of the complaint').fill('The bedroom mould came back after the repair in the spring.');
    await page.getByLabel('The outcome the resident wants').fill('The cause of the damp found and fixed.');
    await page.getByLabel('Point 1').fill('The repair did not last');
    await page.getByRole('button', { name: 'Add another point' }).click();
    await expect.poll(() => focused(page).then((f) => f.id)).toBe('acknowledge-definition-points-1');
    await page.getByLabel('Point 2').fill('Nobody came back to check');
    await page.getByLabel('What we are responsible for', { exact: true }).fill('The repair and the follow-up visit.');
    await page.getByRole('button', { name: 'Acknowledge the complaint' }).click();

    await expectDone(page, reference, 'Complaint acknowledged');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 1: Acknowledged.');
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Stage 1 response: ${longDate(addWorkingDays(today, TIMESCALES.stage1Response))}`);
    expect(await page.getByTestId('timeline').innerText()).toContain('Stage 1 acknowledged and defined');
    expect(await page.getByTestId('timeline').innerText()).toContain('Olu Officer');
    await expectConsolePageAccessible(page);
  });

  it('asks the resident a question with the keyboard alone', async () => {
    const page = firstOfficer;
    const link = page.getByTestId('actions').getByRole('link', { name: 'Ask the resident a question' });
    await link.focus();
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Ask the resident a question');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id, 'Tab from the heading reaches the question').toBe('ask_clarification-question');
    await page.keyboard.type('Which room has the mould now, and since when?');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Send the question');
    await page.keyboard.press('Enter');
    await expectDone(page, reference, 'Question sent to the resident');
    expect(await page.getByRole('region', { name: 'Questions waiting for an answer' }).innerText()).toContain('Which room has the mould now');
  });

  it('extends the response, refusing more than the Code allows without an exceptional reason', async () => {
    const page = firstOfficer;
    await startAction(page, 'Extend the response date');
    await page.getByLabel('How many working days?').fill('11');
    await page.getByLabel('Reason for the resident').fill('We need a damp survey first.');
    await page.getByRole('button', { name: 'Extend the response date' }).click();
    // Code 6.4: more than 10 working days at stage 1 only with an exceptional reason; the server says so at the field.
    const message = 'This takes the extensions past the Code\'s limit: give an exceptional reason';
    await expectErrorSummary(page, [message]);
    await expectFieldError(page, 'extend-exceptionalReason', message);
    await expectConsolePageAccessible(page);
    await page.getByLabel('How many working days?').fill('5');
    await page.getByRole('button', { name: 'Extend the response date' }).click();
    await expectDone(page, reference, 'Response date extended');
    const today = londonDate(new Date());
    const respondBy = addWorkingDays(addWorkingDays(today, TIMESCALES.stage1Response), 5);
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Stage 1 response: ${longDate(respondBy)}`);
    expect(await page.getByTestId('timeline').innerText()).toContain(`By 5 working days, to ${longDate(respondBy)}`);
  });

  it('sends the stage 1 response built from its parts', async () => {
    const page = firstOfficer;
    await startAction(page, 'Send the response');
    await expectConsolePageAccessible(page);
    await page.getByRole('group', { name: 'Decision on point 1' }).getByLabel('Upheld', { exact: true }).check();
    await page.getByLabel('Reasons for the decision on point 1').fill('The repair treated the surface, not the cause.');
    await page.getByRole('group', { name: 'Decision on point 2' }).getByLabel('Not upheld', { exact: true }).check();
    await page.getByLabel('Reasons for the decision on point 2').fill('An inspector visited on the date agreed.');
    // A point upheld with no remedy: the server refuses (Code 7.1) and the summary links to adding one.
    await page.getByRole('button', { name: 'Send the response' }).click();
    await expectErrorSummary(page, ['Add a remedy: say what will be done to put things right, and by when']);
    await page.getByRole('button', { name: 'Add a remedy' }).click();
    await page.getByLabel('What will happen (remedy 1)').fill('A damp survey and the work it finds needed.');
    await fillDate(page, 'respond-remedies-0-dueOn', addWorkingDays(londonDate(new Date()), 15));
    await page.getByRole('button', { name: 'Send the response' }).click();
    await expectDone(page, reference, 'Response sent');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 1: Response sent.');
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('Stage 1 response sent');
    expect(timeline).toContain('Outcome: Partly upheld');
  });

  it('escalates through the API with the resident\'s access token, and stage 2 goes to another officer (Code 6.13)', async () => {
    const response = await fetch(`${server.url}/api/complaints/${reference}/escalate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(200);

    const page = firstOfficer;
    await page.reload();
    await expectHeading(page, reference);
    expect(await page.getByTestId('case-notices').innerText()).toContain(
      'Olu Officer decided stage 1, so another officer must acknowledge and decide stage 2 (Code 6.13).',
    );
    const offered = await page.getByTestId('actions').getByRole('link').allInnerTexts();
    expect(offered).not.toContain('Acknowledge and define the complaint');
    // Opened by its address all the same, the page says why not.
    await page.goto(`/staff/complaints/${reference}/acknowledge`);
    await expectHeading(page, 'This cannot be done now');
    expect(await page.locator('main').innerText()).toContain('You decided stage 1, so another officer must decide stage 2 (Code 6.13)');
    await expectConsolePageAccessible(page);
  });

  it('lets the second officer acknowledge stage 2 and send the final response', async () => {
    const page = secondOfficer;
    await page.goto(`/staff/complaints?stage=2`);
    const item = page.getByTestId('queue').getByRole('listitem').filter({ hasText: reference });
    await expect.poll(() => item.count()).toBe(1);
    await item.getByRole('link').click();
    await expectHeading(page, reference);
    await startAction(page, 'Acknowledge and define the complaint');
    // The stage 1 definition is the starting point.
    expect(await page.getByLabel('Point 2').inputValue()).toBe('Nobody came back to check');
    await page.getByRole('button', { name: 'Acknowledge the complaint' }).click();
    await expectDone(page, reference, 'Complaint acknowledged');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 2: Acknowledged.');

    await startAction(page, 'Send the response');
    for (const n of [1, 2]) {
      await page.getByRole('group', { name: `Decision on point ${n}` }).getByLabel('Not upheld', { exact: true }).check();
      await page.getByLabel(`Reasons for the decision on point ${n}`).fill('The stage 1 remedy already puts this right.');
    }
    await page.getByRole('button', { name: 'Send the response' }).click();
    await expectDone(page, reference, 'Response sent');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 2: Closed.');
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('Stage 2 response sent');
    expect(timeline).toContain('Sam Second');
    expect(timeline).toContain('Complaint closed');
    await expectConsolePageAccessible(page);
  });

  it('counts it in the performance figures, as a page and as a CSV file', async () => {
    const page = secondOfficer;
    await page.goto('/staff/reports');
    await expectHeading(page, 'Performance figures');
    await expect.poll(() => page.getByTestId('figure-received').innerText()).toBe('1');
    const timeliness = await page.getByTestId('timeliness').innerText();
    expect(timeliness).toMatch(/Acknowledged in time[^\n]*\t1 of 1 \(100%\)\t1 of 1 \(100%\)/);
    expect(await page.getByTestId('categories').innerText()).toMatch(/Damp and mould\t1/);
    await expectConsolePageAccessible(page);

    const href = await page.getByTestId('report-csv').getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\r\n')[0]).toBe('section,stage,measure,value');
    expect(csv).toContain('by_category,,damp_and_mould,1');
    expect(csv).toContain('timeliness,1,acknowledgedWithinTimescale,1');

    // A period that ends before it starts: the server's refusal, beside the field.
    await page.goto('/staff/reports?from=2026-06-01&to=2026-01-01');
    await expectErrorSummary(page, ['Enter a real date, on or after the start of the period']);
    await expectFieldError(page, 'period-query-to', 'Enter a real date, on or after the start of the period');
    await expectConsolePageAccessible(page);
  });
});
