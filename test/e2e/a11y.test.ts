/**
 * Every route the router defines, opened directly: axe (WCAG 2.2 AA) at 400%
 * zoom (1280 px / 4 = a 320 CSS px viewport) and on a desktop screen, no
 * sideways scrolling at 320 px (WCAG 1.4.10), the page's own heading shown,
 * and no untranslated key on screen.
 *
 * The routes are the route table's (client/router/route-table.ts): a new
 * route fails this test until it is given its expected heading in
 * ROUTE_HEADINGS (helpers.ts), so none is left unchecked.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, horizontalOverflow } from '../support/browser.ts';
import { DESKTOP, NARROW, ROUTE_HEADINGS as HEADINGS, ROUTE_PATHS, SERVICE_NAME, sessionPerTest } from './helpers.ts';

/** An i18n key shown instead of words ("complaint.who.title"): a missing translation. */
const RAW_KEY = /(?<![\w@.-])(?:app|common|home|ombudsman|landlord_contact|not_found|complaint|check|confirmation|errors|outbox|drafts|notices|settings|translation|follow|ombudsman_page|sign_in)\.[a-z_]+(?:\.[a-z_]+)*\b/;

const PATHS = ROUTE_PATHS;

const sessions = sessionPerTest();

describe('the routes table', () => {
  it('is read whole: every step of the journey, the start page and the catch-all', () => {
    expect(PATHS).toContain('/');
    expect(PATHS).toContain('/complaint/who');
    expect(PATHS).toContain('/complaint/check');
    expect(PATHS).toContain('/complaint/confirmation');
    expect(PATHS).toContain('/nope');
    expect(new Set(PATHS).size).toBe(PATHS.length);
    expect(PATHS.filter((p) => !(p in HEADINGS)), 'routes with no expected heading in a11y.test.ts').toEqual([]);
  });
});

describe.each(PATHS)('%s', (route) => {
  it('passes axe at 400% zoom (320 px) and on a desktop, and reflows without sideways scrolling', async () => {
    const { page } = await sessions.open(NARROW);
    await page.goto(route);
    const heading = HEADINGS[route]!;
    await expect.poll(() => page.locator('main h1').innerText(), { message: `h1 on ${route}` }).toBe(heading);
    await expect.poll(() => page.title()).toBe(`${heading} – ${SERVICE_NAME}`);
    expect(await page.locator('h1').count(), 'one h1').toBe(1);
    expect(await page.locator('body').innerText()).not.toMatch(RAW_KEY);

    expect(await horizontalOverflow(page), `horizontal overflow at 320 px`).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);

    await page.setViewportSize(DESKTOP);
    expect(await horizontalOverflow(page), `horizontal overflow at 1280 px`).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});

/** Every route again in Welsh and in the two right-to-left languages, at both sizes (issue: every page in every language). */
describe.each(['cy', 'ur', 'ar'] as const)('in %s', (lng) => {
  const dir = lng === 'cy' ? 'ltr' : 'rtl';
  it.each(PATHS)('%s passes axe at 320 px and 1280 px, in its language and direction, and reflows', async (route) => {
    const session = await sessions.open(NARROW);
    const { page } = session;
    await session.context.addInitScript((language) => localStorage.setItem('complaints:language', language), lng);
    await page.goto(route);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lng);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
    const heading = page.locator('main h1');
    // Not the English heading (the server sent English HTML: no language cookie here, so the app renders
    // the page again in the language kept on the phone), and no key shown in place of words.
    await expect
      .poll(async () => { const text = await heading.innerText(); return text !== '' && text !== HEADINGS[route]; }, { message: `h1 on ${route}` })
      .toBe(true);
    expect(await page.locator('body').innerText()).not.toMatch(RAW_KEY);
    // The title follows the heading, also where the heading changes once data has loaded.
    await expect
      .poll(async () => {
        const text = await heading.innerText();
        return text !== '' && (await page.title()).startsWith(text);
      })
      .toBe(true);
    expect(await horizontalOverflow(page), 'horizontal overflow at 320 px').toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    await page.setViewportSize(DESKTOP);
    expect(await horizontalOverflow(page), 'horizontal overflow at 1280 px').toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});

/** Dark colour scheme, Windows high contrast (forced colours) and reduced motion: still readable and operable. */
describe.each([
  { name: 'a dark colour scheme', media: { colorScheme: 'dark' as const } },
  { name: 'forced colours', media: { forcedColors: 'active' as const } },
  { name: 'reduced motion', media: { reducedMotion: 'reduce' as const } },
])('with $name', ({ media }) => {
  it.each(['/', '/complaint/who', '/complaint/check', '/drafts'])('%s passes axe, errors shown too', async (route) => {
    const { page } = await sessions.open(NARROW);
    await page.emulateMedia(media);
    await page.goto(route);
    await expect.poll(() => page.locator('main h1').innerText()).toBe(HEADINGS[route]);
    await expectNoAxeViolations(page);
    if (route === '/complaint/who') {
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.getByTestId('error-summary').waitFor();
      await expectNoAxeViolations(page);
    }
  });
});
