/**
 * Putting work in the jobs table (a transactional outbox): always with the
 * caller's transaction, so the work exists exactly when the change that needs
 * it was committed. The unique key makes a repeated insert do nothing.
 */
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema.ts';

export interface NewJob {
  kind: string;
  /** One job per piece of work, across retries of the caller and across processes. */
  key: string;
  payload?: Record<string, unknown>;
  /** Not before (default: now). */
  runAt?: Date;
}

/** Inserts jobs in the caller's transaction (or as one statement on `db`); keys already queued are skipped. */
export async function enqueueJobs(tx: Db, newJobs: NewJob[]): Promise<void> {
  if (newJobs.length === 0) return;
  await tx
    .insert(jobs)
    .values(newJobs.map((job) => ({ kind: job.kind, key: job.key, payload: job.payload ?? {}, ...(job.runAt ? { runAt: job.runAt } : {}) })))
    .onConflictDoNothing({ target: jobs.key });
}
