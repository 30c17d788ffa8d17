/**
 * A synchronous copy of the draft being written, kept in localStorage at every
 * keystroke. IndexedDB saves are asynchronous and come a moment later, so a page
 * that reloads, crashes or is closed by the phone right after a key would lose
 * what was typed since; the journal has it already. On the next load it is
 * replayed into the draft (see `newerJournal`). Photos are not in it (they are
 * saved to IndexedDB at once when added).
 */
import type { FieldIssue } from '../../shared/errors.ts';

export interface JournalEntry {
  /** The draft's Idempotency-Key. */
  id: string;
  /** The answers as typed, without attachments. */
  answers: Record<string, unknown>;
  step: string;
  sendIssues: FieldIssue[];
  createdAt: string;
  /** When it was written (ISO): the newer of the journal and the saved draft wins. */
  writtenAt: string;
}

const PREFIX = 'complaints:journal:';

/** Writes the entry now. Never throws: no storage (private browsing, full) leaves the IndexedDB save to do its work. */
export function writeJournal(entry: JournalEntry): void {
  try {
    localStorage.setItem(PREFIX + entry.id, JSON.stringify(entry));
  } catch {
    // Nothing else to do: the IndexedDB save follows within a second.
  }
}

export function readJournal(id: string): JournalEntry | null {
  try {
    const text = localStorage.getItem(PREFIX + id);
    if (!text) return null;
    const entry = JSON.parse(text) as Partial<JournalEntry>;
    if (entry.id !== id || typeof entry.answers !== 'object' || !entry.answers || typeof entry.writtenAt !== 'string') return null;
    return entry as JournalEntry;
  } catch {
    return null;
  }
}

export function clearJournal(id: string): void {
  try {
    localStorage.removeItem(PREFIX + id);
  } catch {
    // No storage: nothing was written.
  }
}

/**
 * The journal of a draft if it holds more than what IndexedDB has: written at or
 * after the saved draft's last update (a save reads the draft after the journal
 * was written, so at the same moment they agree).
 */
export function newerJournal(id: string, savedUpdatedAt: string | undefined): JournalEntry | null {
  const entry = readJournal(id);
  if (!entry) return null;
  return savedUpdatedAt === undefined || entry.writtenAt >= savedUpdatedAt ? entry : null;
}

const CURRENT_KEY = 'complaints:current-draft';

/** Remembers which draft the person is working on (none: `null`), so a reload, crash or update comes back to it. */
export function rememberCurrent(id: string | null): void {
  try {
    if (id) localStorage.setItem(CURRENT_KEY, id);
    else localStorage.removeItem(CURRENT_KEY);
  } catch {
    // No storage: a reload starts afresh, the drafts list still has the draft.
  }
}

export function readCurrent(): string | null {
  try {
    return localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}
