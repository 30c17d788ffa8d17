/**
 * npm run bench: complaint submissions per second and p50/p99 latency on
 * loopback, against embedded PGlite and PostgreSQL, side by side with a bare
 * endpoint that only inserts one row. Prints numbers, and says loudly that they
 * are invalid (exit code 1) if any request errored or was not 2xx.
 *
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=10 npm run bench
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { startPostgres } from '../support/postgres.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

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

async function load(url: string, options: { body: string; idempotent: boolean }): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
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

function row(database: string, endpoint: string, result: autocannon.Result): Row {
  return {
    database,
    endpoint,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function benchDatabase(name: string, databaseUrl?: string): Promise<Row[]> {
  const server = await startBenchServer(databaseUrl);
  try {
    // Warm up (JIT, connection pool) before measuring.
    await autocannon({ url: `${server.url}/bench/bare`, method: 'POST', connections, duration: 1 });
    const bare = await load(`${server.url}/bench/bare`, { body: '{}', idempotent: false });
    const submit = await load(`${server.url}/api/complaints`, { body: complaint, idempotent: true });
    return [row(name, 'bare insert', bare), row(name, 'POST /api/complaints', submit)];
  } finally {
    await server.stop();
  }
}

const postgres = startPostgres();
try {
  console.log(`${connections} connections, ${seconds} s per run, loopback, ${process.platform} ${process.arch}, Node ${process.version}\n`);
  const rows = [...(await benchDatabase('PGlite')), ...(await benchDatabase('PostgreSQL', postgres.url))];
  console.table(
    rows.map((r) => ({
      database: r.database,
      endpoint: r.endpoint,
      'req/s': r.perSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      requests: r.requests,
      'errors/non-2xx': r.errors,
    })),
  );
  // A run with failed requests measures the failures, not the service: no ratio, and a loud verdict.
  const invalid = rows.filter((r) => r.errors > 0 || r.requests === 0);
  for (const name of ['PGlite', 'PostgreSQL']) {
    const bare = rows.find((r) => r.database === name && r.endpoint === 'bare insert')!;
    const submit = rows.find((r) => r.database === name && r.endpoint !== 'bare insert')!;
    if (invalid.includes(bare) || invalid.includes(submit)) console.log(`${name}: no ratio, the runs below failed`);
    else console.log(`${name}: complaint submissions run at ${(submit.perSecond / bare.perSecond).toFixed(2)}× the bare insert rate`);
  }
  if (invalid.length > 0) {
    console.error('\n!!! THESE NUMBERS ARE INVALID: some requests errored or were not 2xx !!!');
    for (const r of invalid) console.error(`!!! ${r.database}, ${r.endpoint}: ${r.errors} of ${r.requests} requests failed`);
    process.exitCode = 1;
  }
} finally {
  postgres.stop();
}
