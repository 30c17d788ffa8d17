/**
 * "Committed means kept, and kept once, through crashes" (issue 13): rounds of
 * starting the real server process (node server/index.ts), posting at it concurrently
 * complaints (JSON and multipart with photos) and the resident's actions on complaints
 * already there (asking for stage 2, answering the landlord's question, asking for the
 * complaint's definition to be corrected; server/routes/resident-complaints.ts), with new
 * keys, replays of answered keys and of keys whose request was cut off, killing it with
 * SIGKILL at a random moment, and starting it again on the same database. Used by
 * `npm run crash` (test/reliability/crash.ts, many rounds) and test/api/crash.test.ts (a few).
 *
 * What is checked, on PGlite and on PostgreSQL:
 * - the server starts again after every kill (PGlite's data directory opens cleanly, its lock is taken over);
 * - every request answered (201, or 200 for an action) before a kill is still there afterwards: its key
 *   replayed after the restart is answered as a replay (the same reference for a complaint), never carried
 *   out again; at the end, the database holds it under that key: a complaint with its reference, text and
 *   every file sent; an action as its one event, on its complaint, with its words;
 * - every request cut off by a kill, sent again with its key, makes exactly one complaint or one event;
 *   no complaint escalated twice, no question answered twice, no event that no request made;
 * - no partial rows: no complaint without exactly one `received` event, no attachment or event without
 *   its complaint, no complaint with fewer or more files than were sent (nor than its event says); every
 *   complaint's status and stage as its events make them; every event that sends an email with its job.
 *
 * The complaints the actions are taken on are made before the first start, straight into the database
 * (seedTargets): some received a month ago and never acknowledged (the resident may escalate, Code 6.10),
 * some acknowledged with questions waiting for answers (Code 5.6 corrections are taken while acknowledged).
 */
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { applyAction } from '../../server/domain/lifecycle/actions.ts';
import { loadRecord } from '../../server/domain/lifecycle/record.ts';
import { isMailEventType } from '../../server/mail/templates.ts';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { JPEG_BYTES, PNG_BYTES, validComplaint } from '../support/complaint-fixtures.ts';
import { DEFINITION, daysAgo, makeComplaint } from '../support/lifecycle.ts';
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
  /** Requests answered 201 or 200 (new complaints, actions and replays). */
  acknowledged: number;
  /** Of which the resident's actions (escalations, answers, corrections), by name. */
  acknowledgedActions: Record<ActionName, number>;
  /** Requests cut off by a kill (no answer, or a connection error). */
  cutOff: number;
  /** Complaints the rounds made, stored at the end. */
  complaints: number;
  /** The resident's actions stored at the end (their events), by name. */
  actions: Record<ActionName, number>;
  /** Acknowledged complaints or actions missing, or found with another reference, other words or fewer files, afterwards. Must be 0. */
  lost: number;
  /** Keys that made more than one complaint or event, events no request made, or replays carried out again. Must be 0. */
  duplicates: number;
  /**
   * Complaints without exactly one `received` event, attachments or events without a complaint, file counts that
   * disagree, a status or stage that is not what the events make it, an event's email not queued. Must be 0.
   */
  partial: number;
  /** Restarts after a kill that did not come up. Must be 0. */
  failedRestarts: number;
  /** Answers that were neither the success expected nor a cut-off (a 4xx or 5xx). Must be 0. */
  unexpected: number;
  problems: string[];
  seconds: number;
}

/** The resident's actions the rounds take (server/routes/resident-complaints.ts), by their path. */
export const ACTIONS = ['escalate', 'answer-clarification', 'request-correction'] as const;
export type ActionName = (typeof ACTIONS)[number];
/** The event each action makes. */
const ACTION_EVENTS: Record<ActionName, string> = {
  escalate: 'escalation_requested',
  'answer-clarification': 'clarification_answered',
  'request-correction': 'correction_requested',
};

/** One complaint as sent: its key, body and files, and what the server answered for it. */
interface SentComplaint {
  kind: 'complaint';
  key: string;
  complaint: Record<string, unknown>;
  files: { bytes: Uint8Array; name: string; type: string }[];
  /** The reference of the first 201, once there is one. */
  reference?: string;
}

/** One resident's action as sent, with the access token of the complaint it is taken on. */
interface SentAction {
  kind: ActionName;
  key: string;
  reference: string;
  token: string;
  body: Record<string, string>;
  /** The words it carries (an answer, a correction, a reason), to find in its event. */
  words: string;
  /** Answered 200 once. */
  answered?: boolean;
}

type Sent = SentComplaint | SentAction;
const isAnswered = (sent: Sent) => (sent.kind === 'complaint' ? sent.reference !== undefined : sent.answered === true);

const PHOTOS = [
  { bytes: PNG_BYTES, name: 'mould.png', type: 'image/png' },
  { bytes: JPEG_BYTES, name: 'ceiling.jpg', type: 'image/jpeg' },
];

/** How the rounds' complaints begin: each then has words of its own. */
const ROUNDS_TEXT = 'Damp in the hall, complaint ';

function newComplaint(): SentComplaint {
  const complaint = validComplaint();
  // Distinct text per complaint, so a mix-up between keys would show.
  (complaint.complaint as Record<string, unknown>).description = `${ROUNDS_TEXT}${randomUUID()}.`;
  const count = randomInt(0, 3); // none, one or two photos
  const files = Array.from({ length: count }, (_v, i) => PHOTOS[i % PHOTOS.length]!);
  return { kind: 'complaint', key: randomUUID(), complaint, files };
}

/** Complaints made before the first start for the resident's actions to be taken on. */
interface Targets {
  /** Received a month ago and never acknowledged: the resident may ask for stage 2 (Code 6.10). Each used once. */
  escalate: { reference: string; token: string }[];
  /** Questions an officer asked, waiting for the resident's answer. Each used once. */
  questions: { reference: string; token: string; clarificationId: string }[];
  /** Acknowledged, with a definition the resident may ask to correct (Code 5.6): any number of times. */
  acknowledged: { reference: string; token: string }[];
}

/**
 * Makes `count` complaints to escalate and `count` questions to answer (on acknowledged complaints, 25 each),
 * straight into the database, as an officer would have brought them there. Their emails are marked sent:
 * what is tested is what the rounds do.
 */
async function seedTargets(database: Database, count: number): Promise<Targets> {
  const db = database.db;
  const officer: Actor = { kind: 'staff', staffId: randomUUID(), name: 'Crash Officer' };
  const act = async (reference: string, action: Parameters<typeof applyAction>[1]['action']) => {
    const outcome = await applyAction(db, { reference, actor: officer, action });
    if (!outcome.ok) throw new Error(`seeding ${reference}: ${action.type} refused (${outcome.code})`);
  };
  const targets: Targets = { escalate: [], questions: [], acknowledged: [] };
  for (let i = 0; i < count; i++) {
    targets.escalate.push(await makeComplaint(db, { receivedAt: daysAgo(30), residentEmail: `crash-${randomUUID()}@example.org` }));
  }
  const perComplaint = 25;
  for (let made = 0; made < count; ) {
    const complaint = await makeComplaint(db, { residentEmail: `crash-${randomUUID()}@example.org` });
    await act(complaint.reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
    targets.acknowledged.push(complaint);
    for (let q = 1; q <= perComplaint && made < count; q++, made++) {
      await act(complaint.reference, { type: 'ask_clarification', question: `Question ${q}: which rooms have mould?` });
      targets.questions.push({ ...complaint, clarificationId: `q${q}` });
    }
  }
  await db.execute(sql`update jobs set done_at = now() where done_at is null`);
  return targets;
}

/** The next action to take, if any target is left for the one chosen (else undefined: a new complaint). */
function newAction(targets: Targets, roll: number): SentAction | undefined {
  const words = `${randomUUID()}`;
  if (roll < 0.2 && targets.escalate.length > 0) {
    const target = targets.escalate.shift()!;
    // Code 6.12: no reason needed; half give one.
    const body: Record<string, string> = Math.random() < 0.5 ? { reason: `Nothing happened (${words}).` } : {};
    return { kind: 'escalate', key: randomUUID(), ...target, body, words: body.reason ?? '' };
  }
  if (roll < 0.3 && targets.questions.length > 0) {
    const { clarificationId, ...target } = targets.questions.shift()!;
    const answer = `The bedroom and the hall (${words}).`;
    return { kind: 'answer-clarification', key: randomUUID(), ...target, body: { clarificationId, answer }, words: answer };
  }
  if (roll < 0.4 && targets.acknowledged.length > 0) {
    const target = targets.acknowledged[randomInt(targets.acknowledged.length)]!;
    const text = `The mould is in the kitchen too (${words}).`;
    return { kind: 'request-correction', key: randomUUID(), ...target, body: { text }, words: text };
  }
  return undefined;
}

async function post(url: string, sent: Sent, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'Idempotency-Key': sent.key };
  if (sent.kind !== 'complaint') {
    headers['Content-Type'] = 'application/json';
    headers.Authorization = `Bearer ${sent.token}`;
    return fetch(`${url}/api/complaints/${sent.reference}/${sent.kind}`, { method: 'POST', headers, body: JSON.stringify(sent.body), signal });
  }
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
  /** Answers in the current round, and a way to wait for a number of them. */
  let answeredThisRound = 0;
  let onAnswer: (() => void) | undefined;
  const started = performance.now();
  const deadline = options.maxSeconds ? started + options.maxSeconds * 1000 : Infinity;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-crash-'));
  const env: Record<string, string> = options.kind === 'postgres' ? { DATABASE_URL: options.databaseUrl! } : {};
  // The API alone: no built app needed.
  const staticDir = path.join(dataDir, 'no-static');
  const openHere = () => openDatabase(options.kind === 'postgres' ? { databaseUrl: options.databaseUrl!, poolSize: 2 } : { dataDir });

  const none = (): Record<ActionName, number> => ({ escalate: 0, 'answer-clarification': 0, 'request-correction': 0 });
  const report: CrashReport = {
    kind: options.kind, rounds: 0, acknowledged: 0, acknowledgedActions: none(), cutOff: 0, complaints: 0, actions: none(),
    lost: 0, duplicates: 0, partial: 0, failedRestarts: 0, unexpected: 0, problems: [], seconds: 0,
  };
  const problem = (field: 'lost' | 'duplicates' | 'partial' | 'failedRestarts' | 'unexpected', text: string) => {
    report[field]++;
    if (report.problems.length < 50) report.problems.push(text);
    log(`  PROBLEM (${field}): ${text}`);
  };

  // About two actions of each kind a round (a third of the requests), with room to spare; enough for the test's few rounds.
  const seeding = await openHere();
  let targets: Targets;
  try {
    targets = await seedTargets(seeding, Math.max(20, options.rounds * 3));
  } finally {
    await seeding.close();
  }

  /** Sent but not yet answered: cut off by a kill, to be sent again. The first round starts with one action of each kind. */
  let unanswered = new Set<Sent>([0.15, 0.25, 0.35].flatMap((roll) => newAction(targets, roll) ?? []));
  const all: Sent[] = [...unanswered];
  /** Answered since the last kill: replayed after the restart to prove they were kept. */
  let answeredBeforeKill: Sent[] = [];

  /** Sends one request and records the outcome; false if it was cut off. */
  async function send(server: RunningServer, sent: Sent, signal: AbortSignal, proof: boolean): Promise<boolean> {
    let response: Response;
    let answer: { reference?: string };
    try {
      response = await post(server.url, sent, signal);
      answer = (await response.json()) as { reference?: string };
    } catch {
      // Refused, reset or aborted by the kill: no answer.
      report.cutOff++;
      unanswered.add(sent);
      return false;
    }
    const expected = sent.kind === 'complaint' ? 201 : 200;
    if (response.status !== expected || !answer.reference) {
      problem('unexpected', `${sent.kind} ${sent.key}: answered ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      return true;
    }
    report.acknowledged++;
    if (sent.kind !== 'complaint') report.acknowledgedActions[sent.kind]++;
    answeredThisRound++;
    onAnswer?.();
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    if (sent.kind === 'complaint') {
      if (sent.reference === undefined) {
        sent.reference = answer.reference;
      } else if (sent.reference !== answer.reference) {
        // A kept complaint is answered with its reference; a lost one would be made again, with a new one.
        problem(proof ? 'lost' : 'duplicates', `${sent.key}: first answered ${sent.reference}, now ${answer.reference}`);
      } else if (!replayed) {
        problem('duplicates', `${sent.key}: answered as new although already answered ${sent.reference}`);
      }
    } else if (answer.reference !== sent.reference) {
      problem('unexpected', `${sent.kind} ${sent.key}: answered with complaint ${answer.reference}, taken on ${sent.reference}`);
    } else if (sent.answered && !replayed) {
      // An action kept is answered as a replay; one lost would be carried out again, as new.
      problem(proof ? 'lost' : 'duplicates', `${sent.kind} ${sent.key} on ${sent.reference}: carried out again although already answered`);
    } else {
      sent.answered = true;
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

    // Proof first, before any load: everything answered before the last kill is there, and is answered as a replay.
    const controller = new AbortController();
    const proof = answeredBeforeKill;
    answeredBeforeKill = [];
    const waiting = [...unanswered];
    unanswered = new Set();
    for (const sent of proof) {
      if (!(await send(server, sent, controller.signal, true))) break;
    }

    // Then the load: requests cut off last time sent again, replays of answered keys, the resident's actions and
    // new complaints, `concurrency` at a time, until the kill.
    let killed = false;
    const queue = [...waiting];
    const worker = async () => {
      while (!killed) {
        const roll = Math.random();
        let sent: Sent | undefined;
        if (queue.length > 0) sent = queue.shift()!;
        else if (roll < 0.1 && all.some(isAnswered)) {
          const answered = all.filter(isAnswered);
          sent = answered[randomInt(answered.length)]!;
        } else {
          sent = newAction(targets, roll) ?? newComplaint();
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
        `${unanswered.size} cut off and waiting, ${all.length} requests made so far`,
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

  const database = await openHere();
  try {
    await checkComplaints(database, all.filter((s): s is SentComplaint => s.kind === 'complaint'), problem, report);
    await checkActions(database, all.filter((s): s is SentAction => s.kind !== 'complaint'), problem, report);
    await checkWhole(database, problem);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  report.seconds = Math.round((performance.now() - started) / 1000);
  return report;
}

type Problem = (field: 'lost' | 'duplicates' | 'partial', text: string) => void;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

async function checkComplaints(database: Database, all: SentComplaint[], problem: Problem, report: CrashReport): Promise<void> {
  const rows = rowsOf<{ key: string; reference: string; description: string; files: number; received: number; event_files: number | null }>(
    await database.db.execute(sql`
    SELECT c.idempotency_key::text AS key, c.reference, c.description,
      (SELECT count(*)::int FROM attachments a WHERE a.complaint_id = c.id) AS files,
      (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'received') AS received,
      (SELECT max((e.data->>'attachments')::int) FROM complaint_events e WHERE e.complaint_id = c.id AND e.type = 'received') AS event_files
    FROM complaints c`),
  );
  // The rounds' complaints (the ones made before the first start, for the actions, have other words).
  report.complaints = rows.filter((row) => row.description.startsWith(ROUNDS_TEXT)).length;
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
  for (const [key, [row]] of byKey) {
    if (!row!.description.startsWith(ROUNDS_TEXT)) continue; // made before the rounds, for the actions
    problem('duplicates', `${key}: a complaint no request made`);
  }
  for (const row of rows) {
    if (row.received !== 1) problem('partial', `${row.reference}: ${row.received} received events`);
    if (row.event_files !== null && row.event_files !== row.files) {
      problem('partial', `${row.reference}: event says ${row.event_files} files, ${row.files} stored`);
    }
  }
}

/** Every action answered is one event, on its complaint, with its words; nothing escalated or answered twice; no event no request made. */
async function checkActions(database: Database, all: SentAction[], problem: Problem, report: CrashReport): Promise<void> {
  const types = Object.values(ACTION_EVENTS);
  const rows = rowsOf<{ key: string | null; type: string; reference: string; data: Record<string, unknown> | string }>(
    await database.db.execute(sql`
    SELECT e.idempotency_key::text AS key, e.type, c.reference, e.data
    FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
    WHERE e.type IN (${sql.join(types.map((t) => sql`${t}`), sql`, `)})`),
  ).map((row) => ({ ...row, data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data }));
  const byKey = new Map(rows.filter((r) => r.key).map((r) => [r.key!, r]));
  for (const name of ACTIONS) report.actions[name] = rows.filter((r) => r.type === ACTION_EVENTS[name]).length;

  for (const sent of all) {
    const row = byKey.get(sent.key);
    byKey.delete(sent.key);
    if (!sent.answered) continue; // never answered (already reported): at most one event, which the key guarantees
    if (!row) {
      problem('lost', `${sent.kind} ${sent.key} on ${sent.reference}: answered 200, no event`);
      continue;
    }
    if (row.type !== ACTION_EVENTS[sent.kind] || row.reference !== sent.reference) {
      problem('lost', `${sent.kind} ${sent.key}: stored as ${row.type} on ${row.reference}`);
    }
    const stored = row.data.answer ?? row.data.text ?? row.data.reason ?? '';
    if (stored !== sent.words) problem('lost', `${sent.kind} ${sent.key}: stored "${String(stored)}", sent "${sent.words}"`);
  }
  for (const row of rows.filter((r) => !r.key || byKey.has(r.key))) {
    problem('duplicates', `${row.type} on ${row.reference} (key ${row.key}): an event no request made`);
  }
  /** Values seen more than once, with how often. */
  const repeated = (values: string[]) => {
    const seen = new Map<string, number>();
    for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1);
  };
  for (const [reference, n] of repeated(rows.filter((r) => r.type === 'escalation_requested').map((r) => r.reference))) {
    problem('duplicates', `${reference}: escalated ${n} times`);
  }
  const answers = rows.filter((r) => r.type === 'clarification_answered').map((r) => `${r.reference} ${String(r.data.clarificationId)}`);
  for (const [question, n] of repeated(answers)) problem('duplicates', `${question}: answered ${n} times`);
}

/** Nothing half-written anywhere: rows with their complaint, status and stage as the events make them, every email queued. */
async function checkWhole(database: Database, problem: Problem): Promise<void> {
  const db = database.db;
  const [orphans] = rowsOf<{ attachments: number; events: number }>(
    await db.execute(sql`
    SELECT (SELECT count(*)::int FROM attachments a WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = a.complaint_id)) AS attachments,
      (SELECT count(*)::int FROM complaint_events e WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = e.complaint_id)) AS events`),
  );
  if (orphans!.attachments > 0) problem('partial', `${orphans!.attachments} attachments without their complaint`);
  if (orphans!.events > 0) problem('partial', `${orphans!.events} events without their complaint`);

  // The status and stage written beside the events are what the events make them (one transaction writes both).
  const acted = rowsOf<{ reference: string }>(
    await db.execute(sql`SELECT DISTINCT c.reference FROM complaints c JOIN complaint_events e ON e.complaint_id = c.id WHERE e.type <> 'received'`),
  );
  for (const { reference } of acted) {
    const record = await loadRecord(db, { reference });
    if (!record) continue;
    if (record.complaint.status !== record.state.status || record.complaint.stage !== record.state.stage) {
      problem('partial', `${reference}: stored as ${record.complaint.status} at stage ${record.complaint.stage}, its events make it ${record.state.status} at stage ${record.state.stage}`);
    }
  }

  // Every event that sends an email has its job, queued in the same transaction (server/mail/queue.ts).
  const events = rowsOf<{ type: string; complaint_id: string; id: number | string; resident_email: string | null }>(
    await db.execute(sql`
    SELECT e.type, e.complaint_id::text, e.id, c.resident_email FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id`),
  ).filter((e) => isMailEventType(e.type) && e.resident_email);
  const jobs = new Set(rowsOf<{ key: string }>(await db.execute(sql`SELECT key FROM jobs WHERE kind = 'mail'`)).map((j) => j.key));
  for (const event of events) {
    if (!jobs.has(`mail:${event.type}:${event.complaint_id}:${event.id}:resident`)) {
      problem('partial', `${event.type} event ${event.id}: its email was not queued`);
    }
  }
}

/** The report as lines for a terminal or a test failure. */
export function describeReport(r: CrashReport): string {
  const name = r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  return [
    `${name}: ${r.rounds} rounds of SIGKILL in ${r.seconds} s; ${r.acknowledged} requests answered, ${r.cutOff} cut off, ` +
      `${r.complaints} complaints stored`,
    `  resident's actions answered (escalations, answers to questions, corrections): ${ACTIONS.map((a) => r.acknowledgedActions[a]).join(', ')}; ` +
      `stored: ${ACTIONS.map((a) => r.actions[a]).join(', ')}`,
    `  acknowledged writes lost: ${r.lost}, duplicates: ${r.duplicates}, partial rows: ${r.partial}, ` +
      `failed restarts: ${r.failedRestarts}, unexpected answers: ${r.unexpected}`,
    ...r.problems.map((p) => `  - ${p}`),
  ].join('\n');
}

export const isClean = (r: CrashReport): boolean =>
  r.lost === 0 && r.duplicates === 0 && r.partial === 0 && r.failedRestarts === 0 && r.unexpected === 0 && r.rounds > 0;
