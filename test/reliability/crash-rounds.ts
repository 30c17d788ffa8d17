/**
 * "Committed means kept, and kept once, through crashes" (issue 13): rounds of
 * starting the real server process (node server/index.ts), posting complaints at
 * it concurrently (JSON and multipart with photos; new keys, replays of answered
 * keys and of keys whose request was cut off), killing it with SIGKILL at a random
 * moment, and starting it again on the same database. Used by `npm run crash`
 * (test/reliability/crash.ts, many rounds) and test/api/crash.test.ts (a few).
 *
 * What is checked, on PGlite and on PostgreSQL:
 * - the server starts again after every kill (PGlite's data directory opens cleanly, its lock is taken over);
 * - every request answered 201 before a kill is still there afterwards, with the same reference: its key
 *   replayed after the restart answers the same reference as a replay, never a new complaint; at the end,
 *   the database holds it under that key and reference, with every file that was sent;
 * - every request cut off by a kill, sent again with its key, makes exactly one complaint;
 * - no partial rows: no complaint without exactly one `received` event, no attachment or event without
 *   its complaint, no complaint with fewer or more files than were sent (nor than its event says).
 */
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { JPEG_BYTES, PNG_BYTES, validComplaint } from '../support/complaint-fixtures.ts';
import { sql } from 'drizzle-orm';

export interface CrashOptions {
  kind: 'pglite' | 'postgres';
  /** For postgres: an empty database of its own (migrated by the server on its first start). */
  databaseUrl?: string;
  rounds: number;
  /** Stop starting new rounds after this long (the round under way finishes). */
  maxSeconds?: number;
  /** Requests posted at once. */
  concurrency?: number;
  /**
   * When the kill falls: after a random number of answers in the round, from 0 to this (default 25), then
   * after a random delay of up to maxKillDelayMs (default 300 ms), so it lands anywhere in a request's life.
   */
  maxAnswersBeforeKill?: number;
  maxKillDelayMs?: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  kind: 'pglite' | 'postgres';
  rounds: number;
  /** Requests answered 201 (new complaints and replays). */
  acknowledged: number;
  /** Requests cut off by a kill (no answer, or a connection error). */
  cutOff: number;
  /** Complaints stored at the end. */
  complaints: number;
  /** Acknowledged complaints missing, or found with another reference or fewer files, afterwards. Must be 0. */
  lost: number;
  /** Keys that made more than one complaint, or whose replay was answered with another reference. Must be 0. */
  duplicates: number;
  /** Complaints without exactly one `received` event, attachments or events without a complaint, file counts that disagree. Must be 0. */
  partial: number;
  /** Restarts after a kill that did not come up. Must be 0. */
  failedRestarts: number;
  /** Answers that were neither 201 nor a cut-off (a 4xx or 5xx). Must be 0. */
  unexpected: number;
  problems: string[];
  seconds: number;
}

/** One complaint as sent: its key, body and files, and what the server answered for it. */
interface Sent {
  key: string;
  complaint: Record<string, unknown>;
  files: { bytes: Uint8Array; name: string; type: string }[];
  /** The reference of the first 201, once there is one. */
  reference?: string;
}

const PHOTOS = [
  { bytes: PNG_BYTES, name: 'mould.png', type: 'image/png' },
  { bytes: JPEG_BYTES, name: 'ceiling.jpg', type: 'image/jpeg' },
];

function newComplaint(): Sent {
  const complaint = validComplaint();
  // Distinct text per complaint, so a mix-up between keys would show.
  (complaint.complaint as Record<string, unknown>).description = `Damp in the hall, complaint ${randomUUID()}.`;
  const count = randomInt(0, 3); // none, one or two photos
  const files = Array.from({ length: count }, (_v, i) => PHOTOS[i % PHOTOS.length]!);
  return { key: randomUUID(), complaint, files };
}

async function post(url: string, sent: Sent, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'Idempotency-Key': sent.key };
  let body: BodyInit;
  if (sent.files.length > 0) {
    const form = new FormData();
    form.append('complaint', new Blob([JSON.stringify(sent.complaint)], { type: 'application/json' }));
    for (const file of sent.files) form.append('attachments', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
    body = form;
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(sent.complaint);
  }
  return fetch(`${url}/api/complaints`, { method: 'POST', headers, body, signal });
}

export async function runCrashRounds(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 6;
  const maxKillDelayMs = options.maxKillDelayMs ?? 300;
  const maxAnswersBeforeKill = options.maxAnswersBeforeKill ?? 25;
  /** 201s in the current round, and a way to wait for a number of them. */
  let answeredThisRound = 0;
  let onAnswer: (() => void) | undefined;
  const started = performance.now();
  const deadline = options.maxSeconds ? started + options.maxSeconds * 1000 : Infinity;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-crash-'));
  const env: Record<string, string> = options.kind === 'postgres' ? { DATABASE_URL: options.databaseUrl! } : {};
  // The API alone: no built app needed.
  const staticDir = path.join(dataDir, 'no-static');

  const report: CrashReport = {
    kind: options.kind, rounds: 0, acknowledged: 0, cutOff: 0, complaints: 0, lost: 0, duplicates: 0,
    partial: 0, failedRestarts: 0, unexpected: 0, problems: [], seconds: 0,
  };
  const problem = (field: 'lost' | 'duplicates' | 'partial' | 'failedRestarts' | 'unexpected', text: string) => {
    report[field]++;
    if (report.problems.length < 50) report.problems.push(text);
    log(`  PROBLEM (${field}): ${text}`);
  };

  const all: Sent[] = [];
  /** Sent but not yet answered 201: cut off by a kill, to be sent again. */
  let unanswered = new Set<Sent>();
  /** Answered 201 since the last kill: replayed after the restart to prove they were kept. */
  let answeredBeforeKill: Sent[] = [];

  /** Sends one request and records the outcome; false if it was cut off. */
  async function send(server: RunningServer, sent: Sent, signal: AbortSignal, proof: boolean): Promise<boolean> {
    let response: Response;
    let receipt: { reference?: string };
    try {
      response = await post(server.url, sent, signal);
      receipt = (await response.json()) as { reference?: string };
    } catch {
      // Refused, reset or aborted by the kill: no answer.
      report.cutOff++;
      unanswered.add(sent);
      return false;
    }
    if (response.status !== 201 || !receipt.reference) {
      problem('unexpected', `${sent.key}: answered ${response.status} ${JSON.stringify(receipt)}`);
      return true;
    }
    report.acknowledged++;
    answeredThisRound++;
    onAnswer?.();
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    if (sent.reference === undefined) {
      sent.reference = receipt.reference;
    } else if (sent.reference !== receipt.reference) {
      // A kept complaint is answered with its reference; a lost one would be made again, with a new one.
      problem(proof ? 'lost' : 'duplicates', `${sent.key}: first answered ${sent.reference}, now ${receipt.reference}`);
    } else if (!replayed) {
      problem('duplicates', `${sent.key}: answered as new although already answered ${sent.reference}`);
    }
    unanswered.delete(sent);
    // Proven once after the kill that follows its answer; the rows are checked again at the end.
    if (!proof) answeredBeforeKill.push(sent);
    return true;
  }

  for (let round = 0; round < options.rounds && performance.now() < deadline; round++) {
    let server: RunningServer;
    try {
      server = await startServer({ dataDir, env, staticDir });
    } catch (error) {
      problem('failedRestarts', `round ${round + 1}: the server did not start: ${String(error).slice(0, 500)}`);
      break;
    }
    report.rounds++;

    // Proof first, before any load: everything answered before the last kill is there, with its reference.
    const controller = new AbortController();
    const proof = answeredBeforeKill;
    answeredBeforeKill = [];
    const waiting = [...unanswered];
    unanswered = new Set();
    for (const sent of proof) {
      if (!(await send(server, sent, controller.signal, true))) break;
    }

    // Then the load: requests cut off last time sent again, replays of answered keys, and new complaints,
    // `concurrency` at a time, until the kill.
    let killed = false;
    const queue = [...waiting];
    const worker = async () => {
      while (!killed) {
        const roll = Math.random();
        let sent: Sent;
        if (queue.length > 0) sent = queue.shift()!;
        else if (roll < 0.1 && all.some((s) => s.reference)) {
          const answered = all.filter((s) => s.reference);
          sent = answered[randomInt(answered.length)]!;
        } else {
          sent = newComplaint();
          all.push(sent);
        }
        await send(server, sent, controller.signal, false);
      }
    };
    answeredThisRound = 0;
    const workers = Array.from({ length: concurrency }, worker);
    const answersBeforeKill = randomInt(0, maxAnswersBeforeKill + 1);
    const delay = randomInt(0, maxKillDelayMs + 1);
    await new Promise<void>((resolve) => {
      // Never wait for ever: a round whose requests all fail is killed after a minute and reported.
      const timer = setTimeout(resolve, 60_000);
      onAnswer = () => {
        if (answeredThisRound >= answersBeforeKill) {
          clearTimeout(timer);
          resolve();
        }
      };
      onAnswer();
    });
    onAnswer = undefined;
    await new Promise((resolve) => setTimeout(resolve, delay));
    killed = true;
    await server.stop('SIGKILL');
    controller.abort();
    await Promise.all(workers);
    for (const sent of queue) unanswered.add(sent); // never sent this round
    log(
      `round ${round + 1}: killed ${delay} ms after ${answersBeforeKill} answers; ${report.acknowledged} answered in all, ` +
        `${unanswered.size} cut off and waiting, ${all.length} complaints made so far`,
    );
  }

  // Last: start once more, resolve everything still unanswered, stop cleanly, and look at the rows.
  try {
    const server = await startServer({ dataDir, env, staticDir });
    const signal = new AbortController().signal;
    for (const sent of answeredBeforeKill) await send(server, sent, signal, true);
    answeredBeforeKill = [];
    for (const sent of [...unanswered]) await send(server, sent, signal, false);
    await server.stop('SIGTERM');
  } catch (error) {
    problem('failedRestarts', `final start: ${String(error).slice(0, 500)}`);
  }
  for (const sent of unanswered) problem('unexpected', `${sent.key}: still no answer after the last restart`);

  const database = await openDatabase(options.kind === 'postgres' ? { databaseUrl: options.databaseUrl!, poolSize: 2 } : { dataDir });
  try {
    await checkRows(database, all, problem, report);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  report.seconds = Math.round((performance.now() - started) / 1000);
  return report;
}

async function checkRows(
  database: Database,
  all: Sent[],
  problem: (field: 'lost' | 'duplicates' | 'partial', text: string) => void,
  report: CrashReport,
): Promise<void> {
  const rows = ((await database.db.execute(sql`
    SELECT c.idempotency_key::text AS key, c.reference, c.description,
      (SELECT count(*)::int FROM attachments a WHERE a.complaint_id = c.id) AS files,
      (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'received') AS received,
      (SELECT max((e.data->>'attachments')::int) FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'received') AS event_files
    FROM complaints c`)) as unknown as { rows: unknown[] }).rows as { key: string; reference: string; description: string; files: number; received: number; event_files: number | null }[];
  report.complaints = rows.length;
  const byKey = new Map<string, typeof rows>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);

  for (const sent of all) {
    const stored = byKey.get(sent.key) ?? [];
    byKey.delete(sent.key);
    if (stored.length > 1) problem('duplicates', `${sent.key}: ${stored.length} complaints`);
    const row = stored[0];
    if (sent.reference === undefined) {
      // Never answered, even after the last restart (already reported): at most one complaint.
      continue;
    }
    if (!row) {
      problem('lost', `${sent.key} (${sent.reference}): answered 201, not stored`);
      continue;
    }
    if (row.reference !== sent.reference) problem('lost', `${sent.key}: answered ${sent.reference}, stored as ${row.reference}`);
    const description = (sent.complaint.complaint as Record<string, unknown>).description;
    if (row.description !== description) problem('lost', `${sent.key}: stored another complaint's text`);
    if (row.files !== sent.files.length) problem('lost', `${sent.key}: ${sent.files.length} files sent, ${row.files} stored`);
  }
  for (const [key] of byKey) problem('duplicates', `${key}: a complaint no request made`);
  for (const row of rows) {
    if (row.received !== 1) problem('partial', `${row.reference}: ${row.received} received events`);
    if (row.event_files !== null && row.event_files !== row.files) {
      problem('partial', `${row.reference}: event says ${row.event_files} files, ${row.files} stored`);
    }
  }
  const orphans = ((await database.db.execute(sql`
    SELECT (SELECT count(*)::int FROM attachments a WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = a.complaint_id)) AS attachments,
      (SELECT count(*)::int FROM complaint_events e WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = e.complaint_id)) AS events`)) as unknown as {
    rows: unknown[];
  }).rows[0] as { attachments: number; events: number };
  if (orphans.attachments > 0) problem('partial', `${orphans.attachments} attachments without their complaint`);
  if (orphans.events > 0) problem('partial', `${orphans.events} events without their complaint`);
}

/** The report as lines for a terminal or a test failure. */
export function describeReport(r: CrashReport): string {
  const name = r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  return [
    `${name}: ${r.rounds} rounds of SIGKILL in ${r.seconds} s; ${r.acknowledged} requests answered 201, ${r.cutOff} cut off, ` +
      `${r.complaints} complaints stored`,
    `  acknowledged writes lost: ${r.lost}, duplicates: ${r.duplicates}, partial rows: ${r.partial}, ` +
      `failed restarts: ${r.failedRestarts}, unexpected answers: ${r.unexpected}`,
    ...r.problems.map((p) => `  - ${p}`),
  ].join('\n');
}

export const isClean = (r: CrashReport): boolean =>
  r.lost === 0 && r.duplicates === 0 && r.partial === 0 && r.failedRestarts === 0 && r.unexpected === 0 && r.rounds > 0;
