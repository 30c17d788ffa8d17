/**
 * The server under benchmark, in its own process so the load generator does
 * not share its event loop: the real app, plus a bare endpoint as the floor to
 * compare against. The floor is honest: the same app (its middleware: security
 * headers, compression), the same request body read, and the same complaint row
 * (every column, the same unique indexes, in a copy of the complaints table)
 * inserted by one prepared statement over the same driver and pool, run by the
 * same runStatement as receiveComplaint's statement, with no
 * validation, no idempotency check, no attachments and no event.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { createApp } from '../../server/app.ts';
import { bodyLimit } from '../../server/body-limit.ts';
import { openDatabase } from '../../server/db/client.ts';
import { runStatement, withSteps } from '../../server/db/statement.ts';
import { startHttpServer } from '../../server/http-server.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const dataDir = databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-'));
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 10 });
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_complaints (LIKE complaints INCLUDING ALL)`);

/** The bench's complaint as stored, column by column (the same values receiveComplaint stores for it). */
const row = (key: string, reference: string, now: Date) => ({
  reference,
  idempotency_key: key,
  request_hash: '0'.repeat(64),
  submitted_by: 'resident',
  resident_name: 'Amina Khan',
  resident_address: '4 Mill Lane, Exampletown EX1 2AB',
  tenancy_reference: null,
  resident_email: 'amina@example.org',
  resident_phone: null,
  preferred_contact: 'email',
  representative: null,
  description: 'Mould in the bedroom came back six weeks after I reported it. Nobody came to the appointment.',
  happened_on: '2026-10-01',
  still_happening: true,
  delay_reason: null,
  about_service_request: 'yes',
  service_request_reference: 'R-123456',
  others_affected: 'no',
  others_affected_details: null,
  desired_outcome: 'Treat the mould and fix the cause by the end of the month.',
  support_needed: false,
  support_details: null,
  support_consent_at: null,
  language: 'en',
  received_at: now,
  acknowledge_by: '2026-12-09',
});
const columns = Object.keys(row('', '', new Date()));
// The same way receiveComplaint runs its statement (runStatement): prepared once, then bound and executed.
const bare = withSteps<Record<string, unknown>>(
  'bench_bare_insert',
  [],
  `INSERT INTO bench_complaints (${columns.join(', ')}) VALUES (${columns.map((c) => `$(${c})`).join(', ')})`,
  (values) => values,
);

const app = createApp({ database, logError: () => {} });
// The body limit and the Cache-Control every API answer has, as POST /api/complaints has them.
app.post('/bench/bare', bodyLimit(LIMITS.jsonBodyBytes), async (c) => {
  c.header('Cache-Control', 'no-store');
  await c.req.text();
  const key = randomUUID();
  await runStatement(database.db, bare, row(key, key.slice(0, 9), new Date()));
  return c.json({ ok: true }, 201);
});

// CPU time this process has used (µs): the bench divides it by the requests served.
app.get('/bench/cpu', (c) => c.json(process.cpuUsage()));

// BENCH_PROFILE: the bench profiles each round (V8's CPU profiler, in this process) and saves it where it says.
const profiler = new inspector.Session();
if (process.env.BENCH_PROFILE) profiler.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    profiler.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
app.post('/bench/profile/start', async (c) => {
  await post('Profiler.enable');
  await post('Profiler.start');
  return c.json({ ok: true });
});
app.post('/bench/profile/stop', async (c) => {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  fs.writeFileSync(c.req.query('file')!, JSON.stringify(profile));
  return c.json({ ok: true });
});

const server = await startHttpServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
console.log(`BENCH_PORT=${server.port}`);

process.on('SIGTERM', async () => {
  void server.close();
  await database.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
