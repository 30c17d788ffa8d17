/**
 * When a draft is saved while someone types (issue 8): after a pause, but at
 * least every second while typing goes on; and the synchronous journal that
 * keeps every key until then.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SAVE_MAX_WAIT_MS, SAVE_PAUSE_MS, saveScheduler } from '../../../client/offline/save-scheduler.ts';
import { clearJournal, newerJournal, readJournal, writeJournal } from '../../../client/offline/draft-journal.ts';

describe('saveScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves 0.3 s after the last change', async () => {
    const save = vi.fn(async () => undefined);
    const scheduler = saveScheduler(save);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(299);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(scheduler.pending).toBe(false);
    expect([SAVE_PAUSE_MS, SAVE_MAX_WAIT_MS]).toEqual([300, 1_000]);
  });

  it('saves at least once a second while typing never pauses', async () => {
    const save = vi.fn(async () => undefined);
    const scheduler = saveScheduler(save);
    // A key every 100 ms for 3 s: the pause never comes.
    for (let ms = 0; ms < 3_000; ms += 100) {
      scheduler.changed();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('flush saves at once only when a save is due, and cancel forgets it', async () => {
    const save = vi.fn(async () => undefined);
    const scheduler = saveScheduler(save);
    await scheduler.flush();
    expect(save).not.toHaveBeenCalled();
    scheduler.changed();
    await scheduler.flush();
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.changed();
    scheduler.cancel();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});

describe('draft journal', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const entry = (writtenAt: string) => ({
    id: 'd1',
    answers: { complaint: { description: 'The boiler' } },
    step: 'what-happened',
    sendIssues: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    writtenAt,
  });

  it('is read back as written, and is gone once cleared', () => {
    writeJournal(entry('2026-12-01T10:00:05.000Z'));
    expect(readJournal('d1')).toEqual(entry('2026-12-01T10:00:05.000Z'));
    clearJournal('d1');
    expect(readJournal('d1')).toBeNull();
  });

  it('wins over the saved draft only when written at or after its last save', () => {
    writeJournal(entry('2026-12-01T10:00:05.000Z'));
    expect(newerJournal('d1', undefined)?.answers).toEqual({ complaint: { description: 'The boiler' } });
    expect(newerJournal('d1', '2026-12-01T10:00:04.999Z')).not.toBeNull();
    expect(newerJournal('d1', '2026-12-01T10:00:05.000Z')).not.toBeNull();
    expect(newerJournal('d1', '2026-12-01T10:00:05.001Z')).toBeNull();
  });

  it('ignores what is not a journal entry, and a storage that throws', () => {
    store.set('complaints:journal:d1', '{not json');
    expect(readJournal('d1')).toBeNull();
    store.set('complaints:journal:d1', JSON.stringify({ ...entry('x'), id: 'other' }));
    expect(readJournal('d1')).toBeNull();
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    });
    expect(() => writeJournal(entry('2026-12-01T10:00:05.000Z'))).not.toThrow();
    expect(readJournal('d1')).toBeNull();
  });
});
