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
import { representativeComplaint, validComplaint, type RequestableApp } from './complaint-fixtures.ts';

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

/** The resident's view of their complaint. */
export function residentGet(app: RequestableApp, reference: string, token: string | null): Promise<Response> {
  return Promise.resolve(app.request(`/api/complaints/${reference}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }));
}

/** A date `days` calendar days before now. */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}
