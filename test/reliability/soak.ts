/**
 * npm run soak: mixed traffic for 10 minutes (SOAK_SECONDS) on loopback against the real server
 * process (node server/index.ts), at a steady rate, with the server's memory sampled (issue 13,
 * "Load held"). A script, not a test: its figures go in the README.
 *
 * The traffic, as residents make it:
 * - complaints with photos: POST /api/complaints, multipart, one or two JPEGs of SOAK_PHOTO_KB each;
 * - reads of a complaint's page by the phone that sent it: GET /api/complaints/:reference, Bearer token;
 * - sign-ins from another device: POST /api/sign-in-links {email} for a complaint's resident, the link read
 *   from the email the server sends (to an SMTP server run here), then POST /api/sessions {token};
 * - reads by the signed-in resident: GET /api/complaints/:reference and GET /api/my/complaints, with the cookie.
 * Sign-in link requests come from many loopback addresses (127.1.x.y), ten per address, so the
 * per-client limit (20 in 15 minutes) is not what is measured; each address asks for one email's link once.
 *
 * The rate: SOAK_RATE requests a second if set; otherwise the soak first measures the rate the server
 * sustains the way `npm run bench` does (a closed loop of 10 connections, here with this mix, for
 * SOAK_CALIBRATE_SECONDS) and runs at SOAK_LOAD (default 0.5) of it, an open loop: requests are sent on
 * time whether or not earlier ones have been answered.
 *
 * Memory: the server's resident set size from /proc/<pid>/status every second, and its V8 heap from a probe
 * loaded into it (memory-probe.ts). Growth is from the first 30 s after the warm-up (SOAK_WARMUP_SECONDS,
 * default 60, or a fifth of a shorter run) to the last 30 s: the median resident set, and the heap's lowest
 * point in each window (the heap after a collection, not wherever the collector happened to be).
 *
 * Exit code 1 if any request failed (a connection error, a timeout, an unexpected status, a link never
 * emailed) or memory grew by 20% or more.
 *
 *   npm run soak                                   # 10 minutes on PGlite
 *   SOAK_DATABASE=postgres npm run soak            # on a throwaway PostgreSQL 15 (test/support/postgres.ts)
 *   DATABASE_URL=postgres://… npm run soak          # on a PostgreSQL database of yours (an empty one)
 *   SOAK_SECONDS=60 SOAK_RATE=20 npm run soak      # a short check at a set rate
 */
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { startServer } from '../support/server-process.ts';
import { JPEG_BYTES, validComplaint } from '../support/complaint-fixtures.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(60, SECONDS / 5));
const WINDOW_SECONDS = Math.min(30, (SECONDS - WARMUP_SECONDS) / 3);
const CALIBRATE_SECONDS = Number(process.env.SOAK_CALIBRATE_SECONDS ?? 15);
const LOAD = Number(process.env.SOAK_LOAD ?? 0.5);
const PHOTO_KB = Number(process.env.SOAK_PHOTO_KB ?? 100);
const MAX_GROWTH = 0.2;
const TIMEOUT_MS = 30_000;
/** A sign-in email not received this long after its link was asked for counts as a failure. */
const MAIL_WAIT_MS = 60_000;
/** Never more than this many requests open at once: past it the server is not keeping up, and each one not sent is an error. */
const MAX_IN_FLIGHT = 400;

type Kind = 'complaint' | 'read (token)' | 'sign-in link' | 'session' | 'read (session)' | 'my complaints';
const KINDS: Kind[] = ['complaint', 'read (token)', 'sign-in link', 'session', 'read (session)', 'my complaints'];
/** How often each kind is chosen (a session follows each emailed link). */
const WEIGHTS: [Kind, number][] = [
  ['complaint', 3],
  ['read (token)', 3],
  ['sign-in link', 1],
  ['read (session)', 2],
  ['my complaints', 1],
];

// ─── the server and what it needs ───────────────────────────────────────────

/** A real JPEG of about `kb` KB: the 1×1 image with comment segments (COM, 0xFFFE) after its start marker. */
function photo(kb: number, seed: number): Uint8Array {
  const segments: Buffer[] = [];
  for (let left = kb * 1024; left > 0; left -= 65_000) {
    const size = Math.min(65_000, left);
    const segment = Buffer.alloc(size + 4, 0x20 + ((seed + segments.length) % 90));
    segment.writeUInt16BE(0xfffe, 0);
    segment.writeUInt16BE(size + 2, 2);
    segments.push(segment);
  }
  const jpeg = Buffer.from(JPEG_BYTES);
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}
const PHOTOS = [photo(PHOTO_KB, 1), photo(PHOTO_KB, 2)];

/** Links read from the emails the server sends, by the address they were sent to. */
const links = new Map<string, string>();
const awaitingLink = new Set<string>();

async function startMailbox(): Promise<{ url: string; close(): Promise<void>; received: () => number }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received++;
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).find((a) => awaitingLink.has(a));
        // Only the emails someone is waiting for are read; receipts to everyone else are accepted and dropped.
        if (!to) return callback();
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            const token = /\/sign-in\/link#([A-Za-z0-9_-]{20,})/.exec(mail.text ?? '')?.[1];
            if (token) {
              links.set(to, token);
              awaitingLink.delete(to);
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ─── HTTP on loopback ────────────────────────────────────────────────────────

// Idle sockets are closed after 30 s, before the server would close them (server/http-server.ts KEEP_ALIVE_MS).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  base: string,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: Uint8Array | string; localAddress?: string } = {},
): Promise<Answer> {
  const target = new URL(url, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        method,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A complaint as multipart/form-data, as the app sends one with photos: the body and its Content-Type. */
async function complaintForm(email: string): Promise<{ body: Uint8Array; type: string }> {
  const complaint = validComplaint();
  complaint.resident.email = email;
  complaint.complaint.description = `Damp in the hall, soak ${randomUUID()}.`;
  const form = new FormData();
  form.append('complaint', new Blob([JSON.stringify(complaint)], { type: 'application/json' }));
  for (let i = 0; i < randomInt(1, 3); i++) {
    form.append('attachments', new File([PHOTOS[i]! as Uint8Array<ArrayBuffer>], `photo-${i + 1}.jpg`, { type: 'image/jpeg' }));
  }
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! };
}

// ─── the traffic ─────────────────────────────────────────────────────────────

interface Made {
  reference: string;
  token: string;
  email: string;
}
interface SignedIn {
  cookie: string;
  reference: string;
}

class Traffic {
  readonly latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  readonly errors = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  readonly errorSamples: string[] = [];
  readonly mailDelays: number[] = [];
  readonly made: Made[] = [];
  readonly signedIn: SignedIn[] = [];
  /** Complaints whose resident has not yet asked for a link. */
  private readonly toSignIn: Made[] = [];
  private linkRequests = 0;
  inFlight = 0;
  constructor(private readonly base: string) {}

  error(kind: Kind, text: string) {
    this.errors.set(kind, this.errors.get(kind)! + 1);
    if (this.errorSamples.length < 20) {
      this.errorSamples.push(`${kind}: ${text.slice(0, 300)}`);
      console.log(`  error: ${this.errorSamples.at(-1)}`);
    }
  }

  /** One request of a kind; resolves when answered (errors are counted, never thrown). */
  async send(kind: Kind): Promise<void> {
    // A kind that needs something not made yet falls back to what makes it.
    if ((kind === 'read (token)' && this.made.length === 0) || (kind === 'sign-in link' && this.toSignIn.length === 0)) kind = 'complaint';
    if ((kind === 'read (session)' || kind === 'my complaints') && this.signedIn.length === 0) kind = this.toSignIn.length > 0 ? 'sign-in link' : 'complaint';
    this.inFlight++;
    const started = performance.now();
    try {
      const problem = await this.run(kind, started);
      if (problem) this.error(kind, problem);
      else this.latencies.get(kind)!.push(performance.now() - started);
    } catch (error) {
      this.error(kind, error instanceof Error ? error.message : String(error));
    } finally {
      this.inFlight--;
    }
  }

  /** Runs one request; returns what was wrong with the answer, or nothing. */
  private async run(kind: Kind, started: number): Promise<string | undefined> {
    switch (kind) {
      case 'complaint': {
        const email = `soak-${randomUUID()}@example.org`;
        const form = await complaintForm(email);
        const answer = await request(this.base, 'POST', '/api/complaints', {
          headers: { 'content-type': form.type, 'idempotency-key': randomUUID() },
          body: form.body,
        });
        if (answer.status !== 201) return `${answer.status} ${answer.body}`;
        const receipt = JSON.parse(answer.body) as { reference: string; accessToken: string };
        const made = { reference: receipt.reference, token: receipt.accessToken, email };
        this.made.push(made);
        this.toSignIn.push(made);
        return undefined;
      }
      case 'read (token)': {
        const made = this.made[randomInt(this.made.length)]!;
        const answer = await request(this.base, 'GET', `/api/complaints/${made.reference}`, { headers: { authorization: `Bearer ${made.token}` } });
        if (answer.status !== 200 || !answer.body.includes(made.reference)) return `${answer.status} ${answer.body}`;
        return undefined;
      }
      case 'sign-in link': {
        const made = this.toSignIn.splice(randomInt(this.toSignIn.length), 1)[0]!;
        // Ten requests per loopback address: a household's or an office's worth, well inside the limit of 20.
        const n = Math.floor(this.linkRequests++ / 10);
        const localAddress = `127.1.${(n >> 8) & 255}.${(n & 255) + 1}`;
        awaitingLink.add(made.email);
        const answer = await request(this.base, 'POST', '/api/sign-in-links', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: made.email }),
          localAddress,
        });
        if (answer.status !== 202) {
          awaitingLink.delete(made.email);
          return `${answer.status} ${answer.body}`;
        }
        // The session is its own request, once the email has come.
        void this.signIn(made, started);
        return undefined;
      }
      case 'session':
        throw new Error('a session is opened from an emailed link (signIn)');
      case 'read (session)': {
        const session = this.signedIn[randomInt(this.signedIn.length)]!;
        const answer = await request(this.base, 'GET', `/api/complaints/${session.reference}`, { headers: { cookie: session.cookie } });
        if (answer.status !== 200 || !answer.body.includes(session.reference)) return `${answer.status} ${answer.body}`;
        return undefined;
      }
      case 'my complaints': {
        const session = this.signedIn[randomInt(this.signedIn.length)]!;
        const answer = await request(this.base, 'GET', '/api/my/complaints', { headers: { cookie: session.cookie } });
        if (answer.status !== 200 || !answer.body.includes(session.reference)) return `${answer.status} ${answer.body}`;
        return undefined;
      }
    }
  }

  /** Waits for the link's email (polling), then opens a session with it. */
  private async signIn(made: Made, asked: number): Promise<void> {
    while (!links.has(made.email)) {
      if (performance.now() - asked > MAIL_WAIT_MS) {
        awaitingLink.delete(made.email);
        this.error('session', `no sign-in email for ${made.email} in ${MAIL_WAIT_MS / 1000} s`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.mailDelays.push(performance.now() - asked);
    const token = links.get(made.email)!;
    links.delete(made.email);
    this.inFlight++;
    const started = performance.now();
    try {
      const answer = await request(this.base, 'POST', '/api/sessions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      const cookie = [answer.headers['set-cookie'] ?? []].flat().find((c) => /^(__Host-)?resident_session=/.test(c))?.split(';')[0];
      if (answer.status !== 201 || !cookie) {
        this.error('session', `${answer.status} ${answer.body}`);
        return;
      }
      this.latencies.get('session')!.push(performance.now() - started);
      this.signedIn.push({ cookie, reference: made.reference });
      // Keep the most recent few hundred: a resident reads their complaint soon after signing in.
      if (this.signedIn.length > 500) this.signedIn.shift();
    } catch (error) {
      this.error('session', error instanceof Error ? error.message : String(error));
    } finally {
      this.inFlight--;
    }
  }

  /** Waits for every sign-in under way to finish. */
  async settle(): Promise<void> {
    const until = performance.now() + MAIL_WAIT_MS + TIMEOUT_MS;
    while ((this.inFlight > 0 || awaitingLink.size > 0) && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
  }
}

function pickKind(): Kind {
  const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  let roll = Math.random() * total;
  for (const [kind, weight] of WEIGHTS) if ((roll -= weight) < 0) return kind;
  return 'complaint';
}

/** Closed loop, as the bench measures: `connections` requests at a time for `seconds`. Returns requests per second. */
async function calibrate(traffic: Traffic, seconds: number, connections = 10): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await traffic.send(pickKind());
        done++;
      }
    }),
  );
  return done / seconds;
}

/** Open loop at `rate` a second for `seconds`: each request leaves on time, answered or not. */
async function openLoop(traffic: Traffic, rate: number, seconds: number, onTick: (elapsed: number) => void): Promise<number> {
  const started = performance.now();
  let sent = 0;
  const pending = new Set<Promise<void>>();
  while (true) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) break;
    const due = Math.floor(elapsed * rate);
    while (sent < due) {
      sent++;
      if (traffic.inFlight >= MAX_IN_FLIGHT) {
        traffic.error('complaint', `not sent: ${MAX_IN_FLIGHT} requests already waiting for an answer`);
        continue;
      }
      const p = traffic.send(pickKind()).finally(() => pending.delete(p));
      pending.add(p);
    }
    onTick(elapsed);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(pending);
  return sent;
}

// ─── memory ──────────────────────────────────────────────────────────────────

interface Sample {
  at: number;
  rss: number;
  heapUsed?: number;
}

function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

// ─── the run ─────────────────────────────────────────────────────────────────

async function main() {
  const cpus = os.cpus();
  let postgres: PostgresServer | undefined;
  let databaseUrl = process.env.DATABASE_URL || undefined;
  let databaseName = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (embedded)';
  if (!databaseUrl && process.env.SOAK_DATABASE === 'postgres') {
    postgres = startPostgres();
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE soak');
    await admin.end();
    databaseUrl = postgres.url.replace(/\/[^/]*$/, '/soak');
    databaseName = 'PostgreSQL 15 (a throwaway server, fsync off as in the tests and the bench)';
  }
  const mailbox = await startMailbox();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-soak-'));
  const server = await startServer({
    dataDir,
    staticDir: path.join(dataDir, 'no-static'),
    env: { SMTP_URL: mailbox.url, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    preload: [path.join(import.meta.dirname, 'memory-probe.ts')],
  });
  const pid = server.process.pid!;
  const samples: Sample[] = [];
  let lastHeap: number | undefined;
  let buffered = '';
  server.process.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('MEMORY ')) lastHeap = (JSON.parse(line.slice(7)) as { heapUsed: number }).heapUsed;
  });

  try {
    console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
      `${process.platform} ${process.arch}, Node ${process.version}; load average before (1, 5, 15 min): ${loadAverage()}`);
    console.log(`database: ${databaseName}; server process ${pid}; photos of ${PHOTO_KB} KB, one or two per complaint`);
    const traffic = new Traffic(server.url);

    let rate = Number(process.env.SOAK_RATE ?? 0);
    if (!rate) {
      const sustained = await calibrate(traffic, CALIBRATE_SECONDS);
      rate = Math.max(1, Math.round(sustained * LOAD));
      console.log(`sustained with 10 connections for ${CALIBRATE_SECONDS} s (as npm run bench measures): ${sustained.toFixed(1)} requests/s; ` +
        `soaking at ${LOAD} of it: ${rate} requests/s`);
    } else {
      console.log(`soaking at the set rate: ${rate} requests/s`);
    }
    // The calibration's answers are not the soak's: count from here.
    for (const kind of KINDS) {
      traffic.latencies.set(kind, []);
    }
    traffic.mailDelays.length = 0;

    const started = performance.now();
    let nextSample = 0;
    let nextReport = 60;
    const sent = await openLoop(traffic, rate, SECONDS, (elapsed) => {
      if (elapsed >= nextSample) {
        nextSample += 1;
        const rss = rssOf(pid);
        if (rss !== undefined) samples.push({ at: elapsed, rss, ...(lastHeap !== undefined ? { heapUsed: lastHeap } : {}) });
      }
      if (elapsed >= nextReport) {
        nextReport += 60;
        const errors = [...traffic.errors.values()].reduce((a, b) => a + b, 0);
        console.log(`  ${Math.round(elapsed)} s: ${traffic.made.length} complaints, ${traffic.signedIn.length} signed in, ` +
          `${errors} errors, RSS ${mb(samples.at(-1)?.rss ?? 0)}, heap ${mb(lastHeap ?? 0)}, load ${loadAverage()}`);
      }
    });
    await traffic.settle();
    const seconds = (performance.now() - started) / 1000;

    // ─── the figures ───
    const rows = KINDS.map((kind) => {
      const l = traffic.latencies.get(kind)!;
      return { kind, answered: l.length, errors: traffic.errors.get(kind)!, 'p50 ms': Math.round(percentile(l, 50)), 'p99 ms': Math.round(percentile(l, 99)), 'max ms': Math.round(Math.max(...l, 0)) };
    });
    console.log(`\n${sent} requests sent in ${seconds.toFixed(0)} s (${(sent / SECONDS).toFixed(1)}/s) plus ${traffic.latencies.get('session')!.length} sessions opened from emailed links; ` +
      `${mailbox.received()} emails received`);
    console.table(rows);
    console.log(`sign-in email, from asking to arriving: p50 ${Math.round(percentile(traffic.mailDelays, 50))} ms, p99 ${Math.round(percentile(traffic.mailDelays, 99))} ms`);

    const window = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at < to);
    const early = window(WARMUP_SECONDS, WARMUP_SECONDS + WINDOW_SECONDS);
    const late = window(SECONDS - WINDOW_SECONDS, SECONDS + 1);
    const rssEarly = median(early.map((s) => s.rss));
    const rssLate = median(late.map((s) => s.rss));
    const heapEarly = Math.min(...early.flatMap((s) => (s.heapUsed === undefined ? [] : [s.heapUsed])));
    const heapLate = Math.min(...late.flatMap((s) => (s.heapUsed === undefined ? [] : [s.heapUsed])));
    const rssGrowth = rssLate / rssEarly - 1;
    const heapGrowth = heapLate / heapEarly - 1;
    const peak = Math.max(...samples.map((s) => s.rss));
    console.log(`memory (after ${WARMUP_SECONDS} s of warm-up, windows of ${WINDOW_SECONDS} s): resident set ${mb(rssEarly)} → ${mb(rssLate)} ` +
      `(${(rssGrowth * 100).toFixed(1)}%, peak ${mb(peak)}); V8 heap ${mb(heapEarly)} → ${mb(heapLate)} (${(heapGrowth * 100).toFixed(1)}%)`);
    console.log(`load average after (1, 5, 15 min): ${loadAverage()}`);
    const errors = [...traffic.errors.values()].reduce((a, b) => a + b, 0);
    console.log(`SOAK ${JSON.stringify({ database: databaseName, seconds: SECONDS, rate, sent, errors, rssEarly, rssLate, rssGrowth, heapEarly, heapLate, heapGrowth, rows })}`);

    const failures = [
      ...(errors > 0 ? [`${errors} requests failed`] : []),
      ...(!(rssGrowth < MAX_GROWTH) ? [`the resident set grew ${(rssGrowth * 100).toFixed(1)}%`] : []),
      ...(!(heapGrowth < MAX_GROWTH) ? [`the heap grew ${(heapGrowth * 100).toFixed(1)}%`] : []),
    ];
    if (failures.length > 0) {
      console.error(`\n!!! SOAK FAILED: ${failures.join('; ')} (limits: 0 errors, growth under ${MAX_GROWTH * 100}%) !!!`);
      process.exitCode = 1;
    } else {
      console.log(`\nsoak passed: 0 errors, memory growth under ${MAX_GROWTH * 100}%`);
    }
  } finally {
    await server.stop('SIGTERM');
    agent.destroy();
    await mailbox.close();
    postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
