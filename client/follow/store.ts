/**
 * What the phone keeps of complaints already sent, in its own IndexedDB database (apart from drafts,
 * so neither needs the other's upgrades): the last record fetched of each complaint, to show it with
 * no signal, and what the resident has sent from a complaint's pages that is still waiting to go.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { FieldIssue } from '../../shared/errors.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import { complaintsDb, type StoredReceipt } from '../stores/offline/db.ts';

export interface KeptRecord {
  reference: string;
  view: ResidentComplaintView;
  /** When the server answered (ISO instant): shown as "last updated". */
  fetchedAt: string;
}

/** The resident's actions on a complaint: the routes' names (server/routes/resident-complaints.ts). */
export type ResidentActionKind = 'answer-clarification' | 'request-correction' | 'escalate';

export interface PendingAction {
  /** Its Idempotency-Key, made when it was written: however often it is sent, it acts once. */
  id: string;
  reference: string;
  kind: ResidentActionKind;
  body: Record<string, unknown>;
  queuedAt: string;
  /** `queued` until sent; `refused` for good by the server, with what it said. */
  status: 'queued' | 'refused';
  issues?: FieldIssue[];
}

interface FollowingDb extends DBSchema {
  records: { key: string; value: KeptRecord };
  actions: { key: string; value: PendingAction; indexes: { reference: string } };
}

export const FOLLOWING_DB = 'complaints-following';
let opening: Promise<IDBPDatabase<FollowingDb>> | null = null;

export function followingDb(): Promise<IDBPDatabase<FollowingDb>> {
  opening ??= import('idb').then(({ openDB }) =>
    openDB<FollowingDb>(FOLLOWING_DB, 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'reference' });
        db.createObjectStore('actions', { keyPath: 'id' }).createIndex('reference', 'reference');
      },
      blocking() {
        void opening?.then((db) => db.close());
        opening = null;
      },
    }),
  );
  return opening;
}

/** The receipts of complaints sent from this phone, newest first: each carries the token that opens it. */
export async function sentReceipts(): Promise<StoredReceipt[]> {
  const db = await complaintsDb();
  return (await db.getAll('receipts')).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

export async function receiptFor(reference: string): Promise<StoredReceipt | null> {
  return (await (await complaintsDb()).get('receipts', reference)) ?? null;
}

export async function keptRecord(reference: string): Promise<KeptRecord | null> {
  return (await (await followingDb()).get('records', reference)) ?? null;
}

export async function keptRecords(): Promise<KeptRecord[]> {
  return (await followingDb()).getAll('records');
}

export async function keepRecord(view: ResidentComplaintView, fetchedAt = new Date().toISOString()): Promise<KeptRecord> {
  const record: KeptRecord = { reference: view.reference, view, fetchedAt };
  await (await followingDb()).put('records', record);
  return record;
}

export async function pendingActions(reference: string): Promise<PendingAction[]> {
  const all = await (await followingDb()).getAllFromIndex('actions', 'reference', reference);
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}
