/**
 * Registers the service worker and tells the app shell when the app is ready
 * offline and when a new version is waiting. The new version takes over only
 * when the person presses "Reload": never while they type. The browser's own
 * API does all of it (workbox-window would be 2 KB more on the first visit).
 */
import { ref } from 'vue';

export const offlineReady = ref(false);
/**
 * A new version is waiting, or has already taken over this tab because
 * "Reload" was pressed in another tab: either way the banner offers "Reload".
 */
export const updateWaiting = ref(false);
/** Set once "Reload" is pressed here: the new version taking over this tab then reloads it. */
let reloadChosen = false;

/** If the new version has not taken over this long after "Reload", the page reloads anyway: the person asked for it. */
const TAKE_OVER_TIMEOUT_MS = 10_000;

/** Registers after the first page is shown (client/main.ts calls it once the page is idle). */
export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const container = navigator.serviceWorker;
  // Listened for all the time, not only after "Reload" here: the new version
  // claims every tab at once, including tabs where nobody pressed anything.
  let controller = container.controller;
  container.addEventListener('controllerchange', () => {
    const before = controller;
    controller = container.controller;
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
  const registration = await container.register('/sw.js', { scope: '/' }).catch(() => null);
  if (!registration) return;

  /** A version being installed: the first one makes the app ready offline; any later one waits for "Reload". */
  const follow = (worker: ServiceWorker) => {
    const first = !registration.active;
    worker.addEventListener('statechange', () => {
      if (worker.state !== 'installed') return;
      if (first) offlineReady.value = true;
      else updateWaiting.value = true;
    });
  };
  // A version already waiting when the page opened (published while the app was closed, or found by another tab).
  if (registration.waiting && registration.active) updateWaiting.value = true;
  if (registration.installing) follow(registration.installing);
  registration.addEventListener('updatefound', () => {
    if (registration.installing) follow(registration.installing);
  });
  // Look for a new version when the person comes back to the app.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
  });
}

/**
 * Saves what is needed, then lets the waiting version take over and reloads
 * once it controls the page; if it already took over (another tab's "Reload"),
 * or there is no service worker, simply reloads.
 */
export async function applyUpdate(beforeReload: () => Promise<void>) {
  await beforeReload();
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined;
  if (!registration?.waiting) {
    window.location.reload();
    return;
  }
  reloadChosen = true;
  registration.waiting.postMessage({ type: 'SKIP_WAITING' });
  setTimeout(() => window.location.reload(), TAKE_OVER_TIMEOUT_MS);
}
