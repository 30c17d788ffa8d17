/**
 * Following a complaint (issue 10), in Chromium with its service worker, against the real server on a
 * throwaway PostgreSQL, the landlord's side moved by the domain layer (applyAction) on the same database:
 * a resident makes a complaint in the app, finds it in "Your complaints and drafts", reads the landlord's
 * definition and says it is not quite right, answers a question, reads the stage 1 response with the
 * Code's checklist, escalates with no signal and no reason (delivered once), sees the stage 2 dates and the
 * Ombudsman's details, sends the complaints team a message with a photo and downloads the officer's reply's
 * document (Code 6.8), writes a message with no signal (sent once when back online), and opens the page offline
 * with its last-updated time. Axe in English, Welsh, Arabic.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { complaintEvents, complaints } from '../../server/db/schema.ts';
import { applyAction, type RequestedAction } from '../../server/domain/lifecycle/actions.ts';
import { OMBUDSMAN_CHECKED_ON } from '../../shared/code.ts';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { expectNoAxeViolations, horizontalOverflow, launchBrowser } from '../support/browser.ts';
import { PDF_BYTES, PNG_BYTES } from '../support/complaint-fixtures.ts';
import { DEFINITION } from '../support/lifecycle.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import {
  NARROW,
  PHONE,
  REFERENCE,
  expectErrorSummary,
  expectOmbudsmanDetails,
  expectPage,
  longDate,
  writeComplaint,
} from './helpers.ts';

let postgres: PostgresServer;
let server: RunningServer;
let database: Database;
let browser: Browser;
let context: BrowserContext;

const OFFICER: Actor = { kind: 'staff', staffId: randomUUID(), name: 'Olu Officer' };
const today = () => londonDate(new Date());

beforeAll(async () => {
  postgres = startPostgres();
  server = await startServer({ env: { DATABASE_URL: postgres.url, JOB_WORKER: 'off' } });
  database = await openDatabase({ databaseUrl: postgres.url, poolSize: 2 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await database?.close();
  await server?.stop();
  postgres?.stop();
});

/** The landlord's side, as an officer's action through the domain layer (a message's files with it): must succeed. */
async function officer(reference: string, action: RequestedAction, files: { filename: string; mediaType: string; content: Uint8Array }[] = []) {
  const outcome = await applyAction(database.db, { reference, action, actor: OFFICER, files });
  if (!outcome.ok) throw new Error(`${action.type} refused: ${outcome.code}`);
}

async function eventsOf(reference: string) {
  const [row] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
  return database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id)).orderBy(asc(complaintEvents.id));
}
const countOf = async (reference: string, type: string) => (await eventsOf(reference)).filter((e) => e.type === type).length;

/** Axe at 320 px and on a desktop, with no sideways scrolling. */
async function expectAccessibleBothSizes(page: Page) {
  await page.setViewportSize(NARROW);
  // What sticks out, named, if anything does.
  const wide = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      if (r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5) && !node.parentElement?.closest('.skip-link')) {
        out.push(`text in ${node.parentElement?.tagName}.${node.parentElement?.className} [${Math.round(r.left)},${Math.round(r.right)}]: ${node.textContent?.slice(0, 30)}`);
      }
    }
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') out.push(`scrolls: ${el.tagName}.${el.className}`);
    }
    return out.slice(0, 6);
  });
  expect(await horizontalOverflow(page), `no sideways scrolling at 320 px: ${wide.join(' | ')}`).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
  await page.setViewportSize(PHONE);
  await expectNoAxeViolations(page);
}

const heading = (page: Page) => page.locator('main h1').first();

/** Keyboard only: presses Tab until the focused element is the link or button with this text, and returns. */
async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 100; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
    if (focused === name) return;
  }
  throw new Error(`"${name}" was not reached with the Tab key`);
}

describe('following a complaint', () => {
  let page: Page;
  let reference: string;
  const pageErrors: string[] = [];

  it('makes a complaint in the app and finds it in "Your complaints and drafts", then on its own page', async () => {
    context = await browser.newContext({ viewport: PHONE, baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/London' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto('/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await writeComplaint(page, { description: 'The mould in the bedroom came back.' });
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await expect.poll(() => heading(page).innerText()).toBe('Complaint sent');
    reference = (await page.getByTestId('reference').innerText()).trim();
    expect(reference).toMatch(REFERENCE);

    await page.getByRole('link', { name: 'See your complaints and drafts on this phone' }).click();
    await expectPage(page, '/drafts', 'Your complaints and drafts');
    const sent = page.getByTestId('sent-list');
    await expect.poll(() => sent.innerText()).toContain('Stage 1: received');
    const listed = await sent.innerText();
    expect(listed).toContain(reference);
    expect(listed).toContain('The mould in the bedroom came back.');
    expect(listed).toContain(`Riverside Community Homes must acknowledge it by ${longDate(addWorkingDays(today(), 5))}`);
    expect(listed).toMatch(/Last updated \d+ \w+ \d{4}/);

    await sent.getByRole('link', { name: reference }).click();
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    expect(await page.getByTestId('follow-reference').innerText()).toBe(reference);
    const ack = page.getByTestId('deadline-acknowledge-1');
    expect(await ack.innerText()).toContain(`They must acknowledge it by ${longDate(addWorkingDays(today(), 5))}`);
    // How it was worked out: from which day, how many working days, which days were skipped.
    await ack.getByText('How was this date worked out?').click();
    const explained = await ack.innerText();
    expect(explained).toContain(`It counts from ${longDate(today())}, the day your complaint was received.`);
    expect(explained).toContain(`Then 5 working days, which end on ${longDate(addWorkingDays(today(), 5))}.`);
    expect(explained).toMatch(/: weekend/);
    expect(await page.getByTestId('definition').innerText()).toContain('They will set this out when they acknowledge your complaint.');
    await expectAccessibleBothSizes(page);
  });

  it('shows the definition the landlord wrote, and takes "this is not quite right" to the record (Code 5.6)', async () => {
    await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
    await page.reload();
    await expect.poll(() => page.getByTestId('definition').innerText()).toContain(DEFINITION.understanding);
    const definition = await page.getByTestId('definition').innerText();
    expect(definition).toContain(DEFINITION.outcomeSought);
    for (const point of DEFINITION.points) expect(definition).toContain(point);
    expect(await page.getByTestId('deadline-acknowledge-1').innerText()).toContain(`Acknowledged on ${longDate(today())}`);
    expect(await page.getByTestId('deadline-respond-1').innerText()).toContain(`They must reply by ${longDate(addWorkingDays(today(), 10))}`);
    await expectAccessibleBothSizes(page);

    // Keyboard only, from the top of the page: Tab to the link, Enter; Tab to the box, type; Tab to Send, Enter.
    await tabTo(page, 'This is not quite right');
    await page.keyboard.press('Enter');
    await expectPage(page, `/complaints/${reference}/not-quite-right`, 'What is not quite right?');
    await tabTo(page, 'Send');
    await page.keyboard.press('Enter');
    await expectErrorSummary(page, ['Tell them what is not quite right']);
    await expectNoAxeViolations(page);
    await page.getByLabel('Tell them what is not quite right').focus();
    await page.keyboard.type('It was the kitchen too, not only the bedroom.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Send');
    await page.keyboard.press('Enter');
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    await expect.poll(() => page.getByTestId('corrections').innerText()).toContain('It was the kitchen too, not only the bedroom.');
    expect(await page.getByTestId('corrections').innerText()).toContain('They have not changed it yet.');
    expect(await countOf(reference, 'correction_requested')).toBe(1);
  });

  it('answers a question from the landlord', async () => {
    await officer(reference, { type: 'ask_clarification', question: 'Which room is worst?' });
    await page.reload();
    const questions = page.getByTestId('questions');
    await expect.poll(() => questions.innerText()).toContain('Which room is worst?');
    await questions.getByRole('link', { name: 'Answer this question' }).click();
    await expectPage(page, `/complaints/${reference}/questions/q1`, 'Answer the question from Riverside Community Homes');
    await page.getByLabel('Your answer').fill('The kitchen, by the window.');
    await page.getByRole('button', { name: 'Send your answer' }).click();
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    await expect.poll(() => questions.innerText()).toContain('The kitchen, by the window.');
    expect(await countOf(reference, 'clarification_answered')).toBe(1);
  });

  it('shows the stage 1 response in full with what Code 6.9 requires ticked off', async () => {
    const remedyDue = addWorkingDays(today(), 10);
    await officer(reference, {
      type: 'respond',
      decisions: [
        { decision: 'upheld', reasons: 'The repair was not done properly.' },
        { decision: 'not_upheld', reasons: 'A visit was booked and you were out.' },
      ],
      remedies: [{ description: 'Treat the mould and fix the gutter', dueOn: remedyDue }],
      actions: [],
    });
    await page.reload();
    const response = page.getByTestId('response-1');
    await expect.poll(() => response.innerText()).toContain('Their stage 1 reply');
    const text = await response.innerText();
    expect(text).toContain('The repair was not done properly.');
    expect(text).toContain('Partly upheld: they agree with part of your complaint.');
    const checklist = await page.getByTestId('checklist-1').innerText();
    expect(checklist).toContain('paragraph 6.9');
    expect(checklist).toContain('What they will do to put things right: included');
    expect(checklist).toContain('How to ask for stage 2: included');
    expect(checklist).not.toContain(': missing');
    expect(await page.getByTestId('items').innerText()).toContain(`Due by ${longDate(remedyDue)}`);
    expect(await page.getByTestId('escalate-offer').innerText()).toContain('You do not need to give a reason.');
    await expectAccessibleBothSizes(page);
  });

  it('escalates to stage 2 with no signal and no reason: sent once when back online, with the stage 2 dates', async () => {
    // Keyboard only: Tab to "Take this to stage 2", Enter; Tab past the optional box to the button, Enter.
    await tabTo(page, 'Take this to stage 2');
    await page.keyboard.press('Enter');
    await expectPage(page, `/complaints/${reference}/stage-2`, 'Take your complaint to stage 2');
    expect(await page.locator('main').innerText()).toContain('You do not have to give a reason.');
    await expectNoAxeViolations(page);

    // The same document goes offline (no reload): the browser says so to the page.
    await context.setOffline(true);
    await tabTo(page, 'Ask for stage 2');
    await page.keyboard.press('Enter');
    // The form does not wait for a signal: it says at once that the request is on the phone.
    await expect.poll(() => page.getByTestId('action-saved').innerText()).toContain('Saved on this phone.');
    await page.getByRole('link', { name: 'Back to your complaint' }).click();
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    await expect.poll(() => page.getByTestId('pending').innerText()).toContain('Your request for stage 2');
    expect(await countOf(reference, 'escalation_requested')).toBe(0);
    // The outbox names it for what it is, not as a complaint.
    await page.getByRole('link', { name: 'Everything waiting to be sent from this phone' }).click();
    await expectPage(page, '/complaint/outbox', 'Saved on this phone, waiting to be sent');
    expect(await page.getByTestId('outbox-waiting').innerText()).toContain('Your request to take the complaint to stage 2');
    expect(await page.locator('main').innerText()).not.toContain('complaint is saved');
    await page.goBack();
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');

    await context.setOffline(false);
    await expect.poll(() => countOf(reference, 'escalation_requested'), { timeout: 20_000 }).toBe(1);
    const stage2 = page.getByTestId('stage-2');
    await expect.poll(() => stage2.innerText().catch(() => '')).toContain(`You asked for stage 2 on ${longDate(today())}`);
    expect(await stage2.innerText()).toContain(`They must acknowledge it by ${longDate(addWorkingDays(today(), 5))}`);
    expect(await stage2.innerText()).toContain('A different person from the one who decided stage 1 will look at your complaint.');
    await expect.poll(() => page.getByTestId('pending').count()).toBe(0);
    const [escalation] = (await eventsOf(reference)).filter((e) => e.type === 'escalation_requested');
    // Code 6.12: no reason was given, and none was needed.
    expect((escalation!.data as { reason?: string }).reason).toBeUndefined();
    await page.reload();
    await expect.poll(() => page.getByTestId('stage-2').count()).toBe(1);
    expect(await countOf(reference, 'escalation_requested')).toBe(1);
  });

  it("finds the Ombudsman's details from the complaint page", async () => {
    await page.getByRole('link', { name: 'Taking your complaint to the Housing Ombudsman' }).click();
    await expectPage(page, '/ombudsman', 'Taking your complaint to the Housing Ombudsman');
    await expectOmbudsmanDetails(page.locator('main'));
    expect(await page.locator('main').innerText()).toContain('within 12 months of the final reply');
    expect(await page.getByTestId('ombudsman-checked').innerText()).toBe(`These details were checked on ${longDate(OMBUDSMAN_CHECKED_ON)}.`);
    // Riverside is not a council: no word of the Local Government and Social Care Ombudsman.
    expect(await page.getByTestId('lgsco').count()).toBe(0);
    await page.goBack();
    await expect.poll(() => heading(page).innerText()).toBe('Your complaint');
  });

  it('gives a summary of the whole record to print or save for the Ombudsman, clean on paper', async () => {
    await page.getByRole('link', { name: 'A summary of your complaint to print or save for the Ombudsman' }).click();
    await expectPage(page, `/complaints/${reference}/summary`, 'A summary of your complaint for the Housing Ombudsman');
    const main = page.locator('main');
    const text = await main.innerText();
    for (const part of [
      reference,
      'The mould in the bedroom came back.',
      DEFINITION.understanding,
      'It was the kitchen too, not only the bedroom.',
      'Which room is worst?',
      'The kitchen, by the window.',
      'The repair was not done properly.',
      'Treat the mould and fix the gutter',
    ]) {
      expect(text).toContain(part);
    }
    expect(await page.getByTestId('summary-dates').innerText()).toContain(`Acknowledged on ${longDate(today())}`);
    await expectOmbudsmanDetails(main);
    await expectNoAxeViolations(page);
    // On paper: no header, footer, settings or buttons; the page itself is all there.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.header').isVisible()).toBe(false);
    expect(await page.locator('footer.footer').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
    expect(await main.getByText(DEFINITION.understanding).first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(true);
    await page.goBack();
    await expect.poll(() => heading(page).innerText()).toBe('Your complaint');
  });

  it("sends the complaints team a message with a photo, and downloads the document with the officer's reply (Code 6.8)", async () => {
    const messages = page.getByTestId('messages-section');
    expect(await messages.innerText()).toContain('There are no messages yet.');
    await messages.getByRole('link', { name: 'Send a message' }).click();
    await expectPage(page, `/complaints/${reference}/message`, 'Send a message to Riverside Community Homes');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expectErrorSummary(page, ['Write your message']);
    await expectNoAxeViolations(page);
    await page.getByLabel('Your message').fill('The damp patch has spread: a photo of the wall.');
    await page.getByLabel('Choose photos or documents').setInputFiles({ name: 'damp-wall.png', mimeType: 'image/png', buffer: Buffer.from(PNG_BYTES) });
    await expect.poll(() => page.getByTestId('file-list').innerText()).toContain('damp-wall.png');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send message' }).click();
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    const list = page.getByTestId('messages');
    await expect.poll(() => list.innerText().catch(() => '')).toContain('The damp patch has spread: a photo of the wall.');
    expect(await list.innerText()).toContain(`You wrote on ${longDate(today())}`);
    expect(await list.getByRole('button', { name: 'Download damp-wall.png' }).count()).toBe(1);
    expect(await countOf(reference, 'message_from_resident')).toBe(1);

    // The officer answers with a document; the page shows it, and the document downloads byte for byte.
    const reply = 'Thank you. Here is the surveyor’s report on the wall.';
    await officer(
      reference,
      { type: 'send_message', text: reply, attachments: [{ filename: 'survey.pdf', mediaType: 'application/pdf', size: PDF_BYTES.byteLength, sha256: createHash('sha256').update(PDF_BYTES).digest('hex') }] },
      [{ filename: 'survey.pdf', mediaType: 'application/pdf', content: PDF_BYTES }],
    );
    await page.reload();
    await expect.poll(() => list.innerText().catch(() => '')).toContain(reply);
    expect(await list.locator('h3').allInnerTexts()).toEqual([`You wrote on ${longDate(today())}`, `Riverside Community Homes wrote on ${longDate(today())}`]);
    expect(await list.innerText()).toContain('PDF');
    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'Download survey.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('survey.pdf');
    expect(new Uint8Array(await readFile((await download.path())!))).toEqual(PDF_BYTES);
    // Their own photo too, as it was sent.
    const [photo] = await Promise.all([page.waitForEvent('download'), list.getByRole('button', { name: 'Download damp-wall.png' }).click()]);
    expect(photo.suggestedFilename()).toBe('damp-wall.png');
    expect(new Uint8Array(await readFile((await photo.path())!))).toEqual(PNG_BYTES);
    await expectAccessibleBothSizes(page);
  });

  it('writes a message with no signal, keyboard only: saved on the phone, sent once when back online', async () => {
    await tabTo(page, 'Send a message');
    await page.keyboard.press('Enter');
    await expectPage(page, `/complaints/${reference}/message`, 'Send a message to Riverside Community Homes');
    await context.setOffline(true);
    await page.getByLabel('Your message').focus();
    await page.keyboard.type('The heating is off again since Monday.');
    await tabTo(page, 'Send message');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('action-saved').innerText()).toContain('Saved on this phone.');
    await tabTo(page, 'Back to your complaint');
    await page.keyboard.press('Enter');
    await expectPage(page, `/complaints/${reference}`, 'Your complaint');
    await expect.poll(() => page.getByTestId('pending').innerText()).toContain('Your message to the complaints team');
    expect(await countOf(reference, 'message_from_resident')).toBe(1);

    await context.setOffline(false);
    await expect.poll(() => countOf(reference, 'message_from_resident'), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('messages').innerText()).toContain('The heating is off again since Monday.');
    await expect.poll(() => page.getByTestId('pending').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('messages').innerText()).toContain('The heating is off again since Monday.');
    expect(await countOf(reference, 'message_from_resident')).toBe(2);

    // The summary for the Ombudsman has the messages both ways, with the files' names.
    await page.getByRole('link', { name: 'A summary of your complaint to print or save for the Ombudsman' }).click();
    await expectPage(page, `/complaints/${reference}/summary`, 'A summary of your complaint for the Housing Ombudsman');
    const summary = await page.getByTestId('summary-messages').innerText();
    for (const part of ['The damp patch has spread', 'damp-wall.png', `Riverside Community Homes wrote on ${longDate(today())}`, 'survey.pdf', 'The heating is off again since Monday.']) {
      expect(summary).toContain(part);
    }
    await expectNoAxeViolations(page);
    await page.goBack();
    await expect.poll(() => heading(page).innerText()).toBe('Your complaint');
  });

  it('opens offline with its last-updated time, and is accessible in Welsh and Arabic', async () => {
    await context.setOffline(true);
    await page.goto(`/complaints/${reference}`);
    // Chromium forgets to tell a new document it is offline: said again, for as long as this session lasts.
    const offline = await page.context().newCDPSession(page);
    await offline.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect.poll(() => heading(page).innerText()).toBe('Your complaint');
    expect(await page.getByTestId('last-updated').innerText()).toMatch(/^Last updated \d+ \w+ \d{4} at \d\d:\d\d$/);
    await expect.poll(() => page.getByTestId('kept-copy').innerText()).toBe('You are offline. This is what was on this phone when it was last updated.');
    expect(await page.getByTestId('stage-2').innerText()).toContain(`You asked for stage 2 on ${longDate(today())}`);
    await offline.detach();
    await context.setOffline(false);

    for (const [lng, dir] of [['cy', 'ltr'], ['ar', 'rtl']] as const) {
      await page.evaluate((language) => localStorage.setItem('complaints:language', language), lng);
      // Opened at 320 px, as the route tests open every page (a11y.test.ts).
      await page.setViewportSize(NARROW);
      await page.goto(`/complaints/${reference}`);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lng);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
      await expect.poll(() => page.getByTestId('stage-2').count()).toBe(1);
      expect(await page.locator('body').innerText()).not.toMatch(/\bfollow\.[a-z_.]+/);
      await page.getByTestId('deadline-acknowledge-2').locator('summary').click();
      await expectAccessibleBothSizes(page);
    }
    await page.evaluate(() => localStorage.setItem('complaints:language', 'en'));
    expect(pageErrors).toEqual([]);
  });
});
