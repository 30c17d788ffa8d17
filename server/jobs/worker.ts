/**
 * The job worker: claims due jobs from the `jobs` table and runs them.
 *
 * Why a table and not pg-boss (README, "Email and jobs"): the job must be written
 * in the same transaction (or statement) as the event it is about, through the
 * same drizzle connection, on PGlite and PostgreSQL alike. pg-boss inserts through
 * its own connection or adapter, which on PGlite is a second path into a
 * single-connection database; a plain table needs nothing but SQL both run.
 *
 * Claiming uses `FOR UPDATE SKIP LOCKED` plus a lease (`locked_until`): several
 * processes on one PostgreSQL never take the same job, and a job whose worker
 * died is taken again once its lease runs out. A failure is retried with
 * exponential backoff (30 s doubling to 1 h) up to MAX_ATTEMPTS, then left as
 * failed for a person to look at.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 12;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/** Wait before the next try after `attempt` failed tries: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempt: number, first = FIRST_RETRY_MS, longest = LONGEST_RETRY_MS): number {
  return Math.min(longest, first * 2 ** Math.max(0, attempt - 1));
}

export interface ClaimedJob {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  /** Tries so far, this one included. */
  attempts: number;
}

export type JobHandler = (job: ClaimedJob) => Promise<void>;

/** Thrown by a handler when trying again cannot help (an address the mail server refuses for good). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface WorkerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  /** Called before each claim, e.g. to queue today's scheduled job (idempotent by key). */
  schedule?: (db: Db) => Promise<void>;
  workerId?: string;
  /**
   * Kinds taken before any other due job: someone is waiting for them (a sign-in link, asked for a moment
   * ago, does not wait behind every receipt queued before it).
   */
  firstKinds?: string[];
  /** How often an idle worker looks for due jobs. */
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** First retry delay; doubles up to `longestRetryMs`. */
  firstRetryMs?: number;
  longestRetryMs?: number;
  log?: (line: string) => void;
}

export interface JobWorker {
  readonly id: string;
  /** Claims and runs one batch of due jobs; resolves with how many ran. */
  runOnce(): Promise<number>;
  /** Finishes the job in hand and stops. */
  stop(): Promise<void>;
}

interface Row {
  id: number | string;
  kind: string;
  key: string;
  payload: Record<string, unknown> | string;
  attempts: number;
}

const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

/** Starts a worker that polls until stopped. */
export function startJobWorker(options: WorkerOptions): JobWorker {
  const worker = createJobWorker(options);
  const pollMs = options.pollMs ?? 2000;
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (running) {
      let ran = 0;
      try {
        ran = await worker.runOnce();
      } catch (error) {
        // The database may be briefly unreachable: keep polling.
        (options.log ?? console.error)(`jobs: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (ran === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();
  return {
    id: worker.id,
    runOnce: worker.runOnce,
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}

/** A worker driven by the caller (tests, or a loop): each `runOnce` claims one batch. */
export function createJobWorker(options: WorkerOptions): JobWorker {
  const { db, handlers } = options;
  const id = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseSeconds = (options.leaseMs ?? LEASE_MS) / 1000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const batchSize = options.batchSize ?? 10;
  const log = options.log ?? ((line: string) => console.log(line));
  const kinds = Object.keys(handlers);
  // Never an empty list in SQL: a kind that cannot exist stands in.
  const firstKinds = options.firstKinds?.length ? options.firstKinds : [''];

  async function claim(): Promise<ClaimedJob[]> {
    // SKIP LOCKED: another process's claim in flight is passed over, not waited for;
    // the lease keeps a claimed job away from others after this statement commits.
    const result = await db.execute(sql`
      update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds}),
                      locked_by = ${id}, attempts = attempts + 1
      where id in (
        select id from jobs
        where done_at is null and failed_at is null and run_at <= now()
          and (locked_until is null or locked_until < now())
          and kind in (${sql.join(kinds.map((kind) => sql`${kind}`), sql`, `)})
        order by kind in (${sql.join(firstKinds.map((kind) => sql`${kind}`), sql`, `)}) desc, run_at, id
        limit ${batchSize}
        for update skip locked
      )
      returning id, kind, key, payload, attempts`);
    return rowsOf(result).map((row) => ({
      id: Number(row.id),
      kind: row.kind,
      key: row.key,
      payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
      attempts: Number(row.attempts),
    }));
  }

  async function run(job: ClaimedJob): Promise<void> {
    try {
      await handlers[job.kind]!(job);
      // Only while the lease is still ours: a worker that outlived its lease does not overwrite another's outcome.
      await db.execute(sql`
        update jobs set done_at = now(), locked_until = null, last_error = null
        where id = ${job.id} and locked_by = ${id}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = error instanceof PermanentJobError || job.attempts >= maxAttempts;
      const delaySeconds = retryDelayMs(job.attempts, options.firstRetryMs, options.longestRetryMs) / 1000;
      await db.execute(sql`
        update jobs set locked_until = null, last_error = ${message.slice(0, 2000)},
          run_at = now() + make_interval(secs => ${delaySeconds}),
          failed_at = ${giveUp ? sql`now()` : sql`null`}
        where id = ${job.id} and locked_by = ${id}`);
      log(
        giveUp
          ? `jobs: ${job.key} failed for good after ${job.attempts} tries: ${message}`
          : `jobs: ${job.key} failed (try ${job.attempts}), next try in ${delaySeconds} s: ${message}`,
      );
    }
  }

  return {
    id,
    async runOnce() {
      if (options.schedule) await options.schedule(db);
      const claimed = await claim();
      for (const job of claimed) await run(job);
      return claimed.length;
    },
    async stop() {},
  };
}
