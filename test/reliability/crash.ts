/**
 * npm run crash: the server killed with SIGKILL at random moments while complaints
 * are posted, on PGlite and on PostgreSQL (test/reliability/crash-rounds.ts says
 * what is checked). Prints rounds, acknowledged writes lost and duplicates (both
 * must be 0); exit code 1 if anything was lost, duplicated or left half-written.
 *
 *   CRASH_ROUNDS=100 CRASH_MAX_SECONDS=1800 CRASH_DATABASES=pglite,postgres npm run crash
 *
 * CRASH_MAX_SECONDS caps each database's share of the time (rounds stop starting after it).
 */
import os from 'node:os';
import pg from 'pg';
import { startPostgres } from '../support/postgres.ts';
import { describeReport, isClean, runCrashRounds, type CrashReport } from './crash-rounds.ts';

const rounds = Number(process.env.CRASH_ROUNDS ?? 100);
const maxSeconds = Number(process.env.CRASH_MAX_SECONDS ?? 1800);
const databases = (process.env.CRASH_DATABASES ?? 'pglite,postgres').split(',').map((s) => s.trim());

const cpus = os.cpus();
console.log(`${rounds} rounds per database (at most ${maxSeconds} s each); ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ` +
  `Node ${process.version}, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
const verbose = process.env.CRASH_VERBOSE === '1';
const log = (line: string) => {
  if (verbose || line.includes('PROBLEM')) console.log(line);
  else if (/^round \d+0:/.test(line)) console.log(line);
};

const reports: CrashReport[] = [];
if (databases.includes('pglite')) reports.push(await runCrashRounds({ kind: 'pglite', rounds, maxSeconds, log }));
if (databases.includes('postgres')) {
  // A real server with fsync on: the durability being tested is PostgreSQL's own, not a test shortcut.
  const server = startPostgres(undefined, { durable: true });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE crash');
    await admin.end();
    const databaseUrl = server.url.replace(/\/[^/]*$/, '/crash');
    reports.push(await runCrashRounds({ kind: 'postgres', databaseUrl, rounds, maxSeconds, log }));
  } finally {
    server.stop();
  }
}

console.log('');
for (const report of reports) console.log(describeReport(report));
console.log(`load average after: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
if (!reports.every(isClean)) {
  console.error('\n!!! FAILED: something acknowledged was lost, duplicated or half-written, or a restart failed !!!');
  process.exitCode = 1;
}
