/**
 * When a draft is written to IndexedDB: after a short pause in typing, but also
 * at least every `maxWaitMs` while someone types without pausing, and at once
 * when the page may be going away (`pagehide`, `freeze`, or hidden).
 */
export interface SaveScheduler {
  /** Something changed: a save follows after the pause, or at the latest after the maximum wait. */
  changed(): void;
  /** Saves now if a save is due (nothing changed: nothing written). */
  flush(): Promise<void>;
  /** Forgets a due save (the draft was sent, deleted or replaced). */
  cancel(): void;
  readonly pending: boolean;
}

export const SAVE_PAUSE_MS = 300;
export const SAVE_MAX_WAIT_MS = 1_000;

export function saveScheduler(
  save: () => Promise<void>,
  { pauseMs = SAVE_PAUSE_MS, maxWaitMs = SAVE_MAX_WAIT_MS }: { pauseMs?: number; maxWaitMs?: number } = {},
): SaveScheduler {
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  let maxTimer: ReturnType<typeof setTimeout> | undefined;

  function cancel() {
    clearTimeout(pauseTimer);
    clearTimeout(maxTimer);
    pauseTimer = undefined;
    maxTimer = undefined;
  }

  function flush(): Promise<void> {
    const due = pauseTimer !== undefined || maxTimer !== undefined;
    cancel();
    return due ? save() : Promise.resolve();
  }

  return {
    changed() {
      clearTimeout(pauseTimer);
      pauseTimer = setTimeout(() => void flush(), pauseMs);
      // The first change since the last save starts the maximum wait; later ones do not push it back.
      maxTimer ??= setTimeout(() => void flush(), maxWaitMs);
    },
    flush,
    cancel,
    get pending() {
      return pauseTimer !== undefined || maxTimer !== undefined;
    },
  };
}

/**
 * Calls `leaving` whenever the page may be about to go: hidden (tab switched, phone
 * locked, app swiped away), frozen by the browser to save power, or unloaded.
 * Returns a function that stops listening.
 */
export function onPageMayGo(leaving: () => void): () => void {
  const onHidden = () => {
    if (document.visibilityState === 'hidden') leaving();
  };
  document.addEventListener('visibilitychange', onHidden);
  document.addEventListener('freeze', leaving);
  window.addEventListener('pagehide', leaving);
  return () => {
    document.removeEventListener('visibilitychange', onHidden);
    document.removeEventListener('freeze', leaving);
    window.removeEventListener('pagehide', leaving);
  };
}
