/**
 * A few rounds of test/reliability/crash-rounds.ts per database, so CI proves that a
 * server killed with SIGKILL while complaints and the resident's actions (escalations,
 * answers, corrections) are posted loses nothing it answered, stores nothing twice and
 * leaves nothing half-written. `npm run crash` runs 100.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { ACTIONS, describeReport, isClean, runCrashRounds } from '../reliability/crash-rounds.ts';

const rounds = Number(process.env.CRASH_TEST_ROUNDS ?? 3);

async function emptyPostgresDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `crash_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}

describe.each(['pglite', 'postgres'] as const)('SIGKILL while complaints and actions are posted (%s)', (kind) => {
  it(`keeps every answered complaint and action, once, whole, through ${rounds} kills`, async () => {
    const databaseUrl = kind === 'postgres' ? await emptyPostgresDatabase() : undefined;
    const report = await runCrashRounds({ kind, databaseUrl, rounds, concurrency: 4, maxAnswersBeforeKill: 10 });
    expect(isClean(report), describeReport(report)).toBe(true);
    expect(report.rounds).toBe(rounds);
    // The kills fell while requests were being answered: some before, and the harness saw answers.
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.complaints).toBeGreaterThan(0);
    // The resident's actions were among them (the first round starts with one of each), and each is stored once.
    for (const action of ACTIONS) {
      expect(report.acknowledgedActions[action], action).toBeGreaterThan(0);
      expect(report.actions[action], action).toBeGreaterThan(0);
    }
  }, 600_000);
});
