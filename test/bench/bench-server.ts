/**
 * The server under benchmark, in its own process so the load generator does
 * not share its event loop: the real app, plus a bare endpoint that only
 * inserts one row, as the floor to compare against.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { openDatabase } from '../../server/db/client.ts';
import { startHttpServer } from '../../server/http-server.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const dataDir = databaseUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-'));
const database = await openDatabase({ databaseUrl, dataDir, poolSize: 10 });
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);

const app = createApp({ database, logError: () => {} });
app.post('/bench/bare', async (c) => {
  await database.db.execute(sql`INSERT INTO bench_rows DEFAULT VALUES`);
  return c.json({ ok: true }, 201);
});

const server = await startHttpServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
console.log(`BENCH_PORT=${server.port}`);

process.on('SIGTERM', async () => {
  void server.close();
  await database.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
});
