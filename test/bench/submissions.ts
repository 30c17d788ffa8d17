/**
 * npm run bench: complaint submissions per second and p50/p99 latency on
 * loopback, against embedded PGlite and PostgreSQL, side by side with a bare
 * endpoint that inserts the same complaint row with one prepared INSERT over the
 * same driver and pool (bench-server.ts). Prints the machine (CPU, cores, load
 * average before and after) and the ratios, and says loudly that the numbers are
 * invalid (exit code 1) if any request errored or was not 2xx. The targets
 * (issue 12): 0.8x the bare rate or better on both, p99 <= 20 ms on PostgreSQL.
 *
 * CPU time per request is printed too (the server process, and PostgreSQL's own
 * processes): on a shared machine it moves much less than the rates do.
 *
 *   BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 BENCH_WARMUP=3000 npm run bench
 *   BENCH_DATABASES=postgres BENCH_PROFILE=profiles npm run bench   (one database; a V8 CPU profile of each round)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Requests per endpoint before measuring. */
const warmup = Number(process.env.BENCH_WARMUP ?? 3000);
/** Which databases to measure: `pglite`, `postgres` or both (comma-separated). */
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',').map((d) => d.trim().toLowerCase());
/** A directory: each round is profiled by V8 in the server process, saved there (open in Chrome's DevTools). */
const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined;

const complaint = JSON.stringify({
  submittedBy: 'resident',
  resident: { name: 'Amina Khan', address: '4 Mill Lane, Exampletown EX1 2AB', email: 'amina@example.org', preferredContact: 'email' },
  complaint: {
    description: 'Mould in the bedroom came back six weeks after I reported it. Nobody came to the appointment.',
    happenedOn: '2026-10-01',
    stillHappening: true,
    aboutServiceRequest: 'yes',
    serviceRequestReference: 'R-123456',
    othersAffected: 'no',
    desiredOutcome: 'Treat the mould and fix the cause by the end of the month.',
  },
  support: { needed: false },
});

interface Row {
  database: string;
  endpoint: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time per request (µs): the server process, plus the PostgreSQL server's processes. */
  cpuPerRequest: number;
  /** Of which the PostgreSQL server's processes (0 for PGlite, which runs inside the server process). */
  dbCpuPerRequest: number;
}

/** CPU time (µs) used so far by a PostgreSQL server: the postmaster, its live children and its reaped ones. */
function postgresCpu(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    if (pid !== postmaster && ppid !== postmaster) continue;
    // utime, stime, and for the postmaster its reaped children's cutime, cstime.
    total += (Number(fields[11]) + Number(fields[12])) * tick;
    if (pid === postmaster) total += (Number(fields[13]) + Number(fields[14])) * tick;
  }
  return total;
}

async function startBenchServer(databaseUrl?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts')], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /BENCH_PORT=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }),
  };
}

async function load(url: string, options: { body: string; idempotent: boolean; amount?: number }): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    ...(options.amount ? { amount: options.amount } : { duration: seconds }),
    headers: { 'content-type': 'application/json' },
    body: options.body,
    requests: [
      {
        // A new Idempotency-Key per request: each one is a new complaint.
        setupRequest: (request) =>
          options.idempotent ? { ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } } : request,
      },
    ],
  });
}

async function serverCpu(url: string): Promise<number> {
  const usage = (await (await fetch(`${url}/bench/cpu`)).json()) as { user: number; system: number };
  return usage.user + usage.system;
}

/** Sums the rounds of one endpoint: requests over their total time; p50 and p99 are the medians of the rounds'. */
interface Run {
  result: autocannon.Result;
  cpu: number;
  dbCpu: number;
}

function row(database: string, endpoint: string, results: Run[]): Row {
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const requests = results.reduce((n, r) => n + r.result.requests.total, 0);
  const duration = results.reduce((n, r) => n + r.result.duration, 0);
  return {
    database,
    endpoint,
    requests,
    perSecond: Math.round(requests / duration),
    p50: median(results.map((r) => r.result.latency.p50)),
    p99: median(results.map((r) => r.result.latency.p99)),
    errors: results.reduce((n, r) => n + r.result.errors + r.result.non2xx, 0),
    cpuPerRequest: Math.round(results.reduce((n, r) => n + r.cpu + r.dbCpu, 0) / Math.max(requests, 1)),
    dbCpuPerRequest: Math.round(results.reduce((n, r) => n + r.dbCpu, 0) / Math.max(requests, 1)),
  };
}

async function benchDatabase(name: string, postgres?: PostgresServer): Promise<Row[]> {
  const server = await startBenchServer(postgres?.url);
  const cpu = async () => ({ cpu: await serverCpu(server.url), dbCpu: postgres ? postgresCpu(postgres.dataDir) : 0 });
  const runs = { bare: [] as Run[], submit: [] as Run[] };
  try {
    // Warm up (connection pool, prepared statements, and V8's optimising compiler, whose work on a path not yet
    // hot would otherwise be counted against it) with a number of requests, not seconds: the same on any machine.
    await load(`${server.url}/bench/bare`, { body: complaint, idempotent: false, amount: warmup });
    await load(`${server.url}/api/complaints`, { body: complaint, idempotent: true, amount: warmup });
    // Alternating rounds, so a change in the machine's load falls on both alike.
    for (let round = 0; round < rounds; round++) {
      for (const [kind, url, idempotent] of [['bare', '/bench/bare', false], ['submit', '/api/complaints', true]] as const) {
        const profile = profileDir && path.join(profileDir, `${name}-${kind}-${round + 1}.cpuprofile`);
        if (profile) await fetch(`${server.url}/bench/profile/start`, { method: 'POST' });
        const before = await cpu();
        const result = await load(`${server.url}${url}`, { body: complaint, idempotent });
        const after = await cpu();
        if (profile) await fetch(`${server.url}/bench/profile/stop?file=${encodeURIComponent(profile)}`, { method: 'POST' });
        runs[kind].push({ result, cpu: after.cpu - before.cpu, dbCpu: after.dbCpu - before.dbCpu });
      }
    }
    return [row(name, 'bare insert', runs.bare), row(name, 'POST /api/complaints', runs.submit)];
  } finally {
    await server.stop();
  }
}

if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
const postgres = startPostgres();
try {
  const load1 = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
  const cpus = os.cpus();
  console.log(`${connections} connections, ${rounds} alternating rounds of ${seconds} s per endpoint, loopback, ${process.platform} ${process.arch}, Node ${process.version}`);
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB`);
  console.log(`load average before (1, 5, 15 min): ${load1()}`);
  console.log('PostgreSQL: a throwaway server with fsync=off and synchronous_commit=off (test/support/postgres.ts)\n');
  const rows = [
    ...(databases.includes('pglite') ? await benchDatabase('PGlite') : []),
    ...(databases.includes('postgres') ? await benchDatabase('PostgreSQL', postgres) : []),
  ];
  console.table(
    rows.map((r) => ({
      database: r.database,
      endpoint: r.endpoint,
      'req/s': r.perSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      requests: r.requests,
      'errors/non-2xx': r.errors,
      'CPU µs/req': r.cpuPerRequest,
      'of which PostgreSQL': r.dbCpuPerRequest,
    })),
  );
  // A run with failed requests measures the failures, not the service: no ratio, and a loud verdict.
  const invalid = rows.filter((r) => r.errors > 0 || r.requests === 0);
  for (const name of ['PGlite', 'PostgreSQL']) {
    const bare = rows.find((r) => r.database === name && r.endpoint === 'bare insert');
    const submit = rows.find((r) => r.database === name && r.endpoint !== 'bare insert');
    if (!bare || !submit) continue;
    if (invalid.includes(bare) || invalid.includes(submit)) {
      console.log(`${name}: no ratio, the runs below failed`);
      continue;
    }
    const ratio = submit.perSecond / bare.perSecond;
    const verdicts = [ratio >= 0.8 ? 'meets 0.8×' : 'BELOW 0.8×'];
    if (name === 'PostgreSQL') verdicts.push(submit.p99 <= 20 ? `p99 ${submit.p99} ms meets 20 ms` : `p99 ${submit.p99} ms OVER 20 ms`);
    console.log(`${name}: complaint submissions run at ${ratio.toFixed(2)}× the bare insert rate (${verdicts.join(', ')}); ` +
      `they cost ${(submit.cpuPerRequest / bare.cpuPerRequest).toFixed(2)}× its CPU time per request`);
  }
  console.log(`load average after (1, 5, 15 min): ${load1()}`);
  if (invalid.length > 0) {
    console.error('\n!!! THESE NUMBERS ARE INVALID: some requests errored or were not 2xx !!!');
    for (const r of invalid) console.error(`!!! ${r.database}, ${r.endpoint}: ${r.errors} of ${r.requests} requests failed`);
    process.exitCode = 1;
  }
} finally {
  postgres.stop();
}
