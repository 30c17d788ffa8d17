/**
 * What the phone keeps of complaints already sent: the last record fetched of each, to show it with no
 * signal, in a small IndexedDB database of its own. What a resident sends from a complaint's pages goes
 * through the one outbox (client/stores/device.ts); receipts, with their tokens, are the device's.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import type { StoredReceipt } from '../stores/device.ts';

export interface KeptRecord {
  reference: string;
  view: ResidentComplaintView;
  /** When the server answered (ISO instant): shown as "last updated". */
  fetchedAt: string;
}

/** The resident's actions on a complaint: the outbox's kinds (client/offline/action-kinds.ts). */
export type ResidentActionKind = 'answer-clarification' | 'request-correction' | 'escalate';

interface FollowingDb extends DBSchema {
  records: { key: string; value: KeptRecord };
}

export const FOLLOWING_DB = 'complaints-following';
let opening: Promise<IDBPDatabase<FollowingDb>> | null = null;

export function followingDb(): Promise<IDBPDatabase<FollowingDb>> {
  opening ??= import('idb').then(({ openDB }) =>
    openDB<FollowingDb>(FOLLOWING_DB, 1, {
      upgrade(db) {
        db.createObjectStore('records', { keyPath: 'reference' });
      },
      blocking() {
        void opening?.then((db) => db.close());
        opening = null;
      },
    }),
  );
  return opening;
}

export async function receiptFor(reference: string): Promise<StoredReceipt | null> {
  return (await import('../offline/repository.ts')).findReceipt(reference);
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
