/**
 * What is kept on the device, in IndexedDB (through `idb`): drafts, with their
 * photos as Blobs; the outbox (drafts whose status is `queued`, each with the
 * action waiting to be sent); and the receipts of complaints sent. Used by the
 * app and by the service worker, so it imports nothing from Vue. Only the
 * modules of client/offline/ open it: pages go through the stores.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FieldIssue } from '../../shared/errors.ts';
import type { Receipt } from '../../shared/receipt.ts';
import type { OutboxAction } from './action-kinds.ts';

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
  /** The action waiting to be sent (queued only). */
  outbox?: OutboxAction;
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

let opening: Promise<IDBPDatabase<ComplaintsDb>> | null = null;

export function complaintsDb(): Promise<IDBPDatabase<ComplaintsDb>> {
  opening ??= openDB<ComplaintsDb>('complaints', 1, {
    upgrade(db) {
      db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
      db.createObjectStore('receipts', { keyPath: 'reference' }).createIndex('receivedAt', 'receivedAt');
    },
    blocking() {
      // A newer version of the app wants to upgrade the database: let it.
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
}

/** True when the error means the device is out of space. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

