/**
 * Sends the outbox by itself while the app is open: when it opens, whenever the
 * connection returns, and, while something is still waiting (a server that was
 * down, a signal that came and went without an `online` event), again after a
 * growing pause. Background Sync does the same with the app closed, where the
 * browser has it. Started by client/main.ts once the page is idle.
 */
import { onDeviceChange } from './changes.ts';
import { flushOutbox } from './outbox.ts';

/** Pauses between tries while something waits: soon at first, then no more than every ten minutes. */
export const RETRY_DELAYS_MS = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000] as const;

/** `waitFirst`: started by an action that just failed to send, so the first try comes after the usual pause. */
export function sendOutboxAutomatically(options: { waitFirst?: boolean } = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tries = 0;
  let running = false;

  function tryLater() {
    clearTimeout(timer);
    timer = setTimeout(() => void sendNow(), RETRY_DELAYS_MS[Math.min(tries, RETRY_DELAYS_MS.length - 1)]);
    tries++;
  }

  async function sendNow() {
    clearTimeout(timer);
    timer = undefined;
    // Certainly offline: the `online` event starts the next try.
    if (running || !navigator.onLine) return;
    running = true;
    try {
      const { pending } = await flushOutbox();
      if (pending === 0) tries = 0;
      else tryLater();
    } catch {
      // No IndexedDB (private browsing): nothing can be waiting.
    } finally {
      running = false;
    }
  }

  const onOnline = () => {
    tries = 0;
    void sendNow();
  };
  window.addEventListener('online', onOnline);
  // An action just put in the outbox (here or in another tab), or tried and not sent: the next try comes after a pause.
  const stop = onDeviceChange((change) => {
    if ((change.type === 'changed' || change.type === 'waiting') && timer === undefined && !running) tryLater();
  });
  if (options.waitFirst) tryLater();
  else void sendNow();
  return () => {
    clearTimeout(timer);
    window.removeEventListener('online', onOnline);
    stop();
  };
}
