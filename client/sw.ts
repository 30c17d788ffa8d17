/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell, every route's code and every
 * language file; keeps the prerendered pages (dist/html/) of the reader's
 * language, so every page opens with no network, as HTML in that language;
 * and sends the outbox by Background Sync. API responses are never cached.
 */
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { SYNC_TAG, flushOutbox } from './offline/outbox.ts';
import { isLanguage, type Language } from '../shared/languages.ts';
import {
  LANGUAGE_CACHE,
  LANGUAGE_CACHE_KEY,
  chooseLanguage,
  choosePage,
  pageUrl,
  pagesCacheName,
  type PagesManifest,
} from '../shared/pages.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const MANIFEST_URL = '/html/manifest.json';

/** The language pages come in: the one chosen in the app, else the browser's, as the server chooses. */
async function readerLanguage(): Promise<Language> {
  const chosen = await (await caches.open(LANGUAGE_CACHE)).match(LANGUAGE_CACHE_KEY);
  return chooseLanguage(chosen ? await chosen.text() : null, self.navigator.languages);
}

/** Keeps every page of one language of a build, fetched from the server (already kept ones are not fetched again). */
async function keepPages(manifest: PagesManifest, language: Language): Promise<void> {
  const cache = await caches.open(pagesCacheName(manifest.build, language));
  const names = [...new Set([...Object.values(manifest.pages), manifest.notFound])];
  await Promise.all(
    names.map(async (name) => {
      const url = pageUrl(language, name);
      if (await cache.match(url)) return;
      const response = await fetch(url, { cache: 'no-cache' });
      if (response.ok) await cache.put(url, response);
    }),
  );
}

// Installing: this version's pages in the reader's language are kept before it takes over, so the
// next visit, online or not, needs nothing from the network but the API. A failure (no signal)
// does not stop the install: the pages are then fetched and kept as they are opened.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const manifest = (await (await fetch(MANIFEST_URL, { cache: 'no-cache' })).json()) as PagesManifest;
      await keepPages(manifest, await readerLanguage());
    })().catch(() => undefined),
  );
});

// Another version's pages are of no more use once this one is active.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const manifest = await precachedManifest();
      if (!manifest) return;
      const current = new Set(manifest.languages.map((language) => pagesCacheName(manifest.build, language)));
      for (const name of await caches.keys()) if (name.startsWith('complaints-pages-') && !current.has(name)) await caches.delete(name);
    })(),
  );
});

async function precachedManifest(): Promise<PagesManifest | null> {
  const response = await matchPrecache(MANIFEST_URL);
  return response ? ((await response.json()) as PagesManifest) : null;
}

/** The app's shell, which renders any page itself (pages showing what is on the phone, or a page not kept). */
async function shell(request: Request): Promise<Response> {
  return (await matchPrecache('/index.html')) ?? fetch(request);
}

// A page: its HTML in the reader's language, kept from the install, else fetched (and kept), else the shell.
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && !url.pathname.startsWith('/api/'),
  async ({ request, url }) => {
    const manifest = await precachedManifest();
    if (!manifest) return shell(request);
    const choice = choosePage(manifest, url.pathname);
    if (choice.kind === 'app') return shell(request);
    const language = await readerLanguage();
    const cache = await caches.open(pagesCacheName(manifest.build, language));
    const urlOfPage = pageUrl(language, choice.page);
    let page = await cache.match(urlOfPage);
    if (!page) {
      page = await fetch(urlOfPage, { cache: 'no-cache' }).catch(() => undefined);
      if (!page?.ok) return shell(request);
      await cache.put(urlOfPage, page.clone());
      // The language's other pages too, for the next time there is no signal.
      void keepPages(manifest, language).catch(() => undefined);
    }
    return choice.status === 404 ? new Response(page.body, { status: 404, headers: page.headers }) : page;
  },
);

// The first install takes control at once, so the page works offline without a reload.
// An update waits until the person chooses "Reload" (registerType: 'prompt').
clientsClaim();
self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; language?: string } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  // A language chosen in the app: its pages are kept for offline use.
  if (data?.type === 'CACHE_PAGES' && data.language && isLanguage(data.language)) {
    const language = data.language;
    event.waitUntil(
      precachedManifest()
        .then((manifest) => manifest && keepPages(manifest, language))
        .catch(() => undefined),
    );
  }
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    // Waits for a tab that is sending the same action, so the sync only ends once each one is settled.
    flushOutbox({ wait: true }).then((result) => {
      // Still waiting: failing the sync makes the browser try again later.
      if (result.pending > 0) throw new Error('The outbox is still waiting for the network.');
    }),
  );
});
