/**
 * Complaints as the app sends them, tiny real files, and helpers to post them
 * to an app built by createApp (app.request(), no port) and to count what was stored.
 */
import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { attachments, complaintEvents, complaints } from '../../server/db/schema.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';

/** Anything with Hono's app.request(). */
export interface RequestableApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** A complaint as JSON: typed loosely so tests can break it on purpose. */
export type Payload = Record<string, any>;

/** A full, valid complaint made by the resident themselves, every question answered. */
export function validComplaint(): Payload {
  const complaint: ComplaintInput = {
    submittedBy: 'resident',
    resident: {
      name: 'Amina Okafor',
      address: 'Flat 4, 12 Canal Street, Leeds LS1 4AB',
      tenancyReference: 'T-004512',
      email: 'amina@example.org',
      phone: '07700 900123',
      preferredContact: 'email',
    },
    complaint: {
      description: 'Black mould has come back in the bedroom after the repair in January.',
      happenedOn: '2025-01-20',
      stillHappening: true,
      delayReason: 'I waited for the repair to be finished.',
      aboutServiceRequest: 'yes',
      serviceRequestReference: 'SR-88123',
      othersAffected: 'yes',
      othersAffectedDetails: 'My two children sleep in that room.',
      desiredOutcome: 'Find the cause of the damp and fix it properly.',
    },
    support: {
      needed: true,
      details: 'Please send letters in large print.',
      consent: true,
    },
    language: 'en',
  };
  return complaint;
}

/** A valid complaint made by someone acting for the resident, with the resident's permission. */
export function representativeComplaint(): Payload {
  const complaint: ComplaintInput = {
    ...(validComplaint() as ComplaintInput),
    submittedBy: 'representative',
    representative: {
      name: 'Grace Okafor',
      relationship: 'Daughter',
      email: 'grace@example.org',
      phone: '+44 7700 900456',
      hasPermission: true,
    },
  };
  return complaint;
}

export const newKey = (): string => randomUUID();

/** POSTs a raw body to /api/complaints. `key: null` leaves out the Idempotency-Key. */
export function postRaw(
  app: RequestableApp,
  body: BodyInit | null,
  options: { key?: string | null; contentType?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? newKey() : options.key;
  if (key !== null) headers['Idempotency-Key'] = key;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['Content-Type'] = contentType;
  return Promise.resolve(app.request('/api/complaints', { method: 'POST', headers, body }));
}

/** POSTs a complaint as JSON with an Idempotency-Key (a new one unless given). */
export function postJson(app: RequestableApp, complaint: unknown, key: string | null = newKey()): Promise<Response> {
  return postRaw(app, JSON.stringify(complaint), { key });
}

/**
 * POSTs multipart/form-data: a `complaint` part (JSON, as the app sends it: a
 * Blob of type application/json), `attachments` files and any other fields.
 */
export function postMultipart(
  app: RequestableApp,
  parts: { complaint?: unknown; files?: File[]; fields?: Record<string, string> },
  key: string = newKey(),
): Promise<Response> {
  const form = new FormData();
  if (parts.complaint !== undefined) {
    form.append('complaint', new Blob([JSON.stringify(parts.complaint)], { type: 'application/json' }));
  }
  for (const file of parts.files ?? []) form.append('attachments', file, file.name);
  for (const [name, value] of Object.entries(parts.fields ?? {})) form.append(name, value);
  // No Content-Type: the Request sets multipart/form-data with its boundary.
  return postRaw(app, form, { key, contentType: null });
}

/** A 1×1 PNG (valid chunks and CRCs). */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  ),
);

/** A 1×1 JPEG (JFIF). */
export const JPEG_BYTES = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////' +
      '////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  ),
);

/** A minimal PDF. */
export const PDF_BYTES = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

export function file(bytes: Uint8Array, name: string, type: string): File {
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
}

export interface RowCounts {
  complaints: number;
  attachments: number;
  events: number;
}

/** How many rows each table holds. */
export async function countRows(db: Db): Promise<RowCounts> {
  const [[c], [a], [e]] = await Promise.all([
    db.select({ n: count() }).from(complaints),
    db.select({ n: count() }).from(attachments),
    db.select({ n: count() }).from(complaintEvents),
  ]);
  return { complaints: c?.n ?? -1, attachments: a?.n ?? -1, events: e?.n ?? -1 };
}
