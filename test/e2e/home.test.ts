/**
 * The start page says what the issue asks it to, in plain English, checked
 * statement by statement against the Complaint Handling Code: what a
 * complaint is (1.2), no need for the word (1.3), service requests (1.4, 1.5),
 * representatives (1.3, 3.6), the time limit (2.3), the two stages and their
 * timescales (3.4, 6.2–6.15, from shared/code.ts), other ways to complain
 * (3.1, from the landlord configuration) and the Ombudsman (3.7). Also: the
 * page without JavaScript, and the Content-Security-Policy check of the
 * browser tests, shown to catch a violation.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { COMPLAINT_TIME_LIMIT_MONTHS, TIMESCALES } from '../../shared/code.ts';
import { landlord } from '../../shared/config/landlord.ts';
import { describeOpeningHours } from '../../shared/config/opening-hours.ts';
import { PHONE, expectAccessible, expectOmbudsmanDetails, expectPage, localeText, sessionPerTest, workingDays } from './helpers.ts';

/** The phone line's hours as English readers see them, written out by hand: "Monday to Friday, 8am to 6pm". */
const ENGLISH_HOURS = 'Monday to Friday, 8am to 6pm';
/** The same, from the configuration through the app's own wording (so a change to landlord.json is followed). */
const hoursFromConfig = describeOpeningHours(
  landlord.contact.phoneHours,
  (key, values = {}) => localeText('en', key).replace(/{{(\w+)}}/g, (_, name: string) => values[name] ?? ''),
  'en',
);

const HOME_TITLE = `Complain to ${landlord.name}`;

/** Code 1.2, word for word, with the landlord named. */
const CODE_DEFINITION =
  'an expression of dissatisfaction, however made, about the standard of service, actions or lack of action by the landlord, ' +
  'its own staff, or those acting on its behalf, affecting a resident or group of residents.';

const sessions = sessionPerTest();

async function openHome(): Promise<Page> {
  const { page } = await sessions.open(PHONE);
  await page.goto('/');
  await expectPage(page, '/', HOME_TITLE, { focusHeading: false });
  await expectAccessible(page);
  return page;
}

/** The section of main that starts at the h2 `heading` and ends before the next h2, as text. */
function section(page: Page, heading: string): Promise<string> {
  return page.evaluate((heading) => {
    const h2 = [...document.querySelectorAll('main h2')].find((h) => h.textContent?.trim() === heading);
    if (!h2) return `(no section "${heading}")`;
    const parts: string[] = [];
    for (let el = h2.nextElementSibling; el && el.tagName !== 'H2'; el = el.nextElementSibling) {
      parts.push((el as HTMLElement).innerText.replace(/\s+/g, ' ').trim());
    }
    return parts.join('\n');
  }, heading);
}

/** One paragraph (or quote) in main with exactly this text. */
async function expectStatement(main: Locator, text: string) {
  await expect.poll(() => main.getByText(text, { exact: true }).count(), { message: text }).toBe(1);
}

describe('the start page', () => {
  it("gives the Code's definition of a complaint, and says the word is not needed (1.2, 1.3)", async () => {
    const page = await openHome();
    const main = page.locator('main');
    const quote = main.locator('blockquote');
    expect(await quote.innerText()).toBe(CODE_DEFINITION.replace('the landlord', landlord.name));
    const what = await section(page, 'What is a complaint?');
    expect(what).toContain("The Housing Ombudsman's Complaint Handling Code says a complaint is:");
    await expectStatement(
      main,
      'You do not have to use the word "complaint". If you tell us you are unhappy, in any words and in any way, we must give you the choice to make a complaint.',
    );
  });

  it('explains a service request, without requiring one, and that unhappiness with one is a complaint even while it goes on (1.4, 1.5)', async () => {
    const page = await openHome();
    const text = await section(page, 'Asking for something, or complaining?');
    // 1.4: what a service request is, and that it is not a complaint.
    expect(text).toContain('Asking us to put something right, like reporting a repair, is a "service request".');
    expect(text).toContain('A service request is not a complaint');
    // The Code never makes a service request a step before complaining.
    expect(text).toContain('you do not have to make one before you can complain');
    expect(text).not.toMatch(/ask us first/i);
    // 1.5: dissatisfaction with the handling is a complaint, even while the request is ongoing, and work goes on.
    expect(text).toContain('If you are unhappy with how we dealt with your request');
    expect(text).toContain('that is a complaint. You can complain even while we are still dealing with the request.');
    expect(text).toContain('Making a complaint will not stop us working on your request.');
  });

  it('says someone else can complain for you (1.3, 3.6)', async () => {
    const page = await openHome();
    const text = await section(page, 'Someone can complain for you');
    expect(text).toContain('can make a complaint for you, with your permission');
    expect(text).toMatch(/family member, friend, support worker, advocate or councillor/);
  });

  it('gives the 12-month guideline, and that older problems can still be accepted with good reason (2.3)', async () => {
    const page = await openHome();
    const text = await section(page, 'When to complain');
    expect(text).toContain(`Complain within ${COMPLAINT_TIME_LIMIT_MONTHS} months of the problem happening, or of you finding out about it.`);
    expect(text).toContain('If it was longer ago, still tell us. We will look at your reasons and your circumstances, and we can still accept it.');
  });

  it('gives both stages with their timescales in working days, extensions included, from shared/code.ts (3.4)', async () => {
    const page = await openHome();
    const text = await section(page, 'What happens after you complain');
    expect(text).toContain('There are two stages. Working days are Monday to Friday, not counting bank holidays.');
    const stages = page.locator('main ol.stages > li');
    expect(await stages.count()).toBe(2);
    const [stage1, stage2] = [(await stages.nth(0).innerText()).replace(/\s+/g, ' '), (await stages.nth(1).innerText()).replace(/\s+/g, ' ')];
    expect(stage1).toMatch(/^Stage 1 /);
    // Code 6.2, 6.3, 6.4.
    expect(stage1).toContain(`within ${workingDays(TIMESCALES.stage1Acknowledge)}.`);
    expect(stage1).toContain(`full answer within ${workingDays(TIMESCALES.stage1Response)} of acknowledging it`);
    expect(stage1).toContain(`no more than ${TIMESCALES.stage1Extension} extra working day`);
    expect(stage2).toMatch(/^Stage 2 /);
    // Code 6.12, 6.11, 6.13, 6.14, 6.15.
    expect(stage2).toContain('You do not have to give a reason.');
    expect(stage2).toContain(`acknowledge your request within ${workingDays(TIMESCALES.stage2Acknowledge)}.`);
    expect(stage2).toContain(`A different person will send you our final answer within ${workingDays(TIMESCALES.stage2Response)} of acknowledging it.`);
    expect(stage2).toContain(`no more than ${TIMESCALES.stage2Extension} extra working day`);
  });

  it("lists the other ways to complain and the policy from the landlord's configuration (3.1)", async () => {
    const page = await openHome();
    const main = page.locator('main');
    const text = await section(page, 'Other ways to complain');
    expect(text).toContain(`You can also complain to ${landlord.name} in any of these ways, or in person to any member of staff:`);
    const { contact } = landlord;
    expect(await main.getByRole('link', { name: contact.phone, exact: true }).getAttribute('href')).toBe(`tel:${contact.phone.replace(/\s/g, '')}`);
    expect(hoursFromConfig).toBe(ENGLISH_HOURS);
    expect(text).toContain(`${contact.phone} (${hoursFromConfig})`);
    expect(await main.getByRole('link', { name: contact.email, exact: true }).getAttribute('href')).toBe(`mailto:${contact.email}`);
    expect(text).toContain(contact.address.join(', '));
    if (contact.textRelay) expect(text).toContain(`Relay UK, if you cannot hear or speak on the phone: ${contact.textRelay}`);
    const policy = main.getByRole('link', { name: `Read the ${landlord.name} complaints policy` });
    expect(await policy.getAttribute('href')).toBe(landlord.policyUrl);
  });

  it('says how to reach the Housing Ombudsman (3.7)', async () => {
    const page = await openHome();
    await expectOmbudsmanDetails(page.locator('main'));
    expect(await section(page, 'The Housing Ombudsman')).toContain('The Housing Ombudsman Service is free and independent.');
  });
});

describe('the start page without JavaScript', () => {
  it("gives the landlord's contact channels from the configuration", async () => {
    const context = await sessions.browser().newContext({ viewport: PHONE, baseURL: inject('appUrl'), javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto('/');
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      // The page itself (rendered at build time), then, in <noscript>, why it cannot send and the other ways.
      expect(text).toContain(HOME_TITLE);
      expect(text).toContain(localeText('en', 'noscript.needs_javascript'));
      const { contact } = landlord;
      expect(text).toContain(`${contact.phone} (${hoursFromConfig})`);
      for (const part of [contact.phone, contact.email, contact.address.join(', '), contact.textRelay ?? '']) {
        expect(text).toContain(part);
      }
      const notice = page.getByTestId('noscript-notice');
      expect(await notice.getByRole('link', { name: contact.email }).getAttribute('href')).toBe(`mailto:${contact.email}`);
      expect(await notice.getByRole('link', { name: `Read the ${landlord.name} complaints policy` }).getAttribute('href')).toBe(landlord.policyUrl);
    } finally {
      await context.close();
    }
  });
});
