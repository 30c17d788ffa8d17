/**
 * A second visit costs nothing: once the service worker is active, opening the
 * app again, online or offline, fetches no HTML, script, style, font or image
 * from the network; only API calls go out. Counted at the network: the browser
 * reaches the app through a proxy that records every request it forwards.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, launchPersistent } from '../support/browser.ts';
import { PHONE, localeText } from './helpers.ts';

/** Forwards every request to the app, and lists what it forwarded. */
function countingProxy(target: string) {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const upstream = http.request(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  return {
    requests,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What went to the network that is not an API call. */
const notApi = (requests: string[]) => requests.filter((r) => !/^\w+ \/api\//.test(r));

const appStarted = (page: Page) =>
  page.waitForFunction(() => (document.getElementById('app') as { __vue_app__?: unknown } | null)?.__vue_app__ !== undefined);

describe('a second visit', () => {
  const proxy = countingProxy(inject('appUrl'));
  let url = '';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-second-visit-'));

  beforeAll(async () => {
    url = await proxy.listen();
  });
  afterAll(async () => {
    await proxy.close();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('fetches nothing but API calls once the service worker is active, online or offline, in the reader\'s language', async () => {
    const options = {
      viewport: PHONE,
      baseURL: url,
      locale: 'cy-GB',
      timezoneId: 'Europe/London',
      // Chromium's ServiceWorkerAutoPreload sends the first navigation to the network too, in case the service
      // worker is slow to start, and throws the answer away when the worker answers: a browser experiment, not
      // something the app asks for. Off here, so the test sees what the app fetches.
      args: [...CHROMIUM_ARGS, '--disable-features=ServiceWorkerAutoPreload'],
    };
    let context: BrowserContext = await launchPersistent(profile, options);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      // Installed: the pages of the reader's language are kept by then (the install waits for them).
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');
      expect(proxy.requests.length, 'the first visit went to the network').toBeGreaterThan(10);
    } finally {
      await context.close();
    }

    proxy.requests.length = 0;
    context = await launchPersistent(profile, options);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await appStarted(page);
      expect(await page.locator('main h1').innerText()).toBe(localeText('cy', 'home.title'));
      // Another page opened as a page (not within the app), and one within the app.
      await page.goto('/complaint/who');
      await appStarted(page);
      expect(await page.locator('main h1').innerText()).toBe(localeText('cy', 'complaint.who.title'));
      await page.getByRole('link', { name: localeText('cy', 'app.drafts_link') }).click();
      await expect.poll(() => page.locator('main h1').innerText()).toBe(localeText('cy', 'drafts.title'));
      await page.waitForLoadState('networkidle');
      expect(notApi(proxy.requests), 'requests to the network online').toEqual([]);

      await context.setOffline(true);
      for (const [pathname, key] of [['/', 'home.title'], ['/complaint/what-happened', 'complaint.what_happened.title'], ['/nowhere', 'not_found.title']] as const) {
        await page.goto(pathname);
        await appStarted(page);
        expect(await page.locator('main h1').innerText(), pathname).toBe(localeText('cy', key));
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
      }
      expect(notApi(proxy.requests), 'requests to the network').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
