/**
 * What is kept on the device, in IndexedDB (through `idb`): drafts, with their
 * photos as Blobs; the outbox (every action a resident took that is waiting to
 * be sent, or was sent or refused: client/offline/outbox.ts); the receipts
 * of complaints sent; and, for each, the last record of it the server gave
 * (`complaints`), to show the complaint's page with no signal. Used by the app and by the service worker, so it imports
 * nothing from Vue. Only client/offline/ opens it: pages go through the stores.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { FieldIssue } from '../../shared/errors.ts';
import type { Receipt } from '../../shared/receipt.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import { DB_NAME } from './device-storage.ts';

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
  /**
   * `editing`; `queued`: handed to the outbox (its action has this id), so no tab writes over it;
   * `rejected` by the server, with its issues, back for the person to fix.
   */
  status: 'editing' | 'queued' | 'rejected';
  sendIssues?: FieldIssue[];
}

export interface StoredReceipt extends Receipt {
  draftId: string;
  about: string;
}

/**
 * One action in the outbox. Its id is its Idempotency-Key, made on the device when the action
 * began: however often it is sent, it acts once.
 */
export interface StoredAction {
  id: string;
  /** Its kind (client/offline/action-kinds.ts): which API call sends it. */
  kind: string;
  /** The JSON body. */
  payload: unknown;
  files: File[];
  /** The complaint it acts on, for the kinds that act on one (its access token is the receipt's). */
  reference?: string;
  /** A few words for the lists (what the complaint is about, or its reference). */
  about: string;
  queuedAt: string;
  /**
   * `waiting` to be sent (sent by itself when it can); `sent`, with the API's answer;
   * `failed`: refused for good, with the reason (`issues`) for the person to act on.
   */
  status: 'waiting' | 'sent' | 'failed';
  settledAt?: string;
  issues?: FieldIssue[];
  answer?: unknown;
}

/** A complaint sent from this phone as the server last gave it (GET, or the answer to an action on it). */
export interface KeptComplaint {
  reference: string;
  view: ResidentComplaintView;
  /** When the server answered (ISO instant): shown as "last updated". */
  fetchedAt: string;
}

export interface ComplaintsDb extends DBSchema {
  drafts: { key: string; value: StoredDraft; indexes: { updatedAt: string } };
  receipts: { key: string; value: StoredReceipt; indexes: { receivedAt: string } };
  outbox: { key: string; value: StoredAction; indexes: { queuedAt: string } };
  complaints: { key: string; value: KeptComplaint };
}

export const DEVICE_STORES = ['drafts', 'receipts', 'outbox', 'complaints'] as const;

/** A transaction over every store, for writes that must happen together (an action sent and its receipt kept). */
export type DeviceTransaction = IDBPTransaction<ComplaintsDb, (typeof DEVICE_STORES)[number][], 'readwrite'>;

/** Version 1 kept a queued complaint's payload and files on its draft, as `outbox`. */
type DraftOfVersion1 = StoredDraft & { outbox?: { payload: unknown; files: File[]; queuedAt: string } };

let opening: Promise<IDBPDatabase<ComplaintsDb>> | null = null;

export function complaintsDb(): Promise<IDBPDatabase<ComplaintsDb>> {
  // idb loads with the first use, not with the home page.
  opening ??= import('idb').then(({ openDB }) =>
    openDB<ComplaintsDb>(DB_NAME, 3, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('drafts', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
          db.createObjectStore('receipts', { keyPath: 'reference' }).createIndex('receivedAt', 'receivedAt');
        }
        if (oldVersion < 2) {
          const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
          outbox.createIndex('queuedAt', 'queuedAt');
          // A complaint queued by version 1 moves to the outbox, as the action it is.
          const drafts = tx.objectStore('drafts');
          for (let cursor = await drafts.openCursor(); cursor; cursor = await cursor.continue()) {
            const { outbox: queued, ...draft } = cursor.value as DraftOfVersion1;
            if (!queued) continue;
            if (draft.status === 'queued') {
              await outbox.put({ id: draft.id, kind: 'submit-complaint', payload: queued.payload, files: queued.files, about: draft.about, queuedAt: queued.queuedAt, status: 'waiting' });
            }
            await cursor.update(draft);
          }
        }
        // Version 3: the complaints sent from this phone, as last fetched (issue 8: one database, one home each).
        if (oldVersion < 3) db.createObjectStore('complaints', { keyPath: 'reference' });
      },
      blocking() {
        // A newer version of the app wants to upgrade the database: let it.
        void opening?.then((db) => db.close());
        opening = null;
      },
    }),
  );
  return opening;
}
