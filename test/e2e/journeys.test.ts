/**
 * Whole journeys in a real browser against the real server on the built app:
 * a resident on a phone, someone complaining for their mother, a person who
 * makes mistakes (and a server that refuses or cannot be reached), and text
 * that looks like HTML. axe checks every page visited, in every state it is
 * seen in (errors shown, questions revealed, files listed), once per state.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TIMESCALES, acknowledgeBy } from '../../shared/code.ts';
import { landlord } from '../../shared/config/landlord.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { londonDate } from '../../shared/working-days.ts';
import { MAX_IMAGE_EDGE } from '../../client/lib/shrink-image.ts';
import {
  expectAnnounced,
  DESKTOP,
  PHONE,
  REFERENCE,
  clickContinue,
  daysAgo,
  expectAccessible,
  exactly,
  expectErrorSummary,
  expectFieldError,
  expectOmbudsmanDetails,
  expectPage,
  followSummaryLink,
  jpegSize,
  longDate,
  makePng,
  monthsAgo,
  sessionPerTest,
  summaryValue,
  workingDays,
} from './helpers.ts';

const CHECK_TITLE = 'Check your answers before sending your complaint';
const HOME_TITLE = 'Complain to Riverside Community Homes';

const sessions = sessionPerTest();

async function open(viewport = PHONE): Promise<Page> {
  return (await sessions.open(viewport)).page;
}

/** Expects the page, then runs axe on it as it stands. */
async function arrive(page: Page, path: string, heading: string, options: { focusHeading?: boolean } = {}) {
  await expectPage(page, path, heading, options);
  await expectAccessible(page);
}

/** Expects the error summary (see expectErrorSummary), then runs axe with the errors shown. */
async function showsErrors(page: Page, messages: string[]) {
  await expectErrorSummary(page, messages);
  await expectAccessible(page);
}

async function startComplaint(page: Page) {
  await page.goto('/');
  // The first page load leaves focus where the browser puts it; only later navigations move it.
  await arrive(page, '/', HOME_TITLE, { focusHeading: false });
  await page.getByRole('button', { name: 'Start now' }).click();
  await arrive(page, '/complaint/who', 'Who is making this complaint?');
}

/** The confirmation page: the reference, received today, and the Code 6.2 acknowledgement date. */
async function expectConfirmation(page: Page): Promise<string> {
  await arrive(page, '/complaint/confirmation', 'Complaint sent');
  const reference = (await page.getByTestId('reference').innerText()).trim();
  expect(reference).toMatch(REFERENCE);
  const today = londonDate(new Date());
  expect((await page.getByTestId('acknowledge-by').innerText()).trim()).toBe(longDate(acknowledgeBy(today)));
  expect(await page.getByTestId('acknowledge-by').locator('time').getAttribute('datetime')).toBe(acknowledgeBy(today));
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const todayWords = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
  expect((await page.getByTestId('received').innerText()).trim()).toMatch(new RegExp(`^${todayWords} at \\d{2}:\\d{2}$`));
  await expectWhatHappensNext(page);
  return reference;
}

/** What happens next (Code 6.2, 6.3, 6.11–6.14), timescales from shared/code.ts, and the Ombudsman (3.7). */
async function expectWhatHappensNext(page: Page) {
  const main = page.locator('main');
  expect(await main.getByRole('heading', { name: 'What happens next', level: 2 }).count()).toBe(1);
  const steps = (await main.locator('h2:text-is("What happens next") + ol > li').allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
  expect(steps).toHaveLength(3);
  expect(steps[0]).toContain(`${landlord.name} will acknowledge your complaint within ${workingDays(TIMESCALES.stage1Acknowledge)},`);
  expect(steps[0]).toContain('tell you what they understand your complaint to be and what you want to happen');
  expect(steps[1]).toContain(`full answer within ${workingDays(TIMESCALES.stage1Response)} of acknowledging it, or tell you why they need longer`);
  expect(steps[2]).toContain('you can ask for stage 2 without giving a reason');
  expect(steps[2]).toContain(`The final answer comes within ${workingDays(TIMESCALES.stage2Response)} of that request being acknowledged.`);
  expect(await main.innerText()).toContain(`If you have not heard from ${landlord.name} by the date above, contact them, or the Housing Ombudsman.`);
  // The landlord's own details beside "contact them" (issue 10).
  expect(await main.getByRole('link', { name: landlord.contact.email, exact: true }).getAttribute('href')).toBe(`mailto:${landlord.contact.email}`);
  expect(await main.getByRole('link', { name: landlord.contact.phone, exact: true }).count()).toBe(1);
  await expectOmbudsmanDetails(main);
}

describe('a resident on a phone', () => {
  it('makes a complaint from the start page to the confirmation, with a photo', async () => {
    const page = await open(PHONE);
    const happened = daysAgo(42);
    const png = makePng(8, 6, [200, 40, 40]);

    await startComplaint(page);
    await page.getByLabel('I am the resident').check();
    await clickContinue(page);

    await arrive(page, '/complaint/name', 'What is your full name?');
    await page.getByLabel('What is your full name?').fill('Alex Resident');
    await clickContinue(page);

    await arrive(page, '/complaint/address', 'Where do you live?');
    await page.getByLabel('Address', { exact: true }).fill('Flat 4, 12 River Road\nExampletown EX1 2AB');
    await page.getByLabel('Tenancy reference (if known)').fill('TEN-0042');
    await clickContinue(page);

    await arrive(page, '/complaint/contact', 'How should we contact you about your complaint?');
    await page.getByLabel('Email', { exact: true }).check();
    await page.getByLabel('Email address').fill('alex@example.com');
    await clickContinue(page);

    await arrive(page, '/complaint/what-happened', 'What went wrong?');
    await page.getByLabel('What went wrong?').fill('Damp in the bedroom has not been fixed after three visits.');
    await clickContinue(page);

    await arrive(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
    await page.getByLabel('Day').fill(happened.day);
    await page.getByLabel('Month').fill(happened.month);
    await page.getByLabel('Year').fill(happened.year);
    await page.getByLabel('It is still happening').check();
    await clickContinue(page);

    // Six weeks ago is within 12 months: no time-limit page.
    await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    await page.getByLabel('Yes').check();
    await page.getByLabel('Reference number (optional)').fill('JOB-7781');
    await clickContinue(page);

    await arrive(page, '/complaint/others-affected', 'Does this affect other households too?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);

    await arrive(page, '/complaint/outcome', 'What would you like to happen to put things right?');
    await page.getByLabel('What would you like to happen to put things right?').fill('Fix the damp by the end of the month.');
    await clickContinue(page);

    await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
    await page.getByLabel('Choose photos or documents').setInputFiles({ name: 'damp.png', mimeType: 'image/png', buffer: png });
    const files = page.getByTestId('file-list');
    await expect.poll(() => files.locator('.file-list__name').allInnerTexts()).toEqual(['damp.png']);
    expect(await page.getByRole('heading', { name: '1 file added' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove damp.png' }).count()).toBe(1);
    await expectAccessible(page);
    await clickContinue(page);

    await arrive(page, '/complaint/support', 'Do you need any support or changes to help you take part?');
    await page.getByLabel('Yes').check();
    await page.getByLabel('What support or changes are needed?').fill('Letters in large print, please.');
    // Code 3.1, 5.10: the details go only by the resident's choice, with their consent.
    await page.getByLabel('Send these details').check();
    await expectAccessible(page);
    await clickContinue(page);

    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Who is making the complaint')).toBe('The resident');
    expect(await summaryValue(page, 'Your name')).toBe('Alex Resident');
    expect(await summaryValue(page, 'Address')).toBe('Flat 4, 12 River Road\nExampletown EX1 2AB');
    expect(await summaryValue(page, 'Tenancy reference (if known)')).toBe('TEN-0042');
    expect(await summaryValue(page, 'How to contact')).toBe('Email: alex@example.com');
    expect(await summaryValue(page, 'What went wrong')).toBe('Damp in the bedroom has not been fixed after three visits.');
    expect(await summaryValue(page, 'When')).toBe(`${longDate(happened.iso)} (still happening)`);
    expect(await summaryValue(page, 'About something already reported')).toBe('Yes (JOB-7781)');
    expect(await summaryValue(page, 'Other households affected')).toBe('No');
    expect(await summaryValue(page, 'What would put it right')).toBe('Fix the damp by the end of the month.');
    expect(await summaryValue(page, 'Photos or documents')).toBe('damp.png');
    expect(await summaryValue(page, 'Support or changes needed')).toBe(
      'Yes: Letters in large print, please.\nThese details will be sent: you agree that Riverside Community Homes can keep them',
    );
    expect(await page.getByRole('heading', { name: 'Reason for not complaining sooner' }).count()).toBe(0);

    const sent = page.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    const response = await sent;
    expect(response.status()).toBe(201);
    // The photo went as a real PNG in a multipart request, and the server (which checks the bytes) took it.
    expect(response.request().headers()['content-type']).toMatch(/^multipart\/form-data/);
    const reference = await expectConfirmation(page);
    expect((await response.json()).reference).toBe(reference);
  });

  it('keeps answers when going back, and a Change link returns to check your answers', async () => {
    const page = await open(PHONE);
    await startComplaint(page);
    await page.getByLabel('I am the resident').check();
    await clickContinue(page);
    await arrive(page, '/complaint/name', 'What is your full name?');
    await page.getByLabel('What is your full name?').fill('Sam Tenant');
    await clickContinue(page);
    await arrive(page, '/complaint/address', 'Where do you live?');
    await page.getByLabel('Tenancy reference (if known)').fill('T-1234');
    await clickContinue(page);
    await arrive(page, '/complaint/contact', 'How should we contact you about your complaint?');

    // Back twice: both answers are still there.
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arrive(page, '/complaint/address', 'Where do you live?');
    expect(await page.getByLabel('Tenancy reference (if known)').inputValue()).toBe('T-1234');
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arrive(page, '/complaint/name', 'What is your full name?');
    expect(await page.getByLabel('What is your full name?').inputValue()).toBe('Sam Tenant');
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arrive(page, '/complaint/who', 'Who is making this complaint?');
    expect(await page.getByLabel('I am the resident').isChecked()).toBe(true);

    // And forward again without retyping anything.
    await clickContinue(page);
    await arrive(page, '/complaint/name', 'What is your full name?');
    await clickContinue(page);
    await arrive(page, '/complaint/address', 'Where do you live?');
    await clickContinue(page);
    await arrive(page, '/complaint/contact', 'How should we contact you about your complaint?');
    await page.getByLabel('Phone call').check();
    await page.getByLabel('Phone number').fill('01632 960 001');
    await clickContinue(page);
    await arrive(page, '/complaint/what-happened', 'What went wrong?');
    await page.getByLabel('What went wrong?').fill('The lift has been broken for a month.');
    await clickContinue(page);
    const when = daysAgo(10);
    await arrive(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
    await page.getByLabel('Day').fill(when.day);
    await page.getByLabel('Month').fill(when.month);
    await page.getByLabel('Year').fill(when.year);
    await clickContinue(page);
    await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);
    await arrive(page, '/complaint/others-affected', 'Does this affect other households too?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);
    await arrive(page, '/complaint/outcome', 'What would you like to happen to put things right?');
    await page.getByLabel('What would you like to happen to put things right?').fill('Repair the lift.');
    await clickContinue(page);
    await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
    await clickContinue(page);
    await arrive(page, '/complaint/support', 'Do you need any support or changes to help you take part?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Your name')).toBe('Sam Tenant');
    expect(await summaryValue(page, 'Photos or documents')).toBe('None');
    expect(await summaryValue(page, 'How to contact')).toBe('Phone call: 01632 960 001');

    // Change the name: Continue comes straight back here, not to the next question.
    await page.getByRole('link', { name: 'Change Your name' }).click();
    await arrive(page, '/complaint/name', 'What is your full name?');
    expect(new URL(page.url()).searchParams.get('change')).toBe('1');
    expect(await page.getByLabel('What is your full name?').inputValue()).toBe('Sam Tenant');
    await page.getByLabel('What is your full name?').fill('Samira Tenant');
    await clickContinue(page);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Your name')).toBe('Samira Tenant');

    // The back link of a page opened to change an answer goes back to the check page too.
    await page.getByRole('link', { name: 'Change What went wrong' }).click();
    await arrive(page, '/complaint/what-happened', 'What went wrong?');
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'What went wrong')).toBe('The lift has been broken for a month.');
  });
});

describe('a daughter complaining for her mother', () => {
  it('gives her own details and permission, writes by letter, explains an issue over 12 months old, and sends it', async () => {
    const page = await open(DESKTOP);
    const happened = monthsAgo(14);

    await startComplaint(page);
    await page.getByLabel('I am complaining for someone else').check();
    await clickContinue(page);

    await arrive(page, '/complaint/representative', 'About you');
    await page.getByLabel('Your full name').fill('Priya Shah');
    await page.getByLabel('Your relationship to the resident').fill('Daughter');
    await page.getByLabel('Your phone number').fill('07700 900 982');
    await page.getByLabel('The resident has given me permission to make this complaint for them').check();
    await clickContinue(page);

    await arrive(page, '/complaint/name', "What is the resident's full name?");
    await page.getByLabel("What is the resident's full name?").fill('Meera Shah');
    await clickContinue(page);

    await arrive(page, '/complaint/address', 'Where does the resident live?');
    await page.getByLabel('Address', { exact: true }).fill('3 Mill Lane, Exampletown EX2 3CD');
    await clickContinue(page);

    await arrive(page, '/complaint/contact', 'How should we contact the resident about the complaint?');
    await page.getByLabel('Letter').check();
    // The postal address is the same answer as the address, shown again here to confirm it.
    expect(await page.getByLabel('Postal address').inputValue()).toBe('3 Mill Lane, Exampletown EX2 3CD');
    await page.getByLabel('Postal address').fill('c/o Priya Shah, 9 Oak Street, Exampletown EX3 4EF');
    await expectAccessible(page);
    await clickContinue(page);

    await arrive(page, '/complaint/what-happened', 'What went wrong?');
    await page.getByLabel('What went wrong?').fill('The heating in my mother’s flat failed last winter and was never properly repaired.');
    await clickContinue(page);

    await arrive(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
    await page.getByLabel('Day').fill(happened.day);
    await page.getByLabel('Month').fill(happened.month);
    await page.getByLabel('Year').fill(happened.year);
    await clickContinue(page);

    // Code 2.3: over 12 months old, the form asks why but never refuses. Without a reason it goes on.
    await arrive(page, '/complaint/time-limit', 'This was more than 12 months ago');
    await clickContinue(page);
    await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    // Back, and this time give a reason.
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arrive(page, '/complaint/time-limit', 'This was more than 12 months ago');
    await page.getByLabel('Is there a reason you did not complain sooner? (optional)').fill('She was in hospital for most of the year.');
    await clickContinue(page);

    await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);

    await arrive(page, '/complaint/others-affected', 'Does this affect other households too?');
    await page.getByLabel("I'm not sure").check();
    await clickContinue(page);

    // Code 5.6, 5.7: "I'm not sure yet" is an answer; the landlord asks when it defines the complaint.
    await arrive(page, '/complaint/outcome', 'What would you like to happen to put things right?');
    await page.getByLabel("I'm not sure yet").check();
    await clickContinue(page);

    await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
    await clickContinue(page);

    await arrive(page, '/complaint/support', 'Does the resident need any support or changes to help them take part?');
    await page.getByLabel('No', { exact: true }).check();
    await clickContinue(page);

    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await page.getByRole('heading', { name: "The resident's details" }).count()).toBe(1);
    expect(await summaryValue(page, 'Who is making the complaint')).toBe('Someone else, for the resident');
    expect(await summaryValue(page, 'Your full name')).toBe('Priya Shah');
    expect(await summaryValue(page, 'Your relationship to the resident')).toBe('Daughter');
    expect(await summaryValue(page, 'Your phone number')).toBe('07700 900 982');
    expect(await summaryValue(page, "Resident's permission")).toBe('Yes');
    expect(await summaryValue(page, "Resident's name")).toBe('Meera Shah');
    expect(await summaryValue(page, 'How to contact')).toBe('Letter: c/o Priya Shah, 9 Oak Street, Exampletown EX3 4EF');
    expect(await summaryValue(page, 'When')).toBe(longDate(happened.iso));
    expect(await summaryValue(page, 'Reason for not complaining sooner')).toBe('She was in hospital for most of the year.');
    expect(await summaryValue(page, 'Other households affected')).toBe("I'm not sure");
    expect(await summaryValue(page, 'What would put it right')).toBe("I'm not sure yet");
    expect(await summaryValue(page, 'Support or changes needed')).toBe('No');

    await page.getByRole('button', { name: 'Send complaint' }).click();
    await expectConfirmation(page);
    await page.getByText('If you were not sure what would put things right, that is fine').waitFor();
  });
});

describe('a resident who makes mistakes', () => {
  it('is shown each problem, in the summary and beside the field, and can fix them all and send', async () => {
    const page = await open(PHONE);
    await startComplaint(page);

    // Nothing chosen.
    await clickContinue(page);
    await showsErrors(page, ['Select who is making this complaint']);
    await expectFieldError(page, 'submittedBy', 'Select who is making this complaint');
    expect(await page.title()).toBe('Error: Who is making this complaint? – Make or follow a complaint');
    await followSummaryLink(page, 'Select who is making this complaint', 'submittedBy');
    // Focus is on the first radio: the arrow key moves to, and chooses, the second.
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('I am complaining for someone else').isChecked()).toBe(true);
    await clickContinue(page);

    // A representative: every field missing, then everything but the permission.
    await arrive(page, '/complaint/representative', 'About you');
    // A new page starts without errors, and its title says so.
    expect(await page.getByTestId('error-summary').count()).toBe(0);
    await clickContinue(page);
    await showsErrors(page, [
      'Enter your full name',
      'Enter your relationship to the resident',
      'Enter your email address or phone number, so we can contact you',
      'Confirm that the resident has given you permission to complain for them',
    ]);
    await expectFieldError(page, 'representative-name', 'Enter your full name');
    await expectFieldError(page, 'representative-email', 'Enter your email address or phone number, so we can contact you');
    await expectFieldError(page, 'representative-hasPermission', 'Confirm that the resident has given you permission to complain for them');
    await followSummaryLink(page, 'Enter your relationship to the resident', 'representative-relationship');
    await page.getByLabel('Your full name').fill('Jo Carer');
    await page.getByLabel('Your relationship to the resident').fill('Support worker');
    await page.getByLabel('Your email address').fill('jo@example.org');
    await clickContinue(page);
    await showsErrors(page, ['Confirm that the resident has given you permission to complain for them']);
    await expectFieldError(page, 'representative-hasPermission', 'Confirm that the resident has given you permission to complain for them');
    expect(await page.locator('#representative-name-error').count()).toBe(0);
    await followSummaryLink(page, 'Confirm that the resident has given you permission to complain for them', 'representative-hasPermission');
    await page.keyboard.press('Space');
    await clickContinue(page);

    await arrive(page, '/complaint/name', "What is the resident's full name?");
    await clickContinue(page);
    await showsErrors(page, ["Enter the resident's full name"]);
    await expectFieldError(page, 'resident-name', "Enter the resident's full name");
    await followSummaryLink(page, "Enter the resident's full name", 'resident-name');
    await page.keyboard.type('Pat Resident');
    await clickContinue(page);

    await arrive(page, '/complaint/address', 'Where does the resident live?');
    await clickContinue(page);
    await showsErrors(page, ['Enter an address or a tenancy reference']);
    await expectFieldError(page, 'resident-address', 'Enter an address or a tenancy reference');
    await page.getByLabel('Address', { exact: true }).fill('22 Canal Walk, Exampletown');
    await clickContinue(page);

    await arrive(page, '/complaint/contact', 'How should we contact the resident about the complaint?');
    await clickContinue(page);
    await showsErrors(page, ['Select how we should contact the resident']);
    await expectFieldError(page, 'resident-preferredContact', 'Select how we should contact the resident');
    await page.getByLabel('Email', { exact: true }).check();
    await clickContinue(page);
    await showsErrors(page, ['Enter an email address, or choose another way to be contacted']);
    await expectFieldError(page, 'resident-email', 'Enter an email address, or choose another way to be contacted');
    await page.getByLabel('Email address').fill('pat.example.com');
    await clickContinue(page);
    await showsErrors(page, ['Enter an email address in the correct format, like name@example.com']);
    await expectFieldError(page, 'resident-email', 'Enter an email address in the correct format, like name@example.com');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    await followSummaryLink(page, 'Enter an email address in the correct format, like name@example.com', 'resident-email');
    await page.getByLabel('Email address').fill('pat@example.com');
    await clickContinue(page);

    await arrive(page, '/complaint/what-happened', 'What went wrong?');
    await clickContinue(page);
    await showsErrors(page, ['Tell us what went wrong']);
    await expectFieldError(page, 'complaint-description', 'Tell us what went wrong');
    await page.getByLabel('What went wrong?').fill('Rubbish has not been collected from the bin store for weeks.');
    await clickContinue(page);

    await arrive(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
    await clickContinue(page);
    await showsErrors(page, ['Enter the date it happened, or when you found out about it']);
    await expectFieldError(page, 'complaint-happenedOn', 'Enter the date it happened, or when you found out about it');
    // 31 February is not a date.
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    await clickContinue(page);
    await showsErrors(page, ['The date must be a real date, like 27 3 2026']);
    await expectFieldError(page, 'complaint-happenedOn', 'The date must be a real date, like 27 3 2026');
    await followSummaryLink(page, 'The date must be a real date, like 27 3 2026', 'complaint-happenedOn');
    // Next year is in the future.
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Year').fill(String(Number(londonDate(new Date()).slice(0, 4)) + 1));
    await clickContinue(page);
    await showsErrors(page, ['The date must be today or in the past']);
    await expectFieldError(page, 'complaint-happenedOn', 'The date must be today or in the past');
    const when = daysAgo(20);
    await page.getByLabel('Day').fill(when.day);
    await page.getByLabel('Month').fill(when.month);
    await page.getByLabel('Year').fill(when.year);
    await clickContinue(page);

    await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
    await clickContinue(page);
    await showsErrors(page, ['Select whether this is about something already asked for']);
    await expectFieldError(page, 'complaint-aboutServiceRequest', 'Select whether this is about something already asked for');
    await page.getByLabel("I'm not sure").check();
    await clickContinue(page);

    await arrive(page, '/complaint/others-affected', 'Does this affect other households too?');
    await clickContinue(page);
    await showsErrors(page, ['Select whether this affects other households']);
    await page.getByLabel('Yes').check();
    await page.getByLabel('Who else is affected? (optional)').fill('Everyone in block B');
    await clickContinue(page);

    await arrive(page, '/complaint/outcome', 'What would you like to happen to put things right?');
    await clickContinue(page);
    await showsErrors(page, ['Say what you would like to happen, or tick “I’m not sure yet”']);
    await expectFieldError(page, 'complaint-desiredOutcome', 'Say what you would like to happen, or tick “I’m not sure yet”');
    await page.getByLabel('What would you like to happen to put things right?').fill('Weekly collections.');
    await clickContinue(page);

    await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
    await clickContinue(page);

    await arrive(page, '/complaint/support', 'Does the resident need any support or changes to help them take part?');
    await clickContinue(page);
    await showsErrors(page, ['Select whether any support or changes are needed']);
    await expectFieldError(page, 'support-needed', 'Select whether any support or changes are needed');
    await page.getByLabel('Yes').check();
    const needs = 'Phone calls, not letters: she has low vision.';
    await page.getByLabel('What support or changes are needed?').fill(needs);
    await clickContinue(page);
    // Details typed: a choice, never a dead end (send them with consent, or send the complaint without them).
    const choose = 'Choose whether to send these details with your complaint, or send it without them';
    await showsErrors(page, [choose]);
    await expectFieldError(page, 'support-consent', choose);
    await followSummaryLink(page, choose, 'support-consent');
    await page.getByLabel('Send my complaint without them').check();
    await clickContinue(page);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Support or changes needed')).toBe(
      `Yes: ${needs}\nThese details will not be sent: they stay in your draft on this phone`,
    );
    // Nothing typed is lost: back on the question, the words and the choice are as left.
    await page.getByRole('link', { name: 'Change Support or changes needed' }).click();
    await arrive(page, '/complaint/support', 'Does the resident need any support or changes to help them take part?');
    expect(await page.getByLabel('What support or changes are needed?').inputValue()).toBe(needs);
    expect(await page.getByLabel('Send my complaint without them').isChecked()).toBe(true);
    await clickContinue(page);

    // The server refuses once: its problem is shown on the check page and on the page that asks.
    await arrive(page, '/complaint/check', CHECK_TITLE);
    let refused = 0;
    await page.route('/api/complaints', async (route) => {
      refused++;
      await route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation', issues: [{ path: ['resident', 'email'], code: 'email' }] } }),
      });
    });
    const emailFormat = 'Enter an email address in the correct format, like name@example.com';
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await showsErrors(page, [emailFormat]);
    expect(refused).toBe(1);
    expect(await page.title()).toBe('Error: Check your answers before sending your complaint – Make or follow a complaint');
    // The link lands on the field it names, on the page that asks it (GOV.UK), with the page announced.
    await page.getByRole('alert').getByRole('link', { name: emailFormat }).click();
    await arrive(page, '/complaint/contact', 'How should we contact the resident about the complaint?', { focusHeading: false });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('resident-email');
    await expectAnnounced(page, 'How should we contact the resident about the complaint?');
    await expectFieldError(page, 'resident-email', emailFormat);
    expect(await page.getByTestId('error-summary').getByRole('link').allInnerTexts()).toEqual([emailFormat]);
    expect(await page.getByLabel('Email address').inputValue()).toBe('pat@example.com');
    await page.unroute('/api/complaints');
    await page.getByLabel('Email address').fill('pat.resident@example.com');
    await clickContinue(page);

    // Opened from the check page: Continue goes back there, with the problem gone.
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await page.getByTestId('error-summary').count()).toBe(0);
    expect(await summaryValue(page, 'How to contact')).toBe('Email: pat.resident@example.com');
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    // "Send my complaint without them": that support is needed goes, and none of the words typed.
    const response = await sent;
    expect(response.status()).toBe(201);
    const body = response.request().postData() ?? '';
    expect((JSON.parse(body) as { support: unknown }).support).toEqual({ needed: true, consent: false });
    expect(body).not.toContain('low vision');
    await expectConfirmation(page);
    expect(refused).toBe(1);
  });

  it('keeps the complaint on the phone when it cannot be sent, and sends it once the connection is back', async () => {
    const page = await open(PHONE);
    await fillMinimalComplaint(page, 'The front door lock is broken.');
    await arrive(page, '/complaint/check', CHECK_TITLE);
    let attempts = 0;
    await page.route('/api/complaints', async (route) => {
      attempts++;
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Send complaint' }).click();
    // Not lost and not an error: saved in the outbox, to go by itself when the phone is online.
    await arrive(page, '/complaint/outbox', 'Your complaint is saved on this phone');
    expect(attempts).toBe(1);
    const main = page.locator('main');
    expect(await main.getByText('It has not been sent yet', { exact: true }).count()).toBe(1);
    expect(await main.getByText('The front door lock is broken.', { exact: true }).count()).toBe(1);

    // Still no connection: it stays, and the page says so.
    await page.getByRole('button', { name: 'Try again now' }).click();
    await expect.poll(() => attempts).toBe(2);
    await expect.poll(() => main.getByText('Still no connection. We will keep trying.').count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/\/complaint\/outbox$/);

    // Back online: the same complaint goes once, and the confirmation follows.
    await page.unroute('/api/complaints');
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Try again now' }).click();
    expect((await sent).status()).toBe(201);
    await expectConfirmation(page);
  });
});

describe('photos and documents', () => {
  /** From a finished complaint's check page to the evidence page, opened to change it. */
  async function openEvidence(page: Page) {
    await fillMinimalComplaint(page, 'Mould on the bathroom ceiling.');
    await arrive(page, '/complaint/check', CHECK_TITLE);
    await page.getByRole('link', { name: 'Change Photos or documents' }).click();
    await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
  }

  it(`shrinks a large photo on the phone to a JPEG at most ${MAX_IMAGE_EDGE} px on its longest side, and sends that`, async () => {
    const page = await open(PHONE);
    // Keeps the files of each multipart request the page sends, for the test to read back.
    await page.addInitScript(() => {
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => {
        if (init?.body instanceof FormData) {
          (window as unknown as { __sentAttachments: File[] }).__sentAttachments = init.body.getAll('attachments') as File[];
        }
        return original(input, init);
      };
    });
    await openEvidence(page);
    // A 4000 × 3000 photo of noise (so it does not compress away), over the size limit as chosen.
    const chosenBytes = await page.evaluate(async () => {
      const [width, height] = [4000, 3000];
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const image = context.createImageData(width, height);
      for (let i = 0; i < image.data.length; i += 65_536) crypto.getRandomValues(image.data.subarray(i, i + 65_536));
      context.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
      // As the file picker does: the input's files change, then its change event.
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'big-photo.jpg', { type: 'image/jpeg' }));
      const input = document.getElementById('attachments') as HTMLInputElement;
      input.files = transfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return blob.size;
    });
    expect(chosenBytes, 'the photo as chosen is over the limit').toBeGreaterThan(LIMITS.attachmentBytes);
    await expect.poll(() => page.getByTestId('file-list').locator('.file-list__name').allInnerTexts(), { timeout: 30_000 }).toEqual(['big-photo.jpg']);
    await clickContinue(page);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Photos or documents')).toBe('big-photo.jpg');

    const sent = page.waitForResponse((r) => r.url().endsWith('/api/complaints') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    expect((await sent).status()).toBe(201);
    // The request's attachments as sent (Chromium does not give tests a multipart body holding files).
    const attachments = await page.evaluate(() =>
      Promise.all(
        ((window as unknown as { __sentAttachments: File[] }).__sentAttachments ?? []).map(async (file) => ({
          type: file.type,
          base64: btoa(Array.from(new Uint8Array(await file.arrayBuffer()), (b) => String.fromCharCode(b)).join('')),
        })),
      ),
    );
    expect(attachments).toHaveLength(1);
    const photo = { type: attachments[0]!.type, body: Buffer.from(attachments[0]!.base64, 'base64') };
    expect(photo.type).toBe('image/jpeg');
    expect(photo.body.length).toBeLessThan(chosenBytes);
    expect(photo.body.length).toBeLessThanOrEqual(LIMITS.attachmentBytes);
    // Shrunk to fit, keeping the 4:3 shape: the longest side is exactly the limit.
    expect(jpegSize(photo.body)).toEqual({ width: MAX_IMAGE_EDGE, height: (MAX_IMAGE_EDGE * 3) / 4 });
    await expectConfirmation(page);
  });

  it('checks the number, size and type of files on the phone, beside the field and in the summary', async () => {
    const page = await open(PHONE);
    await openEvidence(page);
    const chooser = page.getByLabel('Choose photos or documents');
    const tooMany = `You can add up to ${LIMITS.attachments} files: remove some`;

    // One more file than allowed.
    await chooser.setInputFiles(
      Array.from({ length: LIMITS.attachments + 1 }, (_, i) => ({ name: `photo-${i + 1}.png`, mimeType: 'image/png', buffer: makePng(8, 6, [i * 40, 90, 90]) })),
    );
    const names = page.getByTestId('file-list').locator('.file-list__name');
    await expect.poll(() => names.count()).toBe(LIMITS.attachments + 1);
    await clickContinue(page);
    await showsErrors(page, [tooMany]);
    await expectFieldError(page, 'attachments', tooMany);
    await followSummaryLink(page, tooMany, 'attachments');
    // Removing one is enough.
    await page.getByRole('button', { name: `Remove photo-${LIMITS.attachments + 1}.png` }).click();
    await expect.poll(() => names.count()).toBe(LIMITS.attachments);
    for (let i = 1; i <= LIMITS.attachments; i++) await page.getByRole('button', { name: `Remove photo-${i}.png` }).click();
    await expect.poll(() => names.count()).toBe(0);

    // A document over the size limit (not a photo, so not shrunk), and a file that is neither photo nor PDF.
    const bigPdf = Buffer.alloc(LIMITS.attachmentBytes + 1024, 0x20);
    bigPdf.write('%PDF-1.4\n');
    await chooser.setInputFiles([
      { name: 'rent-statement.pdf', mimeType: 'application/pdf', buffer: bigPdf },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Called three times about the mould.\n') },
    ]);
    await expect.poll(() => names.allInnerTexts()).toEqual(['rent-statement.pdf', 'notes.txt']);
    const tooBig = `rent-statement.pdf is too big: each file must be ${LIMITS.attachmentBytes / 1024 / 1024} MB or smaller`;
    const wrongType = 'notes.txt is not a photo or PDF: choose a JPEG, PNG, WebP or PDF file';
    await clickContinue(page);
    await showsErrors(page, [tooBig, wrongType]);
    // Each beside its own file, which is described by it.
    for (const [index, message] of [tooBig, wrongType].entries()) {
      const item = page.getByTestId('file-list').locator('.file-list__item').nth(index);
      // The message, after the visually hidden "Error:" a screen reader hears first (GOV.UK).
      expect((await item.locator(`#attachments-${index}-error`).innerText()).replace(/\s+/g, ' ')).toBe(`Error: ${message}`);
      expect(await item.locator(`#attachments-${index}`).getAttribute('aria-describedby')).toBe(`attachments-${index}-error`);
    }
    await followSummaryLink(page, wrongType, 'attachments-1');
    // Fixed: nothing is sent that the server would refuse, and the check page follows.
    await page.getByRole('button', { name: 'Remove notes.txt' }).click();
    await page.getByRole('button', { name: 'Remove rent-statement.pdf' }).click();
    await expect.poll(() => names.count()).toBe(0);
    await clickContinue(page);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'Photos or documents')).toBe('None');
  });
});

describe('text that looks like HTML', () => {
  it('is shown as the words typed, and never run', async () => {
    const page = await open(DESKTOP);
    const typed = '<img src=x onerror="window.__xss=1"> and <b>bold</b> & <script>window.__xss=2</script>';
    await fillMinimalComplaint(page, typed);
    await arrive(page, '/complaint/check', CHECK_TITLE);
    expect(await summaryValue(page, 'What went wrong')).toBe(typed);
    const value = page.locator('.summary-list__row').filter({ has: page.locator('dt', { hasText: exactly('What went wrong') }) }).locator('dd.summary-list__value');
    expect(await value.locator('img, b, script').count()).toBe(0);
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await expectConfirmation(page);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  });
});

/** The shortest complete complaint from the start page to "Check your answers", with `description` as what went wrong. */
async function fillMinimalComplaint(page: Page, description: string) {
  await startComplaint(page);
  await page.getByLabel('I am the resident').check();
  await clickContinue(page);
  await arrive(page, '/complaint/name', 'What is your full name?');
  await page.getByLabel('What is your full name?').fill('Chris Resident');
  await clickContinue(page);
  await arrive(page, '/complaint/address', 'Where do you live?');
  await page.getByLabel('Tenancy reference (if known)').fill('T-9');
  await clickContinue(page);
  await arrive(page, '/complaint/contact', 'How should we contact you about your complaint?');
  await page.getByLabel('Text message').check();
  await page.getByLabel('Mobile phone number').fill('07700 900 123');
  await clickContinue(page);
  await arrive(page, '/complaint/what-happened', 'What went wrong?');
  await page.getByLabel('What went wrong?').fill(description);
  await clickContinue(page);
  const when = daysAgo(3);
  await arrive(page, '/complaint/when', 'When did it happen, or when did you find out about it?');
  await page.getByLabel('Day').fill(when.day);
  await page.getByLabel('Month').fill(when.month);
  await page.getByLabel('Year').fill(when.year);
  await clickContinue(page);
  await arrive(page, '/complaint/service-request', 'Is this about a repair or something else you have already asked for?');
  await page.getByLabel('No', { exact: true }).check();
  await clickContinue(page);
  await arrive(page, '/complaint/others-affected', 'Does this affect other households too?');
  await page.getByLabel('No', { exact: true }).check();
  await clickContinue(page);
  await arrive(page, '/complaint/outcome', 'What would you like to happen to put things right?');
  await page.getByLabel('What would you like to happen to put things right?').fill('Fix it.');
  await clickContinue(page);
  await arrive(page, '/complaint/evidence', 'Photos or documents (optional)');
  await clickContinue(page);
  await arrive(page, '/complaint/support', 'Do you need any support or changes to help you take part?');
  await page.getByLabel('No', { exact: true }).check();
  await clickContinue(page);
}
