/**
 * Complaints to move along in lifecycle tests: one received at a chosen moment
 * (so its deadlines have passed or not), with an access token for its resident,
 * and requests to the resident's and officers' endpoints.
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { Db } from '../../server/db/client.ts';
import { receiveComplaint } from '../../server/domain/complaints.ts';
import { ComplaintSchema, normaliseComplaint } from '../../shared/schemas/complaint.ts';
import type { ComplaintDefinition } from '../../shared/lifecycle-events.ts';
import type { STAFF_ACTION_SCHEMAS } from '../../shared/schemas/lifecycle.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { representativeComplaint, validComplaint, type Payload, type RequestableApp } from './complaint-fixtures.ts';

/** Receives a complaint at `receivedAt` (default now), with the access token its receipt carries. */
export async function makeComplaint(
  db: Db,
  options: {
    receivedAt?: Date;
    by?: 'resident' | 'representative';
    happenedOn?: string;
    /** The resident's and the representative's addresses (a representative only with `by: 'representative'`). */
    residentEmail?: string;
    representativeEmail?: string;
    language?: string;
  } = {},
): Promise<{ reference: string; token: string }> {
  const payload = options.by === 'representative' ? representativeComplaint() : validComplaint();
  if (options.happenedOn) payload.complaint.happenedOn = options.happenedOn;
  if (options.residentEmail) payload.resident.email = options.residentEmail;
  if (options.representativeEmail) payload.representative.email = options.representativeEmail;
  if (options.language) payload.language = options.language;
  const complaint = normaliseComplaint(v.parse(ComplaintSchema, payload));
  const { receipt } = await receiveComplaint(db, {
    idempotencyKey: randomUUID(),
    complaint,
    attachments: [],
    ...(options.receivedAt ? { now: options.receivedAt } : {}),
  });
  return { reference: receipt.reference, token: receipt.accessToken };
}

export const DEFINITION: ComplaintDefinition = {
  understanding: 'Mould in the bedroom came back after the January repair and nobody has been since.',
  outcomeSought: 'The cause of the damp found and fixed.',
  points: ['The repair did not last', 'Nobody came back'],
  responsibleFor: 'The repair and the follow-up visit.',
  notResponsibleFor: 'Damaged furniture: the contents insurer.',
};

const today = () => londonDate(new Date());

/**
 * A valid body for each officer action, by its address (whether the complaint's state allows it is
 * another matter). The response decides both points of DEFINITION, with a remedy and an action.
 */
export const STAFF_ACTION_BODIES: Record<keyof typeof STAFF_ACTION_SCHEMAS, () => Payload> = {
  acknowledge: () => ({ definition: DEFINITION, category: 'damp_and_mould' }),
  'amend-definition': () => ({ definition: { ...DEFINITION, understanding: 'Mould in the bedroom and the kitchen.' } }),
  'ask-clarification': () => ({ question: 'Which rooms have mould?' }),
  extend: () => ({ workingDays: 5, reason: 'The surveyor can only come next week.' }),
  'agree-update-interval': () => ({ workingDays: 5, note: 'Agreed by phone.' }),
  'send-update': () => ({ message: 'The surveyor comes on Monday.' }),
  respond: () => ({
    decisions: [
      { decision: 'upheld', reasons: 'The repair was not done properly.' },
      { decision: 'partly_upheld', reasons: 'A visit was booked but missed.' },
    ],
    summary: 'We are sorry: the mould will be treated and the gutter fixed.',
    remedies: [{ description: 'Treat the mould and fix the gutter', dueOn: addWorkingDays(today(), 10) }],
    actions: [{ description: 'Check the bedroom again after a month', dueOn: addWorkingDays(today(), 25) }],
  }),
  'complete-action': () => ({ itemId: 's1-remedy-1', note: 'Done on the visit.' }),
  'not-accept': () => ({ exclusion: 'legal_proceedings', explanation: 'A claim about this was filed at court in March.' }),
  'refuse-escalation': () => ({ exclusion: 'previously_considered', explanation: 'This was decided in complaint K7QM-4XPT.' }),
  'escalate-for-resident': () => ({ requestedOn: today(), note: 'Asked by phone.' }),
  withdraw: () => ({ reason: 'The resident phoned to withdraw it.' }),
  'log-new-complaint': () => ({ description: 'The fence blew down in the storm.', reason: 'unrelated' }),
  'send-message': () => ({ text: 'The surveyor will ring you on Monday to arrange a visit.' }),
};

/** A JSON POST with optional headers. */
export function post(app: RequestableApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** A resident's action on their complaint, with their token and a new Idempotency-Key unless given. */
export function residentPost(
  app: RequestableApp,
  reference: string,
  token: string,
  action: string,
  body: unknown,
  key: string | null = randomUUID(),
): Promise<Response> {
  return post(app, `/api/complaints/${reference}/${action}`, body, {
    Authorization: `Bearer ${token}`,
    ...(key ? { 'Idempotency-Key': key } : {}),
  });
}

/** An officer's action, with their session cookie, as the console sends it (same origin; no Idempotency-Key unless given). */
export function staffPost(
  app: RequestableApp,
  cookie: string,
  reference: string,
  action: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return post(app, `/api/staff/complaints/${reference}/${action}`, body, { cookie, 'sec-fetch-site': 'same-origin', ...headers });
}

/** A GET under /api/staff/complaints (`''`, `?stage=2`, `/reports?…`, `/K7QM-4XPT`) with a session cookie, or none. */
export function staffGet(app: RequestableApp, cookie: string | null, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(`/api/staff/complaints${path}`, { headers: { ...(cookie ? { cookie } : {}), ...headers } }));
}

/** The resident's view of their complaint. */
export function residentGet(app: RequestableApp, reference: string, token: string | null): Promise<Response> {
  return Promise.resolve(app.request(`/api/complaints/${reference}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }));
}

/** A date `days` calendar days before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
