/**
 * Email survives a crash: the real server (node server/index.ts) saves a
 * complaint and is killed before any email is sent; the next start sends the
 * receipt exactly once. On embedded PGlite (same data directory) and PostgreSQL.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../server/db/client.ts';
import { jobs } from '../../server/db/schema.ts';
import { newKey, validComplaint } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://complaints.example.org';

async function post(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/api/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
    body: JSON.stringify(validComplaint()),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

describe.each(DATABASE_KINDS)('a mail job across a server crash on %s', (kind) => {
  let smtp: TestSmtp;
  let env: Record<string, string>;
  let dataDir: string | undefined;
  const started: RunningServer[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    env = { SMTP_URL: smtp.url, PUBLIC_URL };
    if (kind === 'postgres') {
      const database = await freshDatabase('postgres');
      env.DATABASE_URL = database.url!;
      await database.close();
    }
  });

  afterAll(async () => {
    await Promise.all(started.map((server) => server.stop('SIGKILL')));
    await smtp.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (extra: Record<string, string>) => {
    const server = await startServer({ dataDir, env: { ...env, ...extra } });
    dataDir = server.dataDir;
    started.push(server);
    return server;
  };

  it('is sent once by the next process after the first is killed before sending', async () => {
    // The first process only serves requests, so the email is certainly not sent before the kill.
    const first = await start({ JOB_WORKER: 'off' });
    const reference = await post(first);
    await first.stop('SIGKILL');
    expect(smtp.messages).toHaveLength(0);

    const second = await start({ JOB_WORKER: 'on' });
    const [receipt] = await smtp.waitFor(1);
    expect(receipt!.subject).toBe(`We have received your complaint ${reference}`);
    expect(receipt!.text).toContain(`${PUBLIC_URL}/drafts`);
    // A later complaint's email arrives after it: by then the first job is finished, and it was sent once.
    const later = await post(second);
    const mails = await smtp.waitFor(2);
    await second.stop('SIGTERM');
    expect(mails.map((m) => m.subject)).toEqual([
      `We have received your complaint ${reference}`,
      `We have received your complaint ${later}`,
    ]);
    const database = await openDatabase(kind === 'postgres' ? { databaseUrl: env.DATABASE_URL } : { dataDir: dataDir! });
    try {
      const rows = await database.db.select().from(jobs).where(eq(jobs.kind, 'mail'));
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatchObject({ attempts: 1, failedAt: null, doneAt: expect.any(Date) });
    } finally {
      await database.close();
    }
    expect(smtp.messages).toHaveLength(2);
  });
});

