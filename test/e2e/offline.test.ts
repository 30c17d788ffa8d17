/**
 * Works with no signal (issue: installable PWA, drafts never lost, offline
 * complaints send themselves). Real Chromium, real service worker, the real
 * server on a throwaway PostgreSQL so the database can be checked directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { expectNoAxeViolations, launchBrowser, launchPersistent } from '../support/browser.ts';
import { PHONE, REFERENCE, ROUTE_HEADINGS, ROUTE_PATHS, clickContinue, continueTo, localeText, makePng, reassertOffline, writeComplaint } from './helpers.ts';

let postgres: PostgresServer;
let server: RunningServer;
let staticDir: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** Every route of the app with the heading it shows opened directly (the route table's, as a11y.test.ts checks them). */
const ROUTES: [string, string][] = ROUTE_PATHS.map((path) => [path, ROUTE_HEADINGS[path]!]);

async function query<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const complaintCount = async () => Number((await query<{ n: string }>('select count(*) as n from complaints'))[0]!.n);

beforeAll(async () => {
  postgres = startPostgres();
  // A copy of the build, so a test can publish a "new version" of the service worker.
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-static-'));
  fs.cpSync('dist', staticDir, { recursive: true });
  server = await startServer({ staticDir, env: { DATABASE_URL: postgres.url } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  postgres?.stop();
  if (staticDir) fs.rmSync(staticDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  // The record of a complaint is append-only (a trigger refuses TRUNCATE of complaint_events):
  // only the test's superuser, with triggers off for its own session, can empty it between tests.
  await query('set session_replication_role = replica; truncate complaints cascade');
});

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  return context;
}

/** Opens the app and waits until its service worker controls the page (ready to work offline). */
async function openControlled(context: BrowserContext, pathname = '/'): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(new URL(pathname, server.url).href);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page;
}

/** Chromium may still be writing its profile for a moment after closing. */
const removeProfile = (dir: string) => {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch {
    // Best effort: a temporary directory left behind is harmless.
  }
};

const heading = (page: Page) => page.locator('main h1').first();

/** A mark left on the page's window: gone if the page reloads, however the draft comes back afterwards. */
const markPage = (page: Page) => page.evaluate(() => ((window as Window & { notReloaded?: true }).notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as Window & { notReloaded?: true }).notReloaded === true);

/** The entry script of the version running in the page (a new version's names end in -v2). */
const runningScript = (page: Page) => page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src') ?? '');

const reloadButton = (page: Page) => page.getByTestId('update-banner').getByRole('button', { name: 'Reload' });

/**
 * Publishes a new version into the served copy of the build, as a deploy does:
 * every chunk under a new name and the old files gone from the server, with the
 * shell, the chunks and the service worker's precache list naming the new files.
 */
function publishNewVersion() {
  const assets = path.join(staticDir, 'assets');
  const names = fs.readdirSync(assets);
  const renamed = new Map(names.map((name) => [name, name.replace(/(\.\w+)$/, '-v2$1')]));
  const named = new RegExp(`(?<=/)(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  const rename = (text: string) => text.replace(named, (name) => renamed.get(name)!);
  for (const name of names) {
    fs.writeFileSync(path.join(assets, renamed.get(name)!), rename(fs.readFileSync(path.join(assets, name), 'utf8')));
    fs.rmSync(path.join(assets, name));
  }
  const html = path.join(staticDir, 'index.html');
  fs.writeFileSync(html, rename(fs.readFileSync(html, 'utf8')));
  // The prerendered pages name the new files too, and are a new build's pages.
  const pagesDir = path.join(staticDir, 'html');
  for (const file of fs.readdirSync(pagesDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'))) {
    fs.writeFileSync(path.join(pagesDir, file), rename(fs.readFileSync(path.join(pagesDir, file), 'utf8')));
  }
  const pagesManifest = path.join(pagesDir, 'manifest.json');
  fs.writeFileSync(pagesManifest, fs.readFileSync(pagesManifest, 'utf8').replace(/"build": "(\w+)"/, '"build": "$1-v2"'));
  const sw = path.join(staticDir, 'sw.js');
  const manifest = rename(fs.readFileSync(sw, 'utf8'))
    .replace(/"revision":"\w+","url":"index.html"/, '"revision":"v2","url":"index.html"')
    .replace(/"revision":"\w+","url":"html\/manifest.json"/, '"revision":"v2","url":"html/manifest.json"');
  expect(manifest, 'the new shell is precached afresh').toContain('"revision":"v2","url":"index.html"');
  expect(manifest, "the new pages' manifest is precached afresh").toContain('"revision":"v2","url":"html/manifest.json"');
  fs.writeFileSync(sw, manifest);
}

/** Puts the build as it was back on the server, for the tests after. */
function restoreBuild() {
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.cpSync('dist', staticDir, { recursive: true });
}

/** Writes a complaint in a new context and presses "Send" with no connection: it waits in the outbox. */
async function queueOffline(description: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext();
  const page = await openControlled(context);
  await writeComplaint(page, { description });
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Send complaint' }).click();
  await expect.poll(() => heading(page).innerText()).toBe('Your complaint is saved on this phone');
  return { context, page };
}

/** Every request sending a complaint from now on, named by who made it: a page (by its URL) or the service worker. */
function recordSends(context: BrowserContext): string[] {
  const sends: string[] = [];
  // Requests that reached the server (they have an answer): a try cut off by the network on its way
  // out (the browser still going back online) delivered nothing, and a second try after it is right.
  context.on('requestfinished', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/api/complaints') return;
    sends.push(request.serviceWorker() ? 'service worker' : `page ${context.pages().indexOf(request.frame().page())}`);
  });
  return sends;
}

describe('installable and offline', () => {
  it('opens every route with no network after the first visit, and never serves the API from a cache', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    // Online first, so a service worker (or HTTP cache) that kept API answers would have one to serve.
    const online = await page.evaluate(async () => {
      const response = await fetch('/api/health');
      return { status: response.status, cacheControl: response.headers.get('cache-control') };
    });
    expect(online).toEqual({ status: 200, cacheControl: 'no-store' });
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => heading(page).innerText()).toBe(ROUTES[0]![1]);
    await reassertOffline(page);
    await expect.poll(() => page.getByTestId('offline-notice').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    for (const [pathname, title] of ROUTES) {
      await page.goto(new URL(pathname, server.url).href);
      await expect.poll(() => heading(page).innerText(), { message: pathname }).toBe(title);
    }
    const api = await page.evaluate(() =>
      fetch('/api/health').then(
        (r) => `answered ${r.status}`,
        () => 'failed',
      ),
    );
    expect(api).toBe('failed');
  });

  it('switches to Welsh and to Arabic with no network after the first visit: every language file is kept on the phone', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => heading(page).innerText()).toBe(ROUTES[0]![1]);
    for (const [name, lng, dir] of [['Cymraeg', 'cy', 'ltr'], ['العربية', 'ar', 'rtl']] as const) {
      await page.getByTestId('language-toggle').click();
      await page.getByRole('button', { name, exact: true }).click();
      await expect.poll(() => heading(page).innerText(), { message: lng }).toBe(localeText(lng, 'home.title'));
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lng, dir]);
    }
  });

  it('passes Chromium installability checks with a complete manifest', async () => {
    // Installability is judged outside incognito: a profile of its own.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-profile-'));
    const context = await launchPersistent(profile, { viewport: PHONE, baseURL: server.url });
    contexts.push(context);
    const page = await openControlled(context);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href;
      return (await fetch(href)).json();
    });
    expect(manifest).toMatchObject({
      name: 'Make or follow a complaint – Riverside Community Homes',
      short_name: 'Riverside',
      start_url: '/?launch=app',
      display: 'standalone',
      lang: 'en',
      dir: 'ltr',
      theme_color: '#1d4f91',
    });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }
    await context.close();
    removeProfile(profile);
  });

  it('announces a new version with a banner, never reloads by itself, and keeps the draft through the update', async () => {
    const context = await newContext();
    const page = await openControlled(context, '/');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel('I am the resident').check();
    await clickContinue(page);
    await page.getByLabel('What is your full name?').fill('Amina Kh');
    const swFile = path.join(staticDir, 'sw.js');
    const original = fs.readFileSync(swFile, 'utf8');
    try {
      await markPage(page);
      fs.writeFileSync(swFile, `${original}\n// a new version\n`);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      const banner = page.getByTestId('update-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('A new version of this app is available.');
      await expectNoAxeViolations(page);
      // Still typing: nothing reloads underneath.
      await page.getByLabel('What is your full name?').pressSequentially('an');
      await page.waitForTimeout(500);
      expect(await page.getByLabel('What is your full name?').inputValue()).toBe('Amina Khan');
      // The same page all along: the draft coming back from storage would hide a reload, the mark does not.
      expect(await notReloaded(page), 'the page has not reloaded before "Reload" was pressed').toBe(true);
      await Promise.all([page.waitForEvent('load'), reloadButton(page).click()]);
      expect(await notReloaded(page), 'pressing "Reload" reloaded the page').toBe(false);
      await expect.poll(() => page.getByLabel('What is your full name?').inputValue()).toBe('Amina Khan');
      expect(new URL(page.url()).pathname).toBe('/complaint/name');
    } finally {
      fs.writeFileSync(swFile, original);
    }
  });

  it('brings every open tab to the new version when "Reload" is pressed in one, and loses no draft', async () => {
    const context = await newContext();
    // Three tabs: one where "Reload" is pressed, one where someone is typing, one about to open another page.
    const reloading = await openControlled(context, '/');
    const typing = await context.newPage();
    await typing.goto(new URL('/', server.url).href);
    await typing.getByRole('button', { name: 'Start now' }).click();
    await typing.getByLabel('I am the resident').check();
    await continueTo(typing, 'What is your full name?');
    await typing.getByLabel('What is your full name?').fill('Amina Kh');
    await typing.waitForTimeout(400);
    const browsing = await context.newPage();
    await browsing.goto(new URL('/', server.url).href);
    await browsing.getByTestId('unfinished-drafts').waitFor();
    const tabs = [reloading, typing, browsing];
    const oldScript = await runningScript(reloading);
    for (const tab of tabs) await markPage(tab);
    try {
      publishNewVersion();
      await reloading.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
      for (const tab of tabs) await tab.getByTestId('update-banner').waitFor();

      await Promise.all([reloading.waitForEvent('load'), reloadButton(reloading).click()]);
      await expect.poll(() => runningScript(reloading)).toBe(oldScript.replace('.js', '-v2.js'));
      await expect.poll(() => reloading.getByTestId('update-banner').count()).toBe(0);

      // The new version now controls the other tabs too, which still run the old code: nothing reloaded underneath.
      await typing.getByLabel('What is your full name?').pressSequentially('an');
      await typing.waitForTimeout(500);
      for (const tab of [typing, browsing]) {
        expect(await notReloaded(tab), 'no tab reloads by itself').toBe(true);
        expect(await runningScript(tab)).toBe(oldScript);
        expect(await reloadButton(tab).isEnabled(), 'the banner still offers a working "Reload"').toBe(true);
      }

      // Opening a page whose old code is gone from the server loads that page in the new version.
      // (Nor kept by the browser's HTTP cache, where the old service worker's precaching left them.)
      await (await context.newCDPSession(browsing)).send('Network.clearBrowserCache');
      await browsing.getByRole('link', { name: 'Continue a saved complaint' }).click();
      await expect.poll(() => runningScript(browsing)).toBe(oldScript.replace('.js', '-v2.js'));
      await expect.poll(() => heading(browsing).innerText()).toBe('Your complaints and drafts');
      expect(new URL(browsing.url()).pathname).toBe('/drafts');
      await expect.poll(() => browsing.getByTestId('draft-list').locator('li').count()).toBe(1);

      // The typing tab's "Reload" works though no new version is waiting any more, and keeps every word.
      await Promise.all([typing.waitForEvent('load'), reloadButton(typing).click()]);
      await expect.poll(() => runningScript(typing)).toBe(oldScript.replace('.js', '-v2.js'));
      expect(new URL(typing.url()).pathname).toBe('/complaint/name');
      await expect.poll(() => typing.getByLabel('What is your full name?').inputValue()).toBe('Amina Khan');
    } finally {
      restoreBuild();
    }
  });
});

describe('drafts on the device', () => {
  it('brings back a draft closed mid-sentence, word for word, with its photo', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-profile-'));
    try {
      const options = { viewport: PHONE, baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/London' };
      let context = await launchPersistent(profile, options);
      let page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.getByLabel('I am the resident').check();
      await clickContinue(page);
      await page.goto('/complaint/evidence');
      // The page's HTML comes first, its controls disabled until the app runs (setInputFiles would not wait).
      await expect.poll(() => page.getByLabel('Choose photos or documents').isEnabled()).toBe(true);
      await page.getByLabel('Choose photos or documents').setInputFiles({
        name: 'bedroom-wall.png',
        mimeType: 'image/png',
        buffer: makePng(64, 48, [40, 90, 40]),
      });
      await page.getByTestId('file-list').locator('.file-list__name').waitFor();
      await page.goto('/complaint/what-happened');
      const words = 'The black mould on the bedroom wall came back six weeks after the repair and the';
      await expect.poll(() => page.getByLabel('What went wrong?').isEnabled()).toBe(true);
      await page.getByLabel('What went wrong?').pressSequentially(words, { delay: 5 });
      await page.waitForTimeout(400); // a moment after the last keystroke
      await context.close(); // the tab, the browser, the battery: gone

      context = await launchPersistent(profile, options);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await expect.poll(() => page.getByTestId('unfinished-drafts').innerText()).toContain('1 unfinished complaint');
      await page.goto('/complaint/what-happened');
      await expect.poll(() => page.getByLabel('What went wrong?').inputValue()).toBe(words);
      await page.goto('/complaint/evidence');
      const item = page.getByTestId('file-list').locator('li');
      await expect.poll(() => item.count()).toBe(1);
      expect(await item.innerText()).toContain('bedroom-wall');
      // The photo itself came back, not just its name.
      const decoded = await item.locator('img').evaluate(async (img: HTMLImageElement) => {
        await img.decode();
        return img.naturalWidth > 0;
      });
      expect(decoded).toBe(true);
      await context.close();
    } finally {
      removeProfile(profile);
    }
  });

  it('lists drafts, never overwrites one when starting another, and deletes only after confirmation', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    for (const description of ['Lift broken for three weeks', 'Rubbish not collected']) {
      await page.goto(new URL('/', server.url).href);
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.getByLabel('I am the resident').check();
      await clickContinue(page);
      await page.goto(new URL('/complaint/what-happened', server.url).href);
      await page.getByLabel('What went wrong?').fill(description);
      await clickContinue(page);
      await page.waitForTimeout(400);
    }
    await page.goto(new URL('/drafts', server.url).href);
    const list = page.getByTestId('draft-list');
    await expect.poll(() => list.locator('li').count()).toBe(2);
    expect(await list.innerText()).toContain('Lift broken for three weeks');
    expect(await list.innerText()).toContain('Rubbish not collected');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: /^Delete\W+Lift broken for three weeks$/ }).click();
    await expect.poll(() => heading(page).innerText()).toBe('Are you sure you want to delete this draft?');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'No, keep it' }).click();
    await expect.poll(() => list.locator('li').count()).toBe(2);
    await page.getByRole('link', { name: /^Delete\W+Lift broken for three weeks$/ }).click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => list.locator('li').count()).toBe(1);
    expect(await list.innerText()).not.toContain('Lift broken');

    await page.getByRole('button', { name: /^Continue\W+Rubbish not collected$/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/complaint/when');
  });

  it('says so in words when the device is out of space, and keeps what is on the page', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel('I am the resident').check();
    await clickContinue(page);
    await expect.poll(() => heading(page).innerText()).toBe('What is your full name?');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 1 });
    await page.getByLabel('What is your full name?').fill('Amina Khan-Begum');
    const error = page.getByTestId('save-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Your phone is out of space');
    expect(await page.getByLabel('What is your full name?').inputValue()).toBe('Amina Khan-Begum');
    await expectNoAxeViolations(page);
  });
});

describe('sending with no connection', () => {
  it('queues a complaint sent offline, then delivers it exactly once when back online, though the first try fails half-way', async () => {
    const { context, page } = await queueOffline('Damp in the kitchen; reported twice, nobody came.');
    expect(await page.locator('main').innerText()).toContain('sent automatically as soon as your phone is back online');
    await expectNoAxeViolations(page);
    expect(await complaintCount()).toBe(0);
    // Handed to Background Sync, which this browser has.
    const tags = await page.evaluate(async () => {
      const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
        sync: { getTags(): Promise<string[]> };
      };
      return registration.sync.getTags();
    });
    expect(tags).toContain('complaints-outbox');

    // The first attempt reaches the server, but the answer is lost on the way back.
    let attempts = 0;
    await context.route('**/api/complaints', async (route) => {
      attempts++;
      if (attempts === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await context.setOffline(false);
    await expect.poll(() => attempts).toBeGreaterThanOrEqual(1);
    await expect.poll(complaintCount).toBe(1);
    // Still waiting on this phone: try again now.
    if (new URL(page.url()).pathname === '/complaint/outbox') {
      await page.getByTestId('try-again').click().catch(() => undefined);
    }
    await expect.poll(() => heading(page).innerText(), { timeout: 20_000 }).toBe('Complaint sent');
    const reference = await page.getByTestId('reference').innerText();
    expect(reference).toMatch(REFERENCE);
    const rows = await query<{ reference: string }>('select reference from complaints');
    expect(rows).toEqual([{ reference }]);
    expect(attempts).toBeGreaterThanOrEqual(2);
  });

  it('sends once the server is back after being killed, and the receipt stays on the device', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    await writeComplaint(page, { description: 'Heating off since Monday.' });
    const port = new URL(server.url).port;
    await server.stop('SIGKILL');
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await expect.poll(() => heading(page).innerText()).toBe('Your complaint is saved on this phone');
    await page.getByTestId('try-again').click();
    await expect.poll(() => page.locator('main').innerText()).toContain('We will keep trying');
    server = await startServer({ staticDir, env: { DATABASE_URL: postgres.url, PORT: port } });
    await page.getByTestId('try-again').click();
    await expect.poll(() => heading(page).innerText(), { timeout: 20_000 }).toBe('Complaint sent');
    const reference = await page.getByTestId('reference').innerText();
    expect(await complaintCount()).toBe(1);
    // Kept on this phone: the confirmation opens again, offline, from the list.
    await context.setOffline(true);
    await page.goto(new URL('/drafts', server.url).href);
    await page.getByRole('link', { name: reference }).click();
    await expect.poll(() => page.getByTestId('reference').innerText()).toBe(reference);
  });

  it('cannot be sent twice from two tabs', async () => {
    const { context, page: first } = await queueOffline('Window will not close.');
    const second = await context.newPage();
    await second.goto(new URL('/complaint/outbox', server.url).href);
    await expect.poll(() => heading(second).innerText()).toBe('Your complaint is saved on this phone');
    // Every attempt either tab or the service worker makes from here: the server's idempotency alone
    // would keep the database at one row, so the device itself must send only once.
    const sends = recordSends(context);
    await context.setOffline(false);
    await Promise.all([
      second.getByTestId('try-again').click({ timeout: 2_000 }).catch(() => undefined),
      first.getByTestId('try-again').click({ timeout: 2_000 }).catch(() => undefined),
    ]);
    await expect.poll(() => heading(first).innerText(), { timeout: 20_000 }).toBe('Complaint sent');
    await expect.poll(() => heading(second).innerText(), { timeout: 20_000 }).toBe('Complaint sent');
    expect(await complaintCount()).toBe(1);
    expect(await first.getByTestId('reference').innerText()).toBe(await second.getByTestId('reference').innerText());
    expect(sends, 'requests sending the complaint').toHaveLength(1);
  });

  it('is delivered by Background Sync with no page of the app open', async () => {
    const { context, page } = await queueOffline('Lights out on the stairs.');
    const sends = recordSends(context);
    // "You can close the app": every page closed, so only the service worker can send it.
    await page.close();
    expect(context.pages()).toEqual([]);
    await context.setOffline(false);
    await expect.poll(complaintCount, { timeout: 20_000 }).toBe(1);
    expect(sends, 'sent once, by the service worker').toEqual(['service worker']);
  });

  it('sends an action on a complaint queued with no connection (a withdrawal) once, from two open tabs, when back online', async () => {
    const context = await newContext();
    const page = await openControlled(context);
    await writeComplaint(page, { description: 'Fence blown down.' });
    await page.getByRole('button', { name: 'Send complaint' }).click();
    await expect.poll(() => heading(page).innerText()).toBe('Complaint sent');
    const reference = await page.getByTestId('reference').innerText();
    const second = await context.newPage();
    for (const tab of [page, second]) {
      await tab.goto(new URL('/complaint/outbox', server.url).href);
      await expect.poll(() => heading(tab).innerText()).toBe('Nothing waiting to be sent');
    }
    await context.setOffline(true);
    // Queued as the outbox keeps an action (client/offline/database.ts StoredAction), and announced as the
    // outbox announces one; its access token is where the receipt keeps it, for the outbox to find.
    const id = await page.evaluate(async (reference) => {
      const action = { id: crypto.randomUUID(), kind: 'withdraw', payload: { reason: 'Fixed now' }, files: [], reference, about: reference, queuedAt: new Date().toISOString(), status: 'waiting' };
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('complaints');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          tx.objectStore('outbox').put(action);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
      const channel = new BroadcastChannel('complaints-outbox');
      channel.postMessage({ type: 'changed' });
      channel.close();
      return action.id;
    }, reference);
    for (const tab of [page, second]) {
      await expect.poll(() => heading(tab).innerText()).toBe('Saved on this phone, waiting to be sent');
      expect(await tab.getByTestId('outbox-waiting').innerText()).toContain(`Your request to withdraw the complaint: ${reference}`);
    }
    await expectNoAxeViolations(second);
    const sends: string[] = [];
    context.on('requestfinished', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === `/api/complaints/${reference}/withdraw`) {
        sends.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    await context.setOffline(false);
    for (const tab of [page, second]) await expect.poll(() => heading(tab).innerText(), { timeout: 20_000 }).toBe('Nothing waiting to be sent');
    const events = await query<{ idempotency_key: string }>(
      `select e.idempotency_key from complaint_events e join complaints c on c.id = e.complaint_id where c.reference = '${reference}' and e.type = 'withdrawn'`,
    );
    expect(events).toEqual([{ idempotency_key: id }]);
    expect(sends, 'requests sending the withdrawal').toEqual([id]);
  });

  it('brings a complaint the server rejects back as a draft, with the errors shown', async () => {
    const { context, page } = await queueOffline('Noise from the boiler.');
    await context.route('**/api/complaints', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'validation', issues: [{ path: ['resident', 'email'], code: 'email' }] } }),
      }),
    );
    await context.setOffline(false);
    await expect.poll(() => heading(page).innerText(), { timeout: 20_000 }).toBe('Check your answers before sending your complaint');
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Enter an email address in the correct format');
    await expectNoAxeViolations(page);
    await page.goto(new URL('/drafts', server.url).href);
    await expect.poll(() => page.getByTestId('draft-list').innerText()).toContain('This complaint was not accepted');
    expect(await complaintCount()).toBe(0);
  });
});
