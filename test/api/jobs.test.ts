/**
 * The job worker itself: concurrent claims from several connection pools (as
 * several server processes would) never run one job twice; a job whose worker
 * died runs again when its lease ends; a job that keeps failing is given up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { jobs } from '../../server/db/schema.ts';
import { enqueueJobs } from '../../server/jobs/queue.ts';
import { createJobWorker } from '../../server/jobs/worker.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('the job worker on %s', (kind) => {
  let database: Database & { url?: string };
  beforeAll(async () => {
    database = await freshDatabase(kind);
  });
  afterAll(() => database.close());

  it('runs each job once when many workers claim at the same moment', async () => {
    await enqueueJobs(
      database.db,
      Array.from({ length: 60 }, (_, i) => ({ kind: 'count', key: `count:${i}`, payload: { i } })),
    );
    const ran: number[] = [];
    // On PostgreSQL each worker has its own pool, as separate processes would.
    const pools = kind === 'postgres' ? await Promise.all(Array.from({ length: 6 }, () => openDatabase({ databaseUrl: database.url!, poolSize: 2 }))) : [];
    try {
      const workers = Array.from({ length: 6 }, (_, w) =>
        createJobWorker({
          db: pools[w]?.db ?? database.db,
          batchSize: 4,
          log: () => {},
          handlers: {
            count: async (job) => {
              ran.push(job.payload.i as number);
              await sleep(2);
            },
          },
        }),
      );
      await Promise.all(workers.map(async (w) => { while ((await w.runOnce()) > 0); }));
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
    expect(ran.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('takes the kinds someone is waiting for (a sign-in link) before jobs queued earlier', async () => {
    await enqueueJobs(database.db, [
      { kind: 'receipt', key: 'receipt:1' },
      { kind: 'receipt', key: 'receipt:2' },
    ]);
    await enqueueJobs(database.db, [{ kind: 'link', key: 'link:1' }]);
    const ran: string[] = [];
    const handlers = { receipt: async () => void ran.push('receipt'), link: async () => void ran.push('link') };
    const plain = createJobWorker({ db: database.db, batchSize: 1, log: () => {}, handlers });
    const waiting = createJobWorker({ db: database.db, batchSize: 1, log: () => {}, handlers, firstKinds: ['link'] });
    // In the order queued without firstKinds; the link first with it, however many jobs are before it.
    await plain.runOnce();
    await waiting.runOnce();
    await plain.runOnce();
    expect(ran).toEqual(['receipt', 'link', 'receipt']);
  });

  it('takes back a job whose worker died once its lease has run out, and not before', async () => {
    await enqueueJobs(database.db, [{ kind: 'lease', key: 'lease:1' }]);
    const ran: string[] = [];
    const handlers = { lease: async () => void ran.push('ran') };
    // A worker claims the job and "dies" (its handler never finishes).
    const dying = createJobWorker({ db: database.db, leaseMs: 1000, log: () => {}, handlers: { lease: () => new Promise<void>(() => {}) } });
    void dying.runOnce();
    let row;
    do [row] = await database.db.select().from(jobs).where(eq(jobs.key, 'lease:1'));
    while (!row!.lockedBy);
    const other = createJobWorker({ db: database.db, log: () => {}, handlers });
    expect(await other.runOnce()).toBe(0);
    // Once the lease has passed, another worker takes it.
    await database.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where key = 'lease:1'`);
    expect(await other.runOnce()).toBe(1);
    expect(ran).toEqual(['ran']);
    [row] = await database.db.select().from(jobs).where(eq(jobs.key, 'lease:1'));
    expect(row).toMatchObject({ attempts: 2, lockedBy: other.id });
    expect(row!.doneAt).toBeInstanceOf(Date);
  });

  it('gives up after the last attempt, keeping the error', async () => {
    await enqueueJobs(database.db, [{ kind: 'fail', key: 'fail:1' }]);
    const lines: string[] = [];
    const worker = createJobWorker({
      db: database.db,
      maxAttempts: 3,
      firstRetryMs: 0,
      log: (line) => lines.push(line),
      handlers: { fail: async () => { throw new Error('the mail server is down'); } },
    });
    for (let i = 0; i < 5; i++) await worker.runOnce();
    const [row] = await database.db.select().from(jobs).where(eq(jobs.key, 'fail:1'));
    expect(row).toMatchObject({ attempts: 3, doneAt: null, lastError: 'the mail server is down' });
    expect(row!.failedAt).toBeInstanceOf(Date);
    expect(lines.at(-1)).toBe('jobs: fail:1 failed for good after 3 tries: the mail server is down');
  });
});
