/**
 * Statements built from named steps (server/db/statement.ts): how they compile,
 * how others add a step or a column, and that runStatement runs them as one
 * statement on PGlite (all or nothing, prepared once, never inside another
 * caller's transaction). PostgreSQL runs them through the API tests.
 */
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { receiveStatement, type ReceiveContext } from '../../server/domain/complaints.ts';
import { column, insertRow, runStatement, step, withSteps } from '../../server/db/statement.ts';
import { normaliseComplaint, type Complaint } from '../../shared/schemas/complaint.ts';
import { validComplaint } from '../support/complaint-fixtures.ts';

interface Ctx {
  a: number;
  b: string;
}

const base = withSteps<Ctx>(
  'probe',
  [
    step('first', 'SELECT $(a)::int AS a, $(b)::text AS b', (c) => ({ a: c.a, b: c.b })),
    insertRow('row', 'probe_rows', { a: column('int', (c: Ctx) => c.a) }, { tail: 'RETURNING a' }),
  ],
  'SELECT first.a, first.b, $(a)::int + 1 AS next FROM first',
);

describe('compiling a statement', () => {
  it('numbers named parameters in order of first use, reusing a number for a repeated name', () => {
    const { text, params } = base.compile();
    expect(params).toEqual(['a', 'b', 'row.a']);
    expect(text).toContain('SELECT $1::int AS a, $2::text AS b');
    expect(text).toContain('INSERT INTO probe_rows (a)\n  SELECT $3::int');
    expect(text).toMatch(/^WITH first AS \(/);
    expect(text).toContain('$1::int + 1 AS next');
    expect(base.values({ a: 7, b: 'x' })).toEqual([7, 'x', 7]);
  });

  it('names the prepared statement after its text', () => {
    const other = base.insertAfter('first', step('second', 'SELECT 2'));
    expect(base.compile().name).toMatch(/^probe_[0-9a-f]{12}$/);
    expect(other.compile().name).not.toBe(base.compile().name);
    expect(withSteps<Ctx>('probe', [...base.steps], base.answer).compile().name).toBe(base.compile().name);
  });

  it('adds a step after a named one, leaving the original as it was', () => {
    const added = base.insertAfter('first', step('second', 'SELECT $(extra)::int', () => ({ extra: 3 })));
    expect(added.steps.map((s) => s.name)).toEqual(['first', 'second', 'row']);
    expect(base.steps.map((s) => s.name)).toEqual(['first', 'row']);
    expect(added.compile().params).toEqual(['a', 'b', 'extra', 'row.a']);
    expect(added.values({ a: 1, b: 'y' })).toEqual([1, 'y', 3, 1]);
  });

  it('adds a column to a row a step inserts', () => {
    const wider = base.withColumns('row', { b: column('text', (c: Ctx) => c.b.toUpperCase()) });
    expect(wider.compile().text).toContain('INSERT INTO probe_rows (a, b)\n  SELECT $3::int, $4::text\n  RETURNING a');
    expect(wider.values({ a: 1, b: 'y' })).toEqual([1, 'y', 1, 'Y']);
  });

  it('refuses what would not do what was meant', () => {
    expect(() => base.insertAfter('nowhere', step('x', 'SELECT 1'))).toThrow('No step named nowhere');
    expect(() => base.insertAfter('first', step('row', 'SELECT 1'))).toThrow('Two steps are named row');
    expect(() => base.insertAfter('first', step('bad name', 'SELECT 1'))).toThrow('not a plain SQL name');
    expect(() => base.withColumns('first', { b: column('text', () => 'b') })).toThrow('not made by insertRow');
    expect(() => base.withColumns('row', { a: column('int', () => 1) })).toThrow('already sets a');
    const missing = base.insertAfter('first', step('second', 'SELECT $(nobody)::int'));
    expect(() => missing.values({ a: 1, b: 'y' })).toThrow('No value for parameter $(nobody)');
  });
});

describe('runStatement on PGlite', () => {
  let database: Database;
  let client: PGlite;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    client = (database.db as unknown as { $client: PGlite }).$client;
    await database.db.execute(sql`CREATE TABLE probe_rows (a int NOT NULL CHECK (a >= 0), b text)`);
    await database.db.execute(sql`CREATE TABLE probe_complaints (complaint_id uuid NOT NULL)`);
  }, 60_000); // a fresh PGlite takes seconds on a busy machine
  afterAll(async () => {
    await database?.close();
  });

  const count = async () => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM probe_rows')).rows[0]!.n;

  it('runs every step and answers with the final select, typed by the driver', async () => {
    const rows = await runStatement<Ctx, { a: number; b: string; next: number }>(database.db, base, { a: 4, b: 'four' });
    expect(rows).toEqual([{ a: 4, b: 'four', next: 5 }]);
    expect((await client.query('SELECT a, b FROM probe_rows WHERE a = 4')).rows).toEqual([{ a: 4, b: null }]);
  });

  it('stores nothing when any step fails: one statement, all or nothing', async () => {
    const failing = base.insertAfter('row', step('later', 'INSERT INTO probe_rows (a) SELECT 1 / ($(a)::int - $(a)::int)'));
    const before = await count();
    await expect(runStatement(database.db, failing, { a: 1, b: 'x' })).rejects.toThrow(/division by zero/);
    await expect(runStatement(database.db, base, { a: -1, b: 'x' })).rejects.toThrow(/probe_rows_a_check/);
    expect(await count()).toBe(before);
    // The session is usable after a failure.
    expect(await runStatement(database.db, base, { a: 5, b: 'five' })).toHaveLength(1);
  });

  it('prepares the statement once, and again if it was deallocated', async () => {
    const statement = base.insertAfter('first', step('fresh', 'SELECT 1'));
    const { name } = statement.compile();
    const prepared = async () =>
      (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1', [name])).rows[0]!.n;
    expect(await prepared()).toBe(0);
    await runStatement(database.db, statement, { a: 6, b: 'six' });
    await runStatement(database.db, statement, { a: 7, b: 'seven' });
    expect(await prepared()).toBe(1);
    await client.exec('DEALLOCATE ALL');
    expect(await runStatement(database.db, statement, { a: 8, b: 'eight' })).toHaveLength(1);
    expect(await prepared()).toBe(1);
  });

  it('waits for another caller\'s transaction instead of running inside it', async () => {
    const before = await count();
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = client
      .transaction(async (tx) => {
        await tx.query('INSERT INTO probe_rows (a) VALUES (100)');
        inside();
        await held;
        await tx.rollback();
      })
      .catch(() => {});
    await started;
    const run = runStatement(database.db, base, { a: 9, b: 'nine' });
    release();
    await Promise.all([transaction, run]);
    // The transaction's row is rolled back; the statement's row, run after it, is kept.
    expect((await client.query('SELECT a FROM probe_rows WHERE a IN (9, 100)')).rows).toEqual([{ a: 9 }]);
    expect(await count()).toBe(before + 1);
  });

  it('lets another area add a row to receiving a complaint, written in the same statement', async () => {
    const extended = receiveStatement.insertAfter(
      'event',
      step('probe', 'INSERT INTO probe_complaints (complaint_id) SELECT id FROM complaint RETURNING complaint_id'),
    );
    const context: ReceiveContext = {
      idempotencyKey: randomUUID(),
      complaint: normaliseComplaint(validComplaint() as Complaint),
      attachments: [],
      requestHash: 'h',
      reference: 'TEST-2345',
      receivedAt: new Date('2026-11-30T10:00:00Z'),
      acknowledgeBy: '2026-12-07',
      accessTokenHash: 'a'.repeat(64),
    };
    const [answer] = await runStatement<ReceiveContext, { created: boolean; reference: string }>(database.db, extended, context);
    expect(answer).toMatchObject({ created: true, reference: 'TEST-2345' });
    const { rows } = await client.query(
      'SELECT c.reference FROM probe_complaints p JOIN complaints c ON c.id = p.complaint_id',
    );
    expect(rows).toEqual([{ reference: 'TEST-2345' }]);
    // A replay of the same key writes nothing, the added step included.
    const [replay] = await runStatement<ReceiveContext, { created: boolean }>(database.db, extended, { ...context, reference: 'TEST-6789' });
    expect(replay).toMatchObject({ created: false });
    expect((await client.query('SELECT * FROM probe_complaints')).rows).toHaveLength(1);
  });
});
