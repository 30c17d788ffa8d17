/**
 * The officers' side end to end, on its own server and database (the figures count only
 * this file's complaint), keyboard only: every control is reached by focus and used with
 * keys, never clicked or filled. An administrator made from the command line sets a
 * password and adds two officers in the console; a resident makes a complaint through
 * the app; the first officer acknowledges and defines it, asks a question, extends it
 * (after a refusal shown beside the field) and responds; the resident escalates through
 * the API with the complaint's access token; the first officer is refused stage 2
 * (Code 6.13) by the page and by the server, and the second officer acknowledges and
 * decides it. The figures then count it, as a page and as CSV. Every console page is
 * checked with axe, on a desktop and at 320 px, with no sideways scrolling.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { TIMESCALES } from '../../shared/code.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { horizontalOverflow, launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { PNG_BYTES } from '../support/complaint-fixtures.ts';
import { runStaffCli } from '../support/staff.ts';
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

const PASSWORD = 'a long staff password for the test';

let server: RunningServer;
let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  const errors = sessions.flatMap((session) => session.pageErrors);
  for (const session of sessions) await session.close();
  await browser?.close();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
  expect(errors, 'uncaught errors in the pages').toEqual([]);
});

async function open(viewport = DESKTOP): Promise<Page> {
  const session = await newSession(browser, viewport, { baseURL: server.url });
  sessions.push(session);
  return session.page;
}

/** `npm run staff -- add …` against the running server's data directory (it goes through the server): the link it prints. */
async function addStaffFromCommandLine(email: string, name: string, role: 'admin' | 'officer'): Promise<string> {
  const { code, stdout, stderr } = await runStaffCli(['add', '--email', email, '--name', name, '--role', role], {
    DATA_DIR: server.dataDir,
    DATABASE_URL: '',
    PUBLIC_URL: server.url,
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const link = /https?:\/\/\S+\/staff\/set-password#\S+/.exec(stdout)?.[0];
  expect(link, `a set-password link in:\n${stdout}`).toBeTruthy();
  return link!;
}

/** A link printed or shown for this server, as a path on it. */
const onServer = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}${url.hash}`;
};

// ---------------------------------------------------------------------------
// Keyboard only: each control is focused, then used with the keys a person would press.

async function press(target: Locator, key = 'Enter'): Promise<void> {
  await target.focus();
  await target.page().keyboard.press(key);
}

/** Presses a button that sends a form to the API, and waits for the server's answer. */
async function submit(button: Locator): Promise<void> {
  const page = button.page();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/staff/') && r.request().method() !== 'GET');
  await press(button);
  await answered;
}

/** Polls for what a page shows: pages load and the server answers slowly on a busy machine. */
const eventually = <T>(value: () => T | Promise<T>, options: { message?: string } = {}) =>
  expect.poll(value, { timeout: 20_000, ...options });

/**
 * Replaces what a text field holds with `text`: selected and deleted with keys, then entered as the keyboard
 * enters text (insertText, one input event: key by key is slow on a busy machine; the question to the
 * resident below is typed key by key).
 */
async function typeInto(target: Locator, text: string): Promise<void> {
  await target.focus();
  const { keyboard } = target.page();
  await keyboard.press('ControlOrMeta+A');
  await keyboard.press('Delete');
  await keyboard.insertText(text);
}

/** Chooses an option of a select with the arrow keys (Home first, then Down until it is chosen). */
async function choose(select: Locator, label: string): Promise<void> {
  await select.focus();
  const { keyboard } = select.page();
  await keyboard.press('Home');
  for (let presses = 0; presses < 40; presses++) {
    if ((await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent?.trim())) === label) return;
    await keyboard.press('ArrowDown');
  }
  throw new Error(`"${label}" is not a choice of the select`);
}

/** Waits for a console page: its heading, shown in full. */
async function expectHeading(page: Page, heading: string): Promise<void> {
  await eventually(() => page.locator('main h1').innerText(), { message: `h1 ${heading}` }).toBe(heading);
}

/** axe on the page as it is, on a desktop and at 320 CSS px (400% zoom), which must reflow without sideways scrolling. */
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
  await expectHeading(page, 'Set your password');
  await expectConsolePageAccessible(page);
  await typeInto(page.getByLabel('New password', { exact: true }), PASSWORD);
  await typeInto(page.getByLabel('Type the new password again'), PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/staff/sign-in');
}

async function signIn(page: Page, email: string): Promise<void> {
  await expectHeading(page, 'Sign in to the complaints console');
  await typeInto(page.getByLabel('Email address'), email);
  await typeInto(page.getByLabel('Password', { exact: true }), PASSWORD);
  await page.keyboard.press('Enter');
  // The console opens on the queue.
  await page.waitForURL((url) => url.pathname === '/staff');
  await expectHeading(page, 'Complaints');
}

/** An administrator adds an officer in the console: the one-time link it shows. */
async function addMember(page: Page, name: string, email: string): Promise<string> {
  await typeInto(page.getByLabel('Full name'), name);
  await typeInto(page.getByLabel('Email address'), email);
  await press(page.getByLabel('Complaints officer'), 'Space');
  await submit(page.getByRole('button', { name: 'Add', exact: true }));
  await eventually(() => page.getByRole('heading', { name: `Link for ${name}` }).count()).toBe(1);
  const link = await page.getByTestId('staff-link-url').inputValue();
  expect(link).toContain('/staff/set-password#');
  return link;
}

// ---------------------------------------------------------------------------
// The case and its actions (client/staff/views/Case*View.vue)

/** Opens an action from the case page's "What you can do now" list. */
async function startAction(page: Page, name: string): Promise<void> {
  await press(page.getByTestId('actions').getByRole('link', { name, exact: true }));
  await expectHeading(page, name);
}

async function expectDone(page: Page, reference: string, message: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === `/staff/complaints/${reference}`);
  await eventually(() => page.getByTestId('done').innerText()).toContain(message);
}

async function typeDate(page: Page, id: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await typeInto(page.locator(`#${id}`), String(Number(day)));
  await typeInto(page.locator(`#${id}-month`), String(Number(month)));
  await typeInto(page.locator(`#${id}-year`), year!);
}

/** A decision on a point of the definition: its radio within the point's group, then the reasons. */
async function decide(page: Page, point: number, decision: string, reasons: string): Promise<void> {
  await press(page.getByRole('group', { name: `Decision on point ${point}` }).getByLabel(decision, { exact: true }), 'Space');
  await typeInto(page.getByLabel(`Reasons for the decision on point ${point}`), reasons);
}

describe('a complaint from the app, through both stages in the console', () => {
  let admin: Page;
  let firstOfficer: Page;
  let secondOfficer: Page;
  let reference = '';
  let accessToken = '';
  /** The officers' one-time links, as the administrator's page showed them. */
  const links: string[] = [];

  it('starts with an administrator made on the command line, who sets a password and adds two officers in the console', async () => {
    const link = await addStaffFromCommandLine('admin@landlord.example', 'Ada Administrator', 'admin');
    admin = await open();
    await setPassword(admin, link);
    await expectConsolePageAccessible(admin);
    await signIn(admin, 'admin@landlord.example');
    await press(admin.getByRole('navigation').getByRole('link', { name: 'Staff members' }));
    await expectHeading(admin, 'Staff members');
    await expectConsolePageAccessible(admin);
    links.push(await addMember(admin, 'Olu Officer', 'olu@landlord.example'));
    links.push(await addMember(admin, 'Sam Second', 'sam@landlord.example'));
    await expectConsolePageAccessible(admin);
  });

  it('lets each officer set a password from the link the console showed, and sign in', async () => {
    const [first, second] = links as [string, string];
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
        await page.getByLabel('Send these details').check();
      },
    });
    const sent = resident.waitForResponse((r) => new URL(r.url()).pathname === '/api/complaints' && r.request().method() === 'POST');
    await resident.getByRole('button', { name: 'Send complaint' }).click();
    const receipt = (await (await sent).json()) as { reference: string; accessToken: string };
    reference = receipt.reference;
    accessToken = receipt.accessToken;
    expect(reference).toMatch(REFERENCE);
    expect(accessToken, "the receipt carries the access token for the resident's phone").toBeTruthy();
  });

  it('shows it in the queue with its acknowledgement deadline, filtered by stage and status through the address', async () => {
    const page = firstOfficer;
    await page.goto('/staff/complaints');
    await expectHeading(page, 'Complaints');
    const item = page.getByTestId('queue').getByRole('listitem').filter({ hasText: reference });
    await eventually(() => item.count()).toBe(1);
    const today = londonDate(new Date());
    expect(await item.innerText()).toContain(`Acknowledge stage 1: ${longDate(addWorkingDays(today, TIMESCALES.stage1Acknowledge))}`);
    // Its support needs are flagged in the queue too, in words.
    expect(await item.innerText()).toContain('Has support needs');
    await expectConsolePageAccessible(page);

    await choose(page.getByLabel('Stage'), 'Stage 2');
    await press(page.getByRole('button', { name: 'Apply filters' }));
    await page.waitForURL((url) => url.searchParams.get('stage') === '2');
    await eventually(() => page.getByTestId('queue-count').innerText()).toMatch(/^0 complaints\./);
    // The address holds the filter: opened afresh, the form and the list follow it.
    await page.reload();
    await eventually(() => page.getByLabel('Stage').inputValue()).toBe('2');
    await choose(page.getByLabel('Stage'), 'Any stage');
    await choose(page.getByLabel('Status'), 'Received, not yet acknowledged');
    await press(page.getByRole('button', { name: 'Apply filters' }));
    await page.waitForURL((url) => !url.searchParams.has('stage') && url.searchParams.get('status') === 'received');
    await eventually(() => page.getByTestId('queue-count').innerText()).toMatch(/^1 complaint\./);
    await press(item.getByRole('link'));
    await expectHeading(page, reference);
  });

  it('lets the first officer acknowledge and define it, the server checking the form, then shows the new state', async () => {
    const page = firstOfficer;
    const today = londonDate(new Date());
    // Code 5.10: the support the resident asked for, before anything else (they agreed to its being kept).
    const adjustments = page.getByRole('region', { name: 'Support needs and reasonable adjustments' });
    expect(await adjustments.innerText()).toContain('Letters in large print, please.');
    const first = await page.locator('main section').first().getAttribute('data-testid');
    expect(first, 'the adjustments are the first section of the case').toBe('adjustments');
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Acknowledge stage 1: ${longDate(addWorkingDays(today, 5))}`);
    // Only what the state machine allows now: no response before an acknowledgement.
    const offered = await page.getByTestId('actions').getByRole('link').allInnerTexts();
    expect(offered).toContain('Acknowledge and define the complaint');
    expect(offered).not.toContain('Send the response');
    // The whole record, with who and when.
    expect(await page.getByTestId('timeline').innerText()).toContain('Complaint received');
    await expectConsolePageAccessible(page);

    await startAction(page, 'Acknowledge and define the complaint');
    await expectConsolePageAccessible(page);
    // Sent empty: the server's refusals, beside each field and in the summary, in the order of the page.
    await submit(page.getByRole('button', { name: 'Acknowledge the complaint' }));
    await expectErrorSummary(page, [
      'Choose a category',
      'Write our understanding of the complaint',
      'Write the outcome the resident wants',
      'Write at least one point to decide',
      'Write what we are responsible for',
    ]);
    await expectFieldError(page, 'acknowledge-definition-understanding', 'Write our understanding of the complaint');
    await expectFieldError(page, 'acknowledge-category', 'Choose a category');
    await expectConsolePageAccessible(page);

    await choose(page.getByLabel('Category'), 'Damp and mould');
    await typeInto(page.getByLabel('Our understanding of the complaint'), 'The bedroom mould came back after the repair in the spring.');
    await typeInto(page.getByLabel('The outcome the resident wants'), 'The cause of the damp found and fixed.');
    await typeInto(page.getByLabel('Point 1', { exact: true }), 'The repair did not last');
    await press(page.getByRole('button', { name: 'Add another point' }));
    await eventually(() => focused(page).then((f) => f.id)).toBe('acknowledge-definition-points-1');
    await page.keyboard.type('Nobody came back to check');
    await typeInto(page.getByLabel('What we are responsible for', { exact: true }), 'The repair and the follow-up visit.');
    await submit(page.getByRole('button', { name: 'Acknowledge the complaint' }));

    await expectDone(page, reference, 'Complaint acknowledged');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 1: Acknowledged.');
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Stage 1 response: ${longDate(addWorkingDays(today, TIMESCALES.stage1Response))}`);
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('Stage 1 acknowledged and defined');
    expect(timeline).toContain('Olu Officer');
    expect(timeline).toContain('Nobody came back to check');
    await expectConsolePageAccessible(page);
  });

  it('asks the resident a question, reaching it with Tab from the heading', async () => {
    const page = firstOfficer;
    await startAction(page, 'Ask the resident a question');
    await eventually(() => focused(page).then((f) => f.tag)).toBe('H1');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id, 'Tab from the heading reaches the question').toBe('ask_clarification-question');
    await page.keyboard.type('Which room has the mould now, and since when?');
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('Send the question');
    await expectConsolePageAccessible(page);
    await page.keyboard.press('Enter');
    await expectDone(page, reference, 'Question sent to the resident');
    expect(await page.getByRole('region', { name: 'Questions waiting for an answer' }).innerText()).toContain('Which room has the mould now');
  });

  it("sends the resident a message, refused empty beside its field; the resident's reply with a photo is on the case page to download (Code 6.8)", async () => {
    const page = firstOfficer;
    await startAction(page, 'Send the resident a message');
    await submit(page.getByRole('button', { name: 'Send the message' }));
    await expectErrorSummary(page, ['Write your message']);
    await expectFieldError(page, 'send_message-text', 'Write your message');
    await expectConsolePageAccessible(page);
    await typeInto(page.getByLabel('Your message'), 'Could you send us a photo of the wall?');
    await submit(page.getByRole('button', { name: 'Send the message' }));
    await expectDone(page, reference, 'Message sent');

    // The resident's phone answers with a photo (multipart, as the app's outbox sends it).
    const form = new FormData();
    form.append('message', new Blob([JSON.stringify({ text: 'Here is the wall this morning.' })], { type: 'application/json' }));
    form.append('attachments', new File([PNG_BYTES as Uint8Array<ArrayBuffer>], 'wall.png', { type: 'image/png' }), 'wall.png');
    const reply = await fetch(`${server.url}/api/complaints/${reference}/send-message`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': crypto.randomUUID() },
      body: form,
    });
    expect(reply.status).toBe(200);
    await page.reload();
    await expectHeading(page, reference);
    const messages = page.getByRole('region', { name: 'Messages' });
    await eventually(() => messages.innerText()).toContain('Here is the wall this morning.');
    expect(await messages.innerText()).toContain('From the complaints team');
    expect(await messages.innerText()).toContain('Could you send us a photo of the wall?');
    // The file downloads with the officer's session, byte for byte.
    const [download] = await Promise.all([page.waitForEvent('download'), messages.getByRole('link', { name: 'wall.png' }).click()]);
    expect(download.suggestedFilename()).toBe('wall.png');
    expect(new Uint8Array(fs.readFileSync((await download.path())!))).toEqual(PNG_BYTES);
    await expectConsolePageAccessible(page);
  });

  it('extends the response, refusing more than the Code allows without an exceptional reason', async () => {
    const page = firstOfficer;
    await startAction(page, 'Extend the response date');
    await typeInto(page.getByLabel('How many working days?'), '11');
    await typeInto(page.getByLabel('Reason for the resident'), 'We need a damp survey first.');
    await submit(page.getByRole('button', { name: 'Extend the response date' }));
    // Code 6.4: more than 10 working days at stage 1 only with an exceptional reason; the server says so at the field.
    const message = "This takes the extensions past the Code's limit: give an exceptional reason";
    await expectErrorSummary(page, [message]);
    await expectFieldError(page, 'extend-exceptionalReason', message);
    // Nothing typed is lost.
    expect(await page.getByLabel('Reason for the resident').inputValue()).toBe('We need a damp survey first.');
    await expectConsolePageAccessible(page);
    await typeInto(page.getByLabel('How many working days?'), '5');
    await submit(page.getByRole('button', { name: 'Extend the response date' }));
    await expectDone(page, reference, 'Response date extended');
    const respondBy = addWorkingDays(addWorkingDays(londonDate(new Date()), TIMESCALES.stage1Response), 5);
    expect(await page.getByTestId('deadlines').innerText()).toContain(`Stage 1 response: ${longDate(respondBy)}`);
    expect(await page.getByTestId('timeline').innerText()).toContain(`By 5 working days, to ${longDate(respondBy)}`);
  });

  it('sends the stage 1 response built from its parts (Code 6.9)', async () => {
    const page = firstOfficer;
    await startAction(page, 'Send the response');
    await expectConsolePageAccessible(page);
    await decide(page, 1, 'Upheld', 'The repair treated the surface, not the cause.');
    await decide(page, 2, 'Not upheld', 'An inspector visited on the date agreed.');
    // A point upheld with no remedy: the server refuses (Code 7.1) and the summary links to adding one.
    await submit(page.getByRole('button', { name: 'Send the response' }));
    await expectErrorSummary(page, ['Add a remedy: say what will be done to put things right, and by when']);
    await expectConsolePageAccessible(page);
    await press(page.getByRole('button', { name: 'Add a remedy' }));
    await eventually(() => focused(page).then((f) => f.id)).toBe('respond-remedies-0-description');
    await page.keyboard.type('A damp survey and the work it finds needed.');
    await typeDate(page, 'respond-remedies-0-dueOn', addWorkingDays(londonDate(new Date()), 15));
    await submit(page.getByRole('button', { name: 'Send the response' }));
    await expectDone(page, reference, 'Response sent');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 1: Response sent.');
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('Stage 1 response sent');
    expect(timeline).toContain('Outcome: Partly upheld');
    expect(timeline).toContain('A damp survey and the work it finds needed.');
  });

  it("escalates through the API with the resident's access token; the first officer is refused stage 2 (Code 6.13)", async () => {
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
    // And the server refuses it, whatever a page offers: a complete acknowledgement, sent from this officer's session.
    const body = {
      category: 'damp_and_mould',
      definition: { understanding: 'As at stage 1.', outcomeSought: 'As at stage 1.', points: ['The repair did not last'], responsibleFor: 'The repair.' },
    };
    const refused = await page.evaluate(
      async ({ url, body }) => {
        const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return { status: answer.status, code: ((await answer.json()) as { error: { code: string } }).error.code };
      },
      { url: `/api/staff/complaints/${reference}/acknowledge`, body },
    );
    expect(refused).toEqual({ status: 403, code: 'same_officer_stage2' });
  });

  it('lets the second officer acknowledge stage 2 and send the final response (Code 6.19)', async () => {
    const page = secondOfficer;
    await page.goto('/staff/complaints?stage=2');
    const item = page.getByTestId('queue').getByRole('listitem').filter({ hasText: reference });
    await eventually(() => item.count()).toBe(1);
    await press(item.getByRole('link'));
    await expectHeading(page, reference);
    await startAction(page, 'Acknowledge and define the complaint');
    // The stage 1 definition is the starting point.
    expect(await page.getByLabel('Point 2', { exact: true }).inputValue()).toBe('Nobody came back to check');
    await submit(page.getByRole('button', { name: 'Acknowledge the complaint' }));
    await expectDone(page, reference, 'Complaint acknowledged');
    expect(await page.getByTestId('done').innerText()).toContain('It is now at stage 2: Acknowledged.');

    await startAction(page, 'Send the response');
    for (const point of [1, 2]) await decide(page, point, 'Not upheld', 'The stage 1 remedy already puts this right.');
    await submit(page.getByRole('button', { name: 'Send the response' }));
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
    await press(page.getByRole('navigation').getByRole('link', { name: 'Performance figures' }));
    await expectHeading(page, 'Performance figures');
    await eventually(() => page.getByTestId('figure-received').innerText()).toBe('1');
    const timeliness = await page.getByTestId('timeliness').innerText();
    expect(timeliness).toMatch(/Acknowledged in time[^\n]*\t1 of 1 \(100%\)\t1 of 1 \(100%\)/);
    expect(await page.getByTestId('categories').innerText()).toMatch(/Damp and mould\t1/);
    expect(await page.getByTestId('outcomes').innerText()).toMatch(/Partly upheld\t1\t0/);
    await expectConsolePageAccessible(page);

    const href = await page.getByTestId('report-csv').getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\r\n')[0]).toBe('section,stage,measure,value');
    expect(csv).toContain('by_category,,damp_and_mould,1');
    expect(csv).toContain('timeliness,1,acknowledgedWithinTimescale,1');

    // A period that ends before it starts: the server's refusal, beside the field.
    await page.goto('/staff/reports?from=2026-06-01&to=2026-01-01');
    await expectErrorSummary(page, ['Enter a real date, on or after the start of the period']);
    await expectFieldError(page, 'period-to', 'Enter a real date, on or after the start of the period');
    await expectConsolePageAccessible(page);
  });
});
