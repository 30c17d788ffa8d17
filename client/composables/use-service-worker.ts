/**
 * Registers the service worker (workbox-window) and tells the app shell when
 * the app is ready offline and when a new version is waiting. The new version
 * takes over only when the person presses "Reload": never while they type.
 */
import { ref } from 'vue';
import type { Workbox } from 'workbox-window';

export const offlineReady = ref(false);
/**
 * A new version is waiting, or has already taken over this tab because
 * "Reload" was pressed in another tab: either way the banner offers "Reload".
 */
export const updateWaiting = ref(false);
let workbox: Workbox | null = null;
/** Set once "Reload" is pressed here: the new version taking over this tab then reloads it. */
let reloadChosen = false;

/** If the new version has not taken over this long after "Reload", the page reloads anyway: the person asked for it. */
const TAKE_OVER_TIMEOUT_MS = 10_000;

/** Registers after the first page is shown; workbox-window is loaded then, not before, and only on a return visit. */
export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  if (!navigator.serviceWorker.controller) return registerFirstTime();
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    updateWaiting.value = true;
  });
  workbox.addEventListener('installed', (event) => {
    // The first install only: a new version found by this tab's Workbox is "external" rather than an update.
    if (!event.isUpdate && !event.isExternal) offlineReady.value = true;
  });
  // Listened for all the time, not only after "Reload" here: the new version
  // claims every tab at once, including tabs where nobody pressed anything.
  let controller: ServiceWorker | null = navigator.serviceWorker.controller;
  workbox.addEventListener('controlling', () => {
    const before = controller;
    controller = navigator.serviceWorker.controller;
    // The first install taking control (first visit) is not a new version: this code is the newest.
    if (!before) return;
    if (reloadChosen) {
      window.location.reload();
      return;
    }
    // "Reload" was pressed in another tab. This tab still runs the old code, whose
    // route chunks the new version no longer keeps: offer the reload, never do it
    // unasked (someone may be typing here). A stale chunk is caught by the router.
    updateWaiting.value = true;
  });
  // Refused (private browsing, blocked by policy): the app still works online, just not offline.
  void workbox.register().catch(() => undefined);
  // Look for a new version when the person comes back to the app.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox?.update();
  });
}

/**
 * A first visit (no service worker controls the page): registered with the
 * browser's own API, which is all a first install needs, so the first page
 * does not download workbox-window. Says when the app is ready offline; a
 * version that takes over later (another tab's "Reload") offers the reload.
 */
async function registerFirstTime() {
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null);
  // Refused (private browsing, blocked by policy): the app still works online, just not offline.
  if (!registration) return;
  const installing = registration.installing;
  if (installing) {
    installing.addEventListener('statechange', () => {
      if (installing.state === 'installed') offlineReady.value = true;
    });
  }
  let controlled = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install taking control is not a new version: this code is the newest.
    if (!controlled) {
      controlled = true;
      return;
    }
    updateWaiting.value = true;
  });
}

/**
 * Saves what is needed, then lets the waiting version take over and reloads
 * once it controls the page; if it already took over (another tab's "Reload"),
 * or there is no service worker, simply reloads.
 */
export async function applyUpdate(beforeReload: () => Promise<void>) {
  await beforeReload();
  const registration = workbox ? await navigator.serviceWorker.getRegistration() : undefined;
  if (!workbox || !registration?.waiting) {
    window.location.reload();
    return;
  }
  reloadChosen = true;
  workbox.messageSkipWaiting();
  setTimeout(() => window.location.reload(), TAKE_OVER_TIMEOUT_MS);
}
