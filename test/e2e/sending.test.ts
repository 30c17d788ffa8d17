/**
 * Sending a complaint when things go wrong: only the answers a person could
 * see are sent; a refusal that names no field comes back to the person instead
 * of being retried for ever; the outbox tries again by itself while the app is
 * open; a tab left open never brings back the draft of a complaint another tab
 * sent; and a launch of the installed app goes back to an unfinished complaint.
 */
import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { PHONE, REFERENCE, continueTo, daysAgo, expectErrorSummary, expectPage, sessionPerTest, writeComplaint, type Session } from './helpers.ts';

const CHECK = 'Check your answers before sending your complaint';

const sessions = sessionPerTest();
let session: Session | undefined;

async function open(): Promise<Page> {
  session = await sessions.open(PHONE);
  return session.page;
}

const heading = (page: Page) => page.locator('main h1').first();

/** The complaint bodies the page posts. */
function postedComplaints(page: Page): unknown[] {
  const bodies: unknown[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/complaints') bodies.push(request.postDataJSON());
  });
  return bodies;
}

const send = (page: Page) => page.getByTestId('send').click();

describe('what is sent', () => {
  it('is only the contact detail for the way chosen: a half-typed email left behind for phone neither blocks nor goes', async () => {
    const page = await open();
    const posted = postedComplaints(page);
    await writeComplaint(page, { contact: async () => {
      await page.getByLabel('Email', { exact: true }).check();
      await page.getByLabel('Email address').fill('pat');
      await page.getByLabel('Phone call', { exact: true }).check();
      await page.getByLabel('Phone number').fill('07700 900982');
    } });
    await send(page);
    await expectPage(page, '/complaint/confirmation', 'Complaint sent');
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ resident: { phone: '07700 900982', preferredContact: 'phone' } });
    expect((posted[0] as { resident: object }).resident).not.toHaveProperty('email');
  });

  it('asks no reason for a delay about a problem that began two years ago and is still happening (Code 2.3)', async () => {
    const page = await open();
    await page.goto('/complaint/when');
    await expect.poll(() => heading(page).innerText()).toBe('When did it happen, or when did you find out about it?');
    const date = daysAgo(2 * 365);
    await page.getByLabel('Day').fill(date.day);
    await page.getByLabel('Month').fill(date.month);
    await page.getByLabel('Year').fill(date.year);
    await page.getByLabel('It is still happening').check();
    await continueTo(page, 'Is this about a repair or something else you have already asked for?');
    await page.getByRole('link', { name: 'Back' }).click();
    await page.getByLabel('It is still happening').uncheck();
    await continueTo(page, 'This was more than 12 months ago');
  });
});

describe('a refusal that names no field', () => {
  it('is shown on "Check your answers" in words, and the answers stay to send again', async () => {
    const page = await open();
    await writeComplaint(page);
    let refused = 0;
    await page.route('**/api/complaints', async (route) => {
      refused++;
      await route.fulfill({ status: 413, contentType: 'application/json', body: JSON.stringify({ error: { code: 'body_too_large' } }) });
    });
    await send(page);
    await expectErrorSummary(page, ['Your complaint is too large to send: remove a file or make it shorter']);
    expect(new URL(page.url()).pathname).toBe('/complaint/check');
    expect(refused).toBe(1);
    // Nothing was put in the outbox to be retried for ever.
    await page.unroute('**/api/complaints');
    await send(page);
    await expectPage(page, '/complaint/confirmation', 'Complaint sent');
  });

  it('brings a complaint from the outbox back as a draft with the message, not retried for ever', async () => {
    const page = await open();
    await writeComplaint(page);
    // The signal drops as it is sent: it waits in the outbox.
    await page.route('**/api/complaints', (route) => route.abort('internetdisconnected'));
    await send(page);
    await expectPage(page, '/complaint/outbox', 'Your complaint is saved on this phone');
    let tries = 0;
    await page.unroute('**/api/complaints');
    await page.route('**/api/complaints', async (route) => {
      tries++;
      await route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'idempotency_conflict' } }) });
    });
    await page.getByTestId('try-again').click();
    await expectPage(page, '/complaint/check', CHECK, { focusHeading: false });
    await expect
      .poll(() => page.getByRole('alert').getByRole('link').allInnerTexts())
      .toEqual(['This complaint was already sent with different answers: start a new complaint']);
    expect(tries).toBe(1);
    // Back with its answers, out of the outbox: nothing left to be retried.
    expect(await page.getByText('The mould in the bedroom came back.').count()).toBe(1);
    await page.goto('/complaint/outbox');
    await expectPage(page, '/complaint/outbox', 'Nothing waiting to be sent', { focusHeading: false });
    expect(tries).toBe(1);
  });
});

describe('the outbox, while the app is open', () => {
  it('tries again by itself after the service was down, without waiting for the connection to change', async () => {
    const page = await open();
    await page.clock.install();
    await writeComplaint(page);
    let tries = 0;
    await page.route('**/api/complaints', async (route) => {
      tries++;
      if (tries === 1) await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable' } }) });
      else await route.continue();
    });
    await send(page);
    // The service was down: kept on the phone, to be sent by itself.
    await expectPage(page, '/complaint/outbox', 'Your complaint is saved on this phone');
    expect(tries).toBe(1);
    await page.clock.fastForward(16_000);
    await expectPage(page, '/complaint/confirmation', 'Complaint sent', { focusHeading: false });
    expect(tries).toBe(2);
    expect((await page.getByTestId('reference').innerText()).trim()).toMatch(REFERENCE);
  });
});

describe('two tabs on one draft', () => {
  it('never brings back the draft of a complaint the other tab sent', async () => {
    const first = await open();
    await writeComplaint(first);
    const second = await session!.context.newPage();
    await second.goto('/complaint/check');
    await expect.poll(() => heading(second).innerText()).toBe(CHECK);
    await send(first);
    await expectPage(first, '/complaint/confirmation', 'Complaint sent');
    // The drafts page saves what the tab holds before listing: an unchanged draft is not written again.
    await second.getByRole('link', { name: 'Your complaints and drafts' }).first().click();
    await expect.poll(() => heading(second).innerText()).toBe('Your complaints and drafts');
    await expect.poll(() => second.getByText('You have no unfinished complaints on this phone.').count()).toBe(1);
  });
});

describe('opening the installed app', () => {
  it('goes back to the page of an unfinished complaint, with what was typed', async () => {
    const page = await open();
    await page.goto('/?launch=app');
    // Nothing under way: the home page, with a plain address.
    await expectPage(page, '/', 'Complain to Riverside Community Homes', { focusHeading: false });
    expect(new URL(page.url()).search).toBe('');
    await page.goto('/complaint/what-happened');
    await page.getByLabel('What went wrong?').fill('The boiler has been broken since');
    await page.waitForTimeout(400); // a moment after the last keystroke
    await page.goto('/?launch=app');
    await expectPage(page, '/complaint/what-happened', 'What went wrong?', { focusHeading: false });
    expect(await page.getByLabel('What went wrong?').inputValue()).toBe('The boiler has been broken since');
    // The home page opened as a page, not as a launch, stays the home page.
    await page.goto('/');
    await expectPage(page, '/', 'Complain to Riverside Community Homes', { focusHeading: false });
  });
});
