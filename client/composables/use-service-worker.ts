/**
 * Registers the service worker (workbox-window) and tells the app shell when
 * the app is ready offline and when a new version is waiting. The new version
 * takes over only when the person presses "Reload": never while they type.
 */
import { ref } from 'vue';
import type { Workbox } from 'workbox-window';

export const offlineReady = ref(false);
export const updateWaiting = ref(false);
let workbox: Workbox | null = null;

/** Registers after the first page is shown; workbox-window is loaded then, not before. */
export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    updateWaiting.value = true;
  });
  workbox.addEventListener('installed', (event) => {
    if (!event.isUpdate) offlineReady.value = true;
  });
  // Refused (private browsing, blocked by policy): the app still works online, just not offline.
  void workbox.register().catch(() => undefined);
  // Look for a new version when the person comes back to the app.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox?.update();
  });
}

/** Saves what is needed, then lets the waiting version take over and reloads once it controls the page. */
export async function applyUpdate(beforeReload: () => Promise<void>) {
  if (!workbox) return;
  await beforeReload();
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}
