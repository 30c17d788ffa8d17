/**
 * Exactly once across processes: two real server processes (node server/index.ts)
 * on one PostgreSQL database, as when the API is scaled out, receive the same
 * complaint with one Idempotency-Key at the same moment. One complaint is stored
 * and every answer carries its receipt.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { freshDatabase } from '../support/databases.ts';
import { newKey, validComplaint } from '../support/complaint-fixtures.ts';

let url: string;
let servers: RunningServer[] = [];

beforeAll(async () => {
  const database = await freshDatabase('postgres');
  url = database.url!;
  await database.close();
  servers = await Promise.all([1, 2].map(() => startServer({ env: { DATABASE_URL: url } })));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function complaintsWithKey(key: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from complaints where idempotency_key = $1', [key]);
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

describe('two server processes on one PostgreSQL', () => {
  it('store one complaint when they race on one key', async () => {
    expect(new Set(servers.map((s) => s.process.pid)).size).toBe(2);
    const key = newKey();
    const body = JSON.stringify(validComplaint());
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${servers[i % 2]!.url}/api/complaints`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body,
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const receipts = await Promise.all(responses.map((r) => r.json() as Promise<{ reference: string }>));
    expect(new Set(receipts.map((r) => r.reference)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await complaintsWithKey(key)).toBe(1);
  });
});
