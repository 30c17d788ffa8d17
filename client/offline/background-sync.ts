/** Background Sync of the outbox: the page asks for it, the service worker answers the tag (client/sw.ts). */

/** The Background Sync tag under which the service worker sends the outbox. */
export const SYNC_TAG = 'complaints-outbox';

/** Asks the browser to send the outbox when the connection returns, even with every page closed. */
export async function registerBackgroundSync(): Promise<void> {
  try {
    // Not `ready`: it never settles when there is no service worker (refused, blocked, dev), and the send would hang.
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here: the app sends when it next opens or the connection returns.
  }
}
