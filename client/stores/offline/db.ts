/**
 * What is kept on the device, in IndexedDB (through `idb`): drafts, with their
 * photos as Blobs; the outbox (drafts whose status is `queued`); and the
 * receipts of complaints sent. Used by the app and by the service worker, so it
 * imports nothing from Vue.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { FieldIssue } from '../../../shared/errors.ts';
import type { ComplaintInput } from '../../../shared/schemas/complaint.ts';
import type { Receipt } from '../../api/complaints.ts';

/** The answers as the form holds them; typed loosely here so the service worker needs no Vue types. */
export type DraftAnswers = Record<string, unknown> & { idempotencyKey: string };

export interface StoredDraft {
  /** The Idempotency-Key made when the draft began: one draft, at most one complaint. */
  id: string;
  answers: DraftAnswers;
  /** The question page the person was last on, to bring them back to it. */
  step: string;
  /** A few words of what it is about, for the drafts list. */
  about: string;
  createdAt: string;
  updatedAt: string;
  /** `editing`; `queued` in the outbox; `rejected` by the server, with its issues, back for the person to fix. */
  status: 'editing' | 'queued' | 'rejected';
  outbox?: {
    payload: ComplaintInput;
    files: File[];
    queuedAt: string;
  };
  sendIssues?: FieldIssue[];
}

export interface StoredReceipt extends Receipt {
  draftId: string;
  about: string;
}

interface ComplaintsDb extends DBSchema {
  drafts: { key: string; value: StoredDraft; indexes: { updatedAt: string } };
  receipts: { key: string; value: StoredReceipt; indexes: { receivedAt: string } };
}

/** The IndexedDB database's name. */
export const DB_NAME = 'complaints';

/**
 * Whether this phone may have anything saved: false only where the browser can say for certain that the
 * database was never made, so a first visit does not load IndexedDB's code to find nothing.
 */
export async function mayHaveSaved(): Promise<boolean> {
  try {
    const databases = await indexedDB.databases?.();
    return !databases || databases.some((db) => db.name === DB_NAME);
  } catch {
    return true;
  }
}

let opening: Promise<IDBPDatabase<ComplaintsDb>> | null = null;

export function complaintsDb(): Promise<IDBPDatabase<ComplaintsDb>> {
  // idb loads with the first use, not with the home page.
  opening ??= import('idb').then(({ openDB }) => openDB<ComplaintsDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      db.createObjectStore('receipts', { keyPath: 'reference' }).createIndex('receivedAt', 'receivedAt');
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
  }));
  return opening;
}

/** True when the error means the device is out of space. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

/** The Background Sync tag under which the service worker sends the outbox. */
export const SYNC_TAG = 'complaints-outbox';

/** Tells every open tab (and the service worker's clients) that the outbox changed. */
export const OUTBOX_CHANNEL = 'complaints-outbox';

export type OutboxEvent =
  | { type: 'sent'; draftId: string; receipt: StoredReceipt }
  | { type: 'rejected'; draftId: string }
  | { type: 'pending'; draftId: string }
  | { type: 'changed' };

export function announceOutbox(event: OutboxEvent) {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage(event);
  channel.close();
}
