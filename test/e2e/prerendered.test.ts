/**
 * Every page readable from its HTML: the server sends each page rendered at
 * build time in the reader's language (the cookie the app sets, else
 * Accept-Language), "page not found" with 404; the app takes that HTML over
 * without re-rendering it (no hydration warning, the very same elements); and
 * with JavaScript off a page shows at least 90% of its text, in the reader's
 * language, with the other ways to complain.
 */
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { LANGUAGES, LANGUAGE_INFO, type Language } from '../../shared/languages.ts';
import { LANGUAGE_COOKIE } from '../../shared/pages.ts';
import { landlord } from '../../shared/config/landlord.ts';
import { PHONE, localeText, sessionPerTest } from './helpers.ts';

const sessions = sessionPerTest();
const SERVICE = (lng: Language) => localeText(lng, 'app.service_name');

/** Fetches a page as a browser would ask for it, without running anything. */
async function fetchPage(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, inject('appUrl')), { headers: { Accept: 'text/html', ...headers } });
  const html = await response.text();
  return {
    status: response.status,
    html,
    contentLanguage: response.headers.get('Content-Language'),
    vary: response.headers.get('Vary') ?? '',
    lang: /<html lang="([^"]+)" dir="([^"]+)">/.exec(html)?.slice(1) ?? [],
    title: /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  };
}

describe('the server sends each page as HTML in the reader\'s language', () => {
  it('follows Accept-Language as the app does on a first visit (pt-BR → Português; no language of ours → English)', async () => {
    const pt = await fetchPage('/', { 'Accept-Language': 'de-DE,pt-BR;q=0.9,en;q=0.5' });
    expect(pt.status).toBe(200);
    expect(pt.contentLanguage).toBe('pt');
    expect(pt.lang).toEqual(['pt', 'ltr']);
    expect(pt.title).toBe(`${localeText('pt', 'home.title')} – ${SERVICE('pt')}`);
    expect(pt.vary).toMatch(/Cookie/);
    expect(pt.vary).toMatch(/Accept-Language/);
    // The page itself, not an empty shell: the start page's sections are in the HTML.
    expect(pt.html).toContain(localeText('pt', 'home.stages.title'));
    expect(pt.html).toContain(landlord.contact.email);
    const de = await fetchPage('/', { 'Accept-Language': 'de-DE' });
    expect(de.contentLanguage).toBe('en');
    // q=0 means "not this one".
    const refused = await fetchPage('/', { 'Accept-Language': 'cy;q=0, pl;q=0.4' });
    expect(refused.contentLanguage).toBe('pl');
  });

  it('prefers the language chosen in the app (its cookie) to the browser\'s, and ignores a cookie naming no language of ours', async () => {
    const chosen = await fetchPage('/complaint/who', { 'Accept-Language': 'en-GB', Cookie: `other=1; ${LANGUAGE_COOKIE}=ar` });
    expect(chosen.contentLanguage).toBe('ar');
    expect(chosen.lang).toEqual(['ar', 'rtl']);
    expect(chosen.title).toBe(`${localeText('ar', 'complaint.who.title')} – ${SERVICE('ar')}`);
    const unknown = await fetchPage('/complaint/who', { 'Accept-Language': 'ro', Cookie: `${LANGUAGE_COOKIE}=xx` });
    expect(unknown.contentLanguage).toBe('ro');
  });

  it('answers a path no page has with "page not found", status 404, in the reader\'s language', async () => {
    for (const path of ['/no-such-page', '/complaint/nothing', '/drafts/x', '/robots.php']) {
      const page = await fetchPage(path, { 'Accept-Language': 'cy' });
      expect(page.status, path).toBe(404);
      expect(page.contentLanguage, path).toBe('cy');
      expect(page.title, path).toBe(`${localeText('cy', 'not_found.title')} – ${SERVICE('cy')}`);
    }
    // The API keeps its JSON answer, naming what was not found (every refusal has a field path).
    const api = await fetch(new URL('/api/nothing', inject('appUrl')));
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', issues: [{ path: ['url'], code: 'not_found' }] } });
  });

  it('sends the app\'s shell for pages that show what is on the phone (check your answers, a receipt, deleting a draft)', async () => {
    for (const path of ['/complaint/check', '/complaint/confirmation', '/drafts/3f1c/delete']) {
      const page = await fetchPage(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).toContain('<div id="app"></div>');
    }
  });
});

/** Records `main h1` as the HTML has it, before any script runs, and every console message. */
async function watchHydration(page: Page) {
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      if (document.readyState === 'interactive') (window as { prerenderedHeading?: Element | null }).prerenderedHeading = document.querySelector('main h1');
    });
  });
  return {
    messages,
    /** Waits for the app to take over, then says whether the heading is still the element the HTML made. */
    async sameHeading(): Promise<boolean> {
      await page.waitForFunction(() => (document.getElementById('app') as { __vue_app__?: unknown } | null)?.__vue_app__ !== undefined);
      await page.waitForLoadState('networkidle');
      return page.evaluate(() => {
        const before = (window as { prerenderedHeading?: Element | null }).prerenderedHeading;
        return !!before && before.isConnected && before === document.querySelector('main h1');
      });
    },
  };
}

const INFO_PAGES = ['/', '/drafts', '/complaint/outbox', '/page-that-is-not-there'];
const QUESTION_PAGES = ['/complaint/who', '/complaint/name', '/complaint/contact', '/complaint/what-happened', '/complaint/when', '/complaint/evidence', '/complaint/support'];

describe('the app takes the HTML over as it is', () => {
  it.each(LANGUAGES)('the start page in %s: no hydration warning, the same elements', async (lng) => {
    const { page } = await sessions.open(PHONE, { locale: lng });
    const hydration = await watchHydration(page);
    await page.goto('/');
    expect(await hydration.sameHeading()).toBe(true);
    expect(hydration.messages.filter((m) => /hydrat/i.test(m))).toEqual([]);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lng, LANGUAGE_INFO[lng].dir]);
  });

  it.each(['en', 'ar'] as const)('every information and question page in %s', async (lng) => {
    const { page } = await sessions.open(PHONE, { locale: lng });
    const hydration = await watchHydration(page);
    for (const path of [...INFO_PAGES, ...QUESTION_PAGES]) {
      await page.goto(path);
      expect(await hydration.sameHeading(), path).toBe(true);
    }
    expect(hydration.messages.filter((m) => /hydrat/i.test(m))).toEqual([]);
  });

  it('a language chosen in the app comes back from the server on the next visit, and is hydrated', async () => {
    const { page, context } = await sessions.open(PHONE, { locale: 'en-GB' });
    const hydration = await watchHydration(page);
    await page.goto('/');
    expect(await hydration.sameHeading()).toBe(true);
    await page.getByTestId('language-toggle').click();
    await page.getByRole('button', { name: 'Polski' }).click();
    await expect.poll(() => page.locator('main h1').innerText()).toBe(localeText('pl', 'home.title'));
    expect((await context.cookies()).find((c) => c.name === LANGUAGE_COOKIE)?.value).toBe('pl');
    const response = await page.goto('/complaint/name');
    expect(response?.headers()['content-language']).toBe('pl');
    expect(await hydration.sameHeading()).toBe(true);
    expect(hydration.messages.filter((m) => /hydrat/i.test(m))).toEqual([]);
  });

  it('a question page with answers already given is rendered by the app (the HTML has none), with no warning', async () => {
    const { page } = await sessions.open(PHONE);
    const hydration = await watchHydration(page);
    await page.goto('/');
    await page.getByRole('button', { name: localeText('en', 'home.start') }).click();
    await page.getByLabel(localeText('en', 'complaint.who.resident')).check();
    await page.getByRole('button', { name: localeText('en', 'common.continue') }).click();
    await page.getByLabel(localeText('en', 'complaint.name.title')).fill('Amira Begum');
    // Saved on the phone (a moment after typing) before the page is opened again.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            new Promise<string>((resolve) => {
              const open = indexedDB.open('complaints');
              // Not made here if the app has not made it yet.
              open.onupgradeneeded = () => open.transaction?.abort();
              open.onsuccess = () => {
                const all = open.result.transaction('drafts').objectStore('drafts').getAll();
                all.onsuccess = () => resolve(JSON.stringify(all.result));
              };
              open.onerror = () => resolve('');
            }),
        ),
      )
      .toContain('Amira Begum');
    await page.reload();
    expect(await hydration.sameHeading()).toBe(false);
    await expect.poll(() => page.getByLabel(localeText('en', 'complaint.name.title')).inputValue()).toBe('Amira Begum');
    expect(hydration.messages.filter((m) => /hydrat/i.test(m))).toEqual([]);
  });
});

/** The page's visible text, as a reader sees it. */
const visibleText = (page: Page) => page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').trim());

describe('with JavaScript off', () => {
  it.each([
    ['/', 'en'],
    ['/', 'cy'],
    ['/', 'ar'],
    ['/complaint/what-happened', 'pl'],
    ['/drafts', 'so'],
    ['/page-that-is-not-there', 'bn'],
  ] as const)('%s in %s shows at least 90% of its text, in that language, and the other ways to complain', async (path, lng) => {
    const { page } = await sessions.open(PHONE, { locale: lng });
    await page.goto(path);
    await page.waitForFunction(() => (document.getElementById('app') as { __vue_app__?: unknown } | null)?.__vue_app__ !== undefined);
    await page.waitForLoadState('networkidle');
    const withScript = await visibleText(page);

    let context: BrowserContext | undefined;
    try {
      context = await sessions.browser().newContext({ viewport: PHONE, locale: lng, javaScriptEnabled: false, baseURL: inject('appUrl') });
      const off = await context.newPage();
      await off.goto(path);
      const withoutScript = await visibleText(off);
      expect(withoutScript.length / withScript.length, `${withoutScript.length} of ${withScript.length} characters`).toBeGreaterThanOrEqual(0.9);
      expect(await off.evaluate(() => document.documentElement.lang)).toBe(lng);
      expect(await off.locator('main h1').innerText()).toBe(await page.locator('main h1').innerText());
      const notice = off.getByTestId('noscript-notice');
      expect(await notice.isVisible()).toBe(true);
      const noticeText = await notice.innerText();
      expect(noticeText).toContain(localeText(lng, 'noscript.needs_javascript').split('{{')[0]!.trim().slice(0, 20));
      for (const detail of [landlord.contact.phone, landlord.contact.email, landlord.contact.address[0]!]) expect(noticeText).toContain(detail);
    } finally {
      await context?.close();
    }
  });
});
