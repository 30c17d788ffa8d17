/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell, every route's code and every
 * language file, so every page opens with no network; serves the shell for
 * navigations (never for /api/); and sends the outbox by Background Sync.
 * API responses are never cached.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { SYNC_TAG } from './offline/background-sync.ts';
import { flushOutbox } from './offline/outbox-sender.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// The first install takes control at once, so the page works offline without a reload.
// An update waits until the person chooses "Reload" (registerType: 'prompt').
clientsClaim();
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    // Waits for a tab that is sending the same complaint, so the sync only ends once each one is settled.
    flushOutbox({ wait: true }).then((result) => {
      // Still waiting: failing the sync makes the browser try again later.
      if (result.pending > 0) throw new Error('The outbox is still waiting for the network.');
    }),
  );
});
