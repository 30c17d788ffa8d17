/**
 * The complaints API through createApp().request(), against embedded PGlite
 * and a real PostgreSQL server. Every refusal is checked to have stored nothing.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES } from '../../shared/languages.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database, type Db } from '../../server/db/client.ts';
import { attachments, complaintEvents, complaints } from '../../server/db/schema.ts';
import { MULTIPART_BODY_BYTES } from '../../server/routes/complaints.ts';
import packageJson from '../../package.json' with { type: 'json' };

/** The version the API must report: package.json's, not a copy of a constant. */
const APP_VERSION = packageJson.version;
import { acknowledgeBy } from '../../shared/code.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { parseReference, REFERENCE_ALPHABET } from '../../shared/reference.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { londonDate } from '../../shared/working-days.ts';
import {
  countRows,
  file,
  JPEG_BYTES,
  newKey,
  PDF_BYTES,
  PNG_BYTES,
  postJson,
  postMultipart,
  postRaw,
  representativeComplaint,
  validComplaint,
  type Payload,
  type RowCounts,
} from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';

/** References the next complaints will be given before random ones: to make two complaints clash. */
const forcedReferences = vi.hoisted(() => [] as string[]);
vi.mock('../../shared/reference.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/reference.ts')>();
  return {
    ...actual,
    newReference: (random: (bytes: Uint8Array) => Uint8Array) => forcedReferences.shift() ?? actual.newReference(random),
  };
});

const REFERENCE = new RegExp(`^[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`);
const TEXT_BYTES = new TextEncoder().encode('This is a plain text note, not a photo.\n');

const ACCESS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A replayed receipt is the first one with a new access token: only the first token's hash
 * was kept, so the phone asking again gets another that opens the same complaint.
 */
function expectSameReceipt(replayed: Record<string, unknown>, first: Record<string, unknown>) {
  const { accessToken: again, ...rest } = replayed;
  const { accessToken: original, ...firstRest } = first;
  expect(rest).toEqual(firstRest);
  expect(again).toMatch(ACCESS_TOKEN);
  expect(original).toMatch(ACCESS_TOKEN);
  expect(again).not.toBe(original);
}

/** Issues in a stable order, so a 422 is compared exactly (nothing missing, nothing extra). */
const sorted = (issues: FieldIssue[]) =>
  [...issues].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));

/** A PNG header followed by zeros: detected as PNG, `size` bytes long. */
function pngOfSize(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_BYTES.subarray(0, 33));
  return bytes;
}

/** A fresh copy of a payload to break. */
function edit(base: Payload, change: (payload: Payload) => void): Payload {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

async function complaintRow(db: Db, reference: string) {
  const rows = await db.select().from(complaints).where(eq(complaints.reference, reference));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function rowsForKey(db: Db, key: string): Promise<number> {
  const rows = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.idempotencyKey, key));
  return rows.length;
}

describe.each(DATABASE_KINDS)('POST /api/complaints (%s)', (kind) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {} });
  });
  afterAll(async () => {
    await database?.close();
  });

  describe('refusals store nothing', () => {
    let before: RowCounts;
    beforeEach(async () => {
      before = await countRows(database.db);
    });

    /** Asserts the exact status and body, and that no table gained a row. */
    async function expectRefused(response: Response, status: number, body: unknown) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual(body);
      expect(await countRows(database.db)).toEqual(before);
    }

    async function expectInvalid(response: Response, issues: FieldIssue[]) {
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: { code: string; issues: FieldIssue[] } };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe('validation');
      expect(sorted(body.error.issues)).toEqual(sorted(issues));
      expect(await countRows(database.db)).toEqual(before);
    }

    describe('Idempotency-Key', () => {
      it('is required', async () => {
        await expectRefused(await postJson(app, validComplaint(), null), 400, {
          error: { code: 'idempotency_key', issues: [{ path: ['headers', 'idempotency-key'], code: 'required' }] },
        });
      });

      it.each(['not-a-uuid', '12345', '0f8fad5b-d9cb-469f-a165-70867728950', '0f8fad5b-d9cb-469f-a165-70867728950ez'])(
        'must be a UUID (%s)',
        async (key) => {
          await expectRefused(await postJson(app, validComplaint(), key), 400, {
            error: { code: 'idempotency_key', issues: [{ path: ['headers', 'idempotency-key'], code: 'type' }] },
          });
        },
      );
    });

    describe('body', () => {
      it.each([
        ['text/plain', JSON.stringify(validComplaint())],
        ['application/x-www-form-urlencoded', 'submittedBy=resident'],
        [null, JSON.stringify(validComplaint())],
      ])('refuses content type %s (415)', async (contentType, body) => {
        await expectRefused(await postRaw(app, body, { contentType }), 415, {
          error: { code: 'content_type', issues: [{ path: ['headers', 'content-type'], code: 'content_type' }] },
        });
      });

      it.each(['', '   \n '])('refuses an empty body %j', async (body) => {
        await expectRefused(await postRaw(app, body), 400, {
          error: { code: 'body_empty', issues: [{ path: ['body'], code: 'body_empty' }] },
        });
      });

      it.each(['{"submittedBy": "resident",', "{'a': 1}", 'undefined', '{"a":1}}'])(
        'refuses malformed JSON %j',
        async (body) => {
          await expectRefused(await postRaw(app, body), 400, {
            error: { code: 'malformed_json', issues: [{ path: ['body'], code: 'malformed_json' }] },
          });
        },
      );

      it('refuses a JSON body one byte over the limit, even if it is otherwise valid (413)', async () => {
        const json = JSON.stringify(validComplaint());
        const body = json + ' '.repeat(LIMITS.jsonBodyBytes + 1 - json.length);
        expect(Buffer.byteLength(body)).toBe(LIMITS.jsonBodyBytes + 1);
        await expectRefused(await postRaw(app, body), 413, {
          error: { code: 'body_too_large', issues: [{ path: ['body'], code: 'body_too_large' }] },
        });
      });

      it('refuses a multipart body over MULTIPART_BODY_BYTES (413)', async () => {
        const big = pngOfSize(MULTIPART_BODY_BYTES);
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [file(big, 'huge.png', 'image/png')],
        });
        await expectRefused(response, 413, {
          error: { code: 'body_too_large', issues: [{ path: ['body'], code: 'body_too_large' }] },
        });
      });

      it.each([
        ['a JSON array', '[]'],
        ['an array of complaints', JSON.stringify([validComplaint()])],
        ['null', 'null'],
        ['a string', '"complaint"'],
        ['a number', '42'],
      ])('refuses %s as the body (422)', async (_name, body) => {
        await expectInvalid(await postRaw(app, body), [{ path: [], code: 'type' }]);
      });
    });

    describe('validation (422, every failing field at once)', () => {
      it('reports unknown fields at the top level and nested', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.admin = true;
          p.resident.nickname = 'Mina';
          p.complaint.severity = 'high';
          p.support.notes = 'x';
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['admin'], code: 'unknown_field' },
          { path: ['resident', 'nickname'], code: 'unknown_field' },
          { path: ['complaint', 'severity'], code: 'unknown_field' },
          { path: ['support', 'notes'], code: 'unknown_field' },
        ]);
      });

      it('reports missing fields as required', async () => {
        const payload = edit(validComplaint(), (p) => {
          delete p.submittedBy;
          delete p.resident.name;
          delete p.resident.preferredContact;
          delete p.complaint.description;
          delete p.complaint.happenedOn;
          delete p.complaint.stillHappening;
          delete p.complaint.desiredOutcome;
          delete p.support;
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['submittedBy'], code: 'required' },
          { path: ['resident', 'name'], code: 'required' },
          { path: ['resident', 'preferredContact'], code: 'required' },
          { path: ['complaint', 'description'], code: 'required' },
          { path: ['complaint', 'happenedOn'], code: 'required' },
          { path: ['complaint', 'stillHappening'], code: 'required' },
          { path: ['complaint', 'desiredOutcome'], code: 'required' },
          { path: ['support'], code: 'required' },
        ]);
      });

      it('reports blank text (after trimming) as required', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.resident.name = '   ';
          p.complaint.description = '\n\t ';
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['resident', 'name'], code: 'required' },
          { path: ['complaint', 'description'], code: 'required' },
        ]);
      });

      it('reports wrong types and choices', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.resident.name = 42;
          p.resident.email = null;
          p.resident.preferredContact = 'fax';
          p.complaint.stillHappening = 'yes';
          p.complaint.happenedOn = 20250120;
          p.complaint.aboutServiceRequest = true;
          p.support.needed = 'no';
          p.language = 'fr';
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['resident', 'name'], code: 'type' },
          { path: ['resident', 'email'], code: 'type' },
          { path: ['resident', 'preferredContact'], code: 'choice' },
          { path: ['complaint', 'happenedOn'], code: 'type' },
          { path: ['complaint', 'stillHappening'], code: 'type' },
          { path: ['complaint', 'aboutServiceRequest'], code: 'choice' },
          { path: ['support', 'needed'], code: 'type' },
          { path: ['language'], code: 'choice' },
        ]);
      });

      it('reports sections of the wrong type', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.resident = 'Amina';
          p.complaint = 7;
          p.support = null;
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['resident'], code: 'type' },
          { path: ['complaint'], code: 'type' },
          { path: ['support'], code: 'type' },
        ]);
      });

      it('reports over-long text', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.complaint.description = 'x'.repeat(LIMITS.longText + 1);
          p.resident.name = 'n'.repeat(LIMITS.name + 1);
          p.resident.tenancyReference = 'r'.repeat(LIMITS.reference + 1);
          p.support.details = 'd'.repeat(LIMITS.mediumText + 1);
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['complaint', 'description'], code: 'too_long' },
          { path: ['resident', 'name'], code: 'too_long' },
          { path: ['resident', 'tenancyReference'], code: 'too_long' },
          { path: ['support', 'details'], code: 'too_long' },
        ]);
      });

      it.each([
        ['2027-02-30', 'date_invalid'],
        ['2025-1-20', 'date_invalid'],
        ['20/01/2025', 'date_invalid'],
        ['2025-01-20T10:00:00Z', 'date_invalid'],
        [`${new Date().getUTCFullYear() + 1}-01-01`, 'date_future'],
      ] as const)('reports happenedOn %s as %s', async (happenedOn, code) => {
        const payload = edit(validComplaint(), (p) => {
          p.complaint.happenedOn = happenedOn;
        });
        await expectInvalid(await postJson(app, payload), [{ path: ['complaint', 'happenedOn'], code }]);
      });

      it('reports a bad email and a bad phone number', async () => {
        const payload = edit(validComplaint(), (p) => {
          p.resident.email = 'amina@example';
          p.resident.phone = '12 34';
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['resident', 'email'], code: 'email' },
          { path: ['resident', 'phone'], code: 'phone' },
        ]);
      });

      it.each([
        ['email', 'email', 'email_for_preferred'],
        ['phone', 'phone', 'phone_for_preferred'],
        ['text', 'phone', 'phone_for_preferred'],
        ['post', 'address', 'address_for_preferred'],
      ] as const)('requires a contact detail for preferredContact %s', async (preferredContact, field, code) => {
        for (const missing of [undefined, '', '   ']) {
          const payload = edit(validComplaint(), (p) => {
            p.resident.preferredContact = preferredContact;
            if (missing === undefined) delete p.resident[field];
            else p.resident[field] = missing;
          });
          await expectInvalid(await postJson(app, payload), [{ path: ['resident', field], code }]);
        }
      });

      it('requires an address or a tenancy reference', async () => {
        const payload = edit(validComplaint(), (p) => {
          delete p.resident.address;
          p.resident.tenancyReference = ' ';
        });
        await expectInvalid(await postJson(app, payload), [{ path: ['resident', 'address'], code: 'address_or_tenancy' }]);
      });

      it('requires the representative when submittedBy is representative', async () => {
        const payload = edit(representativeComplaint(), (p) => {
          delete p.representative;
        });
        await expectInvalid(await postJson(app, payload), [{ path: ['representative'], code: 'required' }]);
      });

      it("requires the resident's permission for a representative", async () => {
        const refused = edit(representativeComplaint(), (p) => {
          p.representative.hasPermission = false;
        });
        await expectInvalid(await postJson(app, refused), [
          { path: ['representative', 'hasPermission'], code: 'permission_required' },
        ]);
        const unanswered = edit(representativeComplaint(), (p) => {
          delete p.representative.hasPermission;
        });
        await expectInvalid(await postJson(app, unanswered), [
          { path: ['representative', 'hasPermission'], code: 'required' },
        ]);
      });

      it('requires an email or phone number for a representative', async () => {
        const payload = edit(representativeComplaint(), (p) => {
          delete p.representative.email;
          p.representative.phone = '';
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['representative', 'email'], code: 'contact_for_representative' },
        ]);
      });

      it('refuses support details sent without consent (special-category data), with the field path, storing nothing', async () => {
        for (const consent of [undefined, false]) {
          const payload = edit(validComplaint(), (p) => {
            p.support = { needed: true, details: 'I use a wheelchair.' };
            if (consent !== undefined) p.support.consent = consent;
          });
          await expectInvalid(await postJson(app, payload), [{ path: ['support', 'consent'], code: 'consent_required' }]);
        }
      });

      it('reports field and cross-field failures from every section together', async () => {
        const payload = edit(representativeComplaint(), (p) => {
          p.extra = 1;
          p.representative.hasPermission = false;
          delete p.representative.email;
          delete p.representative.phone;
          delete p.resident.name;
          delete p.resident.address;
          delete p.resident.tenancyReference;
          p.resident.preferredContact = 'text';
          delete p.resident.phone;
          p.complaint.description = 'x'.repeat(LIMITS.longText + 1);
          p.complaint.happenedOn = '2027-02-30';
          p.support = { needed: true, details: 'Hearing loss' };
        });
        await expectInvalid(await postJson(app, payload), [
          { path: ['extra'], code: 'unknown_field' },
          { path: ['representative', 'hasPermission'], code: 'permission_required' },
          { path: ['representative', 'email'], code: 'contact_for_representative' },
          { path: ['resident', 'name'], code: 'required' },
          { path: ['resident', 'address'], code: 'address_or_tenancy' },
          { path: ['resident', 'phone'], code: 'phone_for_preferred' },
          { path: ['complaint', 'description'], code: 'too_long' },
          { path: ['complaint', 'happenedOn'], code: 'date_invalid' },
          { path: ['support', 'consent'], code: 'consent_required' },
        ]);
      });
    });

    describe('multipart', () => {
      it('refuses a file whose bytes are not an accepted type', async () => {
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [file(TEXT_BYTES, 'photo.jpg', 'image/jpeg')],
        });
        await expectInvalid(response, [{ path: ['attachments', 0], code: 'file_type' }]);
      });

      it('refuses a file that is not what it claims to be', async () => {
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [file(PDF_BYTES, 'letter.pdf', 'application/pdf'), file(PNG_BYTES, 'photo.jpg', 'image/jpeg')],
        });
        await expectInvalid(response, [{ path: ['attachments', 1], code: 'file_mismatch' }]);
      });

      it('refuses an empty file', async () => {
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [file(new Uint8Array(0), 'empty.png', 'image/png')],
        });
        await expectInvalid(response, [{ path: ['attachments', 0], code: 'file_empty' }]);
      });

      it('refuses a file over LIMITS.attachmentBytes, and takes one of exactly that size', async () => {
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [
            file(pngOfSize(LIMITS.attachmentBytes), 'ok.png', 'image/png'),
            file(pngOfSize(LIMITS.attachmentBytes + 1), 'big.png', 'image/png'),
          ],
        });
        await expectInvalid(response, [{ path: ['attachments', 1], code: 'file_too_large' }]);
      });

      it(`refuses more than ${LIMITS.attachments} files`, async () => {
        const files = Array.from({ length: LIMITS.attachments + 1 }, (_, i) => file(PNG_BYTES, `p${i}.png`, 'image/png'));
        const response = await postMultipart(app, { complaint: validComplaint(), files });
        await expectInvalid(response, [{ path: ['attachments'], code: 'too_many_files' }]);
      });

      it('refuses unknown multipart fields and attachments that are not files', async () => {
        const response = await postMultipart(app, {
          complaint: validComplaint(),
          files: [file(PNG_BYTES, 'photo.png', 'image/png')],
          fields: { note: 'hello', attachments: 'not a file' },
        });
        await expectInvalid(response, [
          { path: ['note'], code: 'unknown_field' },
          { path: ['attachments'], code: 'type' },
        ]);
      });

      it('reports file problems together with schema problems in one 422', async () => {
        const complaint = edit(validComplaint(), (p) => {
          p.resident.email = 'not-an-email';
          delete p.complaint.desiredOutcome;
        });
        const response = await postMultipart(app, {
          complaint,
          fields: { note: 'x' },
          files: [
            file(TEXT_BYTES, 'a.jpg', 'image/jpeg'),
            file(PNG_BYTES, 'b.jpg', 'image/jpeg'),
            file(new Uint8Array(0), 'c.pdf', 'application/pdf'),
            file(PDF_BYTES, 'd.pdf', 'application/pdf'),
          ],
        });
        await expectInvalid(response, [
          { path: ['note'], code: 'unknown_field' },
          { path: ['resident', 'email'], code: 'email' },
          { path: ['complaint', 'desiredOutcome'], code: 'required' },
          { path: ['attachments', 0], code: 'file_type' },
          { path: ['attachments', 1], code: 'file_mismatch' },
          { path: ['attachments', 2], code: 'file_empty' },
        ]);
      });

      it('refuses valid files with an invalid complaint', async () => {
        const complaint = edit(validComplaint(), (p) => {
          p.submittedBy = 'neighbour';
        });
        const response = await postMultipart(app, { complaint, files: [file(PNG_BYTES, 'photo.png', 'image/png')] });
        await expectInvalid(response, [{ path: ['submittedBy'], code: 'choice' }]);
      });

      it('requires the complaint part', async () => {
        const response = await postMultipart(app, { files: [file(PNG_BYTES, 'photo.png', 'image/png')] });
        await expectRefused(response, 400, {
          error: { code: 'body_empty', issues: [{ path: ['complaint'], code: 'required' }] },
        });
      });

      it('refuses a complaint part that is not JSON', async () => {
        const form = new FormData();
        form.append('complaint', '{"submittedBy":');
        await expectRefused(await postRaw(app, form, { contentType: null }), 400, {
          error: { code: 'malformed_json', issues: [{ path: ['complaint'], code: 'malformed_json' }] },
        });
      });

      it('refuses a body that is not multipart after all', async () => {
        const response = await postRaw(app, 'complaint=1', { contentType: 'multipart/form-data; boundary=xyz' });
        await expectRefused(response, 400, {
          error: { code: 'malformed_json', issues: [{ path: ['complaint'], code: 'type' }] },
        });
      });
    });

    describe('idempotency conflicts', () => {
      it('refuses the same key with a different complaint (409) and keeps the first', async () => {
        const key = newKey();
        const first = await postJson(app, validComplaint(), key);
        expect(first.status).toBe(201);
        const receipt = await first.json();
        before = await countRows(database.db);

        const other = edit(validComplaint(), (p) => {
          p.complaint.description = 'Something else entirely.';
        });
        await expectRefused(await postJson(app, other, key), 409, {
          error: {
            code: 'idempotency_conflict',
            issues: [{ path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' }],
          },
        });
        // Different attachments are a different request too.
        const withFile = await postMultipart(app, { complaint: validComplaint(), files: [file(PNG_BYTES, 'a.png', 'image/png')] }, key);
        await expectRefused(withFile, 409, {
          error: {
            code: 'idempotency_conflict',
            issues: [{ path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' }],
          },
        });
        // The first still answers.
        const again = await postJson(app, validComplaint(), key);
        expect(again.status).toBe(201);
        expectSameReceipt(await again.json(), receipt);
        expect(await rowsForKey(database.db, key)).toBe(1);
      });
    });
  });

  describe('success', () => {
    it.each(LANGUAGES)('remembers the resident\'s language (%s) for letters and emails', async (language) => {
      const response = await postJson(app, { ...validComplaint(), language });
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      expect((await complaintRow(database.db, reference))?.language).toBe(language);
    });

    it('stores a complaint and answers 201 with its receipt', async () => {
      const key = newKey();
      const before = Date.now();
      const response = await postJson(app, validComplaint(), key);
      const after = Date.now();
      expect(response.status).toBe(201);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      const receipt = (await response.json()) as { reference: string; receivedAt: string; acknowledgeBy: string; accessToken: string };
      expect(Object.keys(receipt).sort()).toEqual(['accessToken', 'acknowledgeBy', 'receivedAt', 'reference']);
      expect(receipt.accessToken).toMatch(ACCESS_TOKEN);
      expect(receipt.reference).toMatch(REFERENCE);
      expect(parseReference(receipt.reference)).toBe(receipt.reference);
      expect(new Date(receipt.receivedAt).toISOString()).toBe(receipt.receivedAt);
      const receivedAt = new Date(receipt.receivedAt).getTime();
      expect(receivedAt).toBeGreaterThanOrEqual(before);
      expect(receivedAt).toBeLessThanOrEqual(after);
      expect(receipt.acknowledgeBy).toBe(acknowledgeBy(londonDate(new Date(receipt.receivedAt))));

      const row = await complaintRow(database.db, receipt.reference);
      const c = validComplaint();
      expect(row).toMatchObject({
        idempotencyKey: key,
        status: 'received',
        stage: 1,
        submittedBy: 'resident',
        residentName: c.resident.name,
        residentAddress: c.resident.address,
        tenancyReference: c.resident.tenancyReference,
        residentEmail: c.resident.email,
        // Answers that do not apply are not kept (shared/complaint-answers.ts, as the phone does not send them):
        // a phone number when they chose email, a reason for a delay when the problem is still happening (Code 2.3).
        residentPhone: null,
        preferredContact: 'email',
        representative: null,
        description: c.complaint.description,
        happenedOn: c.complaint.happenedOn,
        stillHappening: true,
        delayReason: null,
        aboutServiceRequest: 'yes',
        serviceRequestReference: c.complaint.serviceRequestReference,
        othersAffected: 'yes',
        othersAffectedDetails: c.complaint.othersAffectedDetails,
        desiredOutcome: c.complaint.desiredOutcome,
        supportNeeded: true,
        supportDetails: c.support.details,
        language: 'en',
        acknowledgeBy: receipt.acknowledgeBy,
      });
      expect(row.receivedAt.toISOString()).toBe(receipt.receivedAt);
      // Consent to keep the support details is recorded with them.
      expect(row.supportConsentAt?.toISOString()).toBe(receipt.receivedAt);

      const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row.id));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'received', actor: 'resident', data: { channel: 'web', attachments: 0 } });
      expect(events[0]!.at.toISOString()).toBe(receipt.receivedAt);
      const files = await database.db.select().from(attachments).where(eq(attachments.complaintId, row.id));
      expect(files).toHaveLength(0);
    });

    it('stores normalised values: trimmed, blanks as null, answers made irrelevant dropped', async () => {
      const payload = edit(representativeComplaint(), (p) => {
        // A resident complaining for themselves: the representative's details are not kept.
        p.submittedBy = 'resident';
        p.resident.name = '  Amina Okafor  ';
        p.resident.email = '';
        p.resident.phone = '  ';
        p.resident.preferredContact = 'post';
        p.complaint.delayReason = ' ';
        p.complaint.aboutServiceRequest = 'no';
        p.complaint.serviceRequestReference = 'SR-1';
        p.complaint.othersAffected = 'not_sure';
        p.complaint.othersAffectedDetails = 'Maybe next door';
        delete p.language;
      });
      const response = await postJson(app, payload);
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect(row).toMatchObject({
        submittedBy: 'resident',
        representative: null,
        residentName: 'Amina Okafor',
        residentEmail: null,
        residentPhone: null,
        preferredContact: 'post',
        delayReason: null,
        aboutServiceRequest: 'no',
        serviceRequestReference: null,
        othersAffected: 'not_sure',
        othersAffectedDetails: null,
        language: 'en',
      });
    });

    it('stores a representative and records them as the actor', async () => {
      const response = await postJson(app, representativeComplaint());
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect(row.submittedBy).toBe('representative');
      expect(row.representative).toEqual(representativeComplaint().representative);
      const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row.id));
      expect(events.map((e) => [e.type, e.actor])).toEqual([['received', 'representative']]);
    });

    it('stores "I\'m not sure yet" for what would put it right as null (Code 5.6, 5.7)', async () => {
      const response = await postJson(app, edit(validComplaint(), (p) => (p.complaint.desiredOutcome = null)));
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      expect((await complaintRow(database.db, reference)).desiredOutcome).toBeNull();
    });

    it('keeps support details only when support is needed, with consent', async () => {
      const cases = [
        [{ needed: false, details: 'I am deaf', consent: true }, { supportNeeded: false, supportDetails: null, consent: false }],
        [{ needed: true }, { supportNeeded: true, supportDetails: null, consent: false }],
        [{ needed: true, details: ' ', consent: false }, { supportNeeded: true, supportDetails: null, consent: false }],
        [{ needed: true, details: ' I am deaf ', consent: true }, { supportNeeded: true, supportDetails: 'I am deaf', consent: true }],
      ] as const;
      for (const [support, expected] of cases) {
        const response = await postJson(app, edit(validComplaint(), (p) => void (p.support = support)));
        expect(response.status, JSON.stringify(support)).toBe(201);
        const { reference } = (await response.json()) as { reference: string };
        const row = await complaintRow(database.db, reference);
        expect(row.supportNeeded).toBe(expected.supportNeeded);
        expect(row.supportDetails).toBe(expected.supportDetails);
        expect(row.supportConsentAt !== null, JSON.stringify(support)).toBe(expected.consent);
      }
    });

    // The two answers to "Do you want to send these details with your complaint?", as the phone sends them
    // (client/complaint/payload.ts; test/unit/client/complaint-sending.test.ts).
    it('keeps that support is needed, and nothing of the details, for a complaint sent "without them"', async () => {
      const response = await postJson(app, edit(validComplaint(), (p) => void (p.support = { needed: true, consent: false })));
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect([row.supportNeeded, row.supportDetails, row.supportConsentAt]).toEqual([true, null, null]);
      const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row.id));
      expect(events.map((e) => Object.keys(e.data as object).filter((key) => /support|consent/i.test(key)))).toEqual([[]]);
    });

    it('keeps the details, with when consent was given, for a complaint sent with "Send these details"', async () => {
      const details = 'Large print, please: I have low vision.';
      const response = await postJson(app, edit(validComplaint(), (p) => void (p.support = { needed: true, details, consent: true })));
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect([row.supportNeeded, row.supportDetails]).toEqual([true, details]);
      expect(row.supportConsentAt?.toISOString()).toBe(row.receivedAt.toISOString());
    });

    it('stores text with characters PostgreSQL cannot hold (NUL, a lone surrogate) cleaned, not a 500', async () => {
      const json = JSON.stringify(representativeComplaint())
        .replace('Black mould', 'Black\\u0000 mould')
        .replace('Daughter', 'Daughter \\ud83d');
      const response = await postRaw(app, json);
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect(row.description.startsWith('Black mould has come back')).toBe(true);
      expect((row.representative as { relationship: string }).relationship).toBe('Daughter \uFFFD');
    });

    it('accepts a JSON body of exactly the limit', async () => {
      const json = JSON.stringify(validComplaint());
      const body = json + ' '.repeat(LIMITS.jsonBodyBytes - json.length);
      expect(Buffer.byteLength(body)).toBe(LIMITS.jsonBodyBytes);
      expect((await postRaw(app, body)).status).toBe(201);
    });

    it('stores attachments with their bytes, the detected type and a safe filename', async () => {
      const files = [
        file(PNG_BYTES, '../../etc/photo.png', 'image/png'),
        file(JPEG_BYTES, 'C:\\Users\\amina\\Pictures\\mould.jpg', 'image/jpeg'),
        file(PDF_BYTES, 'letter\u0007.pdf', 'application/pdf'),
        // Browsers send application/octet-stream for a type they do not know: the bytes decide.
        file(PDF_BYTES, 'scan.PDF', 'application/octet-stream'),
        file(PNG_BYTES, 'no-type', ''),
      ];
      expect(files).toHaveLength(LIMITS.attachments);
      const response = await postMultipart(app, { complaint: validComplaint(), files });
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      const stored = await database.db
        .select()
        .from(attachments)
        .where(eq(attachments.complaintId, row.id))
        .orderBy(asc(attachments.position));
      expect(stored.map((a) => [a.position, a.filename, a.mediaType, a.size])).toEqual([
        [0, 'photo.png', 'image/png', PNG_BYTES.byteLength],
        [1, 'mould.jpg', 'image/jpeg', JPEG_BYTES.byteLength],
        [2, 'letter.pdf', 'application/pdf', PDF_BYTES.byteLength],
        [3, 'scan.PDF', 'application/pdf', PDF_BYTES.byteLength],
        [4, 'no-type', 'image/png', PNG_BYTES.byteLength],
      ]);
      const expectedBytes = [PNG_BYTES, JPEG_BYTES, PDF_BYTES, PDF_BYTES, PNG_BYTES];
      stored.forEach((a, i) => expect(Buffer.from(a.content).equals(Buffer.from(expectedBytes[i]!))).toBe(true));
      const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row.id));
      expect(events.map((e) => e.data)).toEqual([{ channel: 'web', attachments: 5 }]);
    });

    it('accepts multipart without attachments', async () => {
      const response = await postMultipart(app, { complaint: validComplaint() });
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      const row = await complaintRow(database.db, reference);
      expect(await database.db.select().from(attachments).where(eq(attachments.complaintId, row.id))).toHaveLength(0);
    });
  });

  describe('idempotency', () => {
    it('answers a repeated key with the first receipt and stores one complaint', async () => {
      const key = newKey();
      const first = await postJson(app, validComplaint(), key);
      const second = await postJson(app, validComplaint(), key);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      const receipt = await first.json();
      expectSameReceipt(await second.json(), receipt);
      expect(await rowsForKey(database.db, key)).toBe(1);
      const [row] = await database.db.select().from(complaints).where(eq(complaints.idempotencyKey, key));
      const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id));
      expect(events).toHaveLength(1);
    });

    it('answers a complaint already made with its receipt, even when its answers no longer pass today\'s checks', async () => {
      const key = newKey();
      const first = await postJson(app, validComplaint(), key);
      expect(first.status).toBe(201);
      // The same device, after an update whose checks the old answers fail: not sent back to fix a complaint received.
      const stale = edit(validComplaint(), (p) => {
        (p.complaint as Record<string, unknown>).removedQuestion = 'an answer today\'s form no longer asks for';
      });
      const again = await postJson(app, stale, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expectSameReceipt(await again.json(), await first.json());
      expect(await rowsForKey(database.db, key)).toBe(1);
      // A new key with the same answers is refused, and nothing is stored.
      const fresh = newKey();
      expect((await postJson(app, stale, fresh)).status).toBe(422);
      expect(await rowsForKey(database.db, fresh)).toBe(0);
    });

    it('replays a multipart complaint with the same files', async () => {
      const key = newKey();
      const files = () => [file(PNG_BYTES, 'photo.png', 'image/png'), file(PDF_BYTES, 'letter.pdf', 'application/pdf')];
      const first = await postMultipart(app, { complaint: validComplaint(), files: files() }, key);
      const second = await postMultipart(app, { complaint: validComplaint(), files: files() }, key);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expectSameReceipt(await second.json(), await first.json());
      const [row] = await database.db.select().from(complaints).where(eq(complaints.idempotencyKey, key));
      expect(await database.db.select().from(attachments).where(eq(attachments.complaintId, row!.id))).toHaveLength(2);
    });

    it('treats the key case-insensitively', async () => {
      const key = newKey();
      const upper = await postJson(app, validComplaint(), key.toUpperCase());
      const lower = await postJson(app, validComplaint(), key);
      expect([upper.status, lower.status]).toEqual([201, 201]);
      expect(lower.headers.get('idempotent-replayed')).toBe('true');
      expectSameReceipt(await lower.json(), await upper.json());
      expect(await rowsForKey(database.db, key)).toBe(1);
    });

    it('stores one complaint for 20 concurrent requests with the same key', async () => {
      const key = newKey();
      const before = await countRows(database.db);
      const responses = await Promise.all(Array.from({ length: 20 }, () => postJson(app, validComplaint(), key)));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const receipts = await Promise.all(responses.map((r) => r.json() as Promise<{ reference: string }>));
      expect(new Set(receipts.map((r) => r.reference)).size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect(await rowsForKey(database.db, key)).toBe(1);
      expect(await countRows(database.db)).toEqual({
        complaints: before.complaints + 1,
        attachments: before.attachments,
        events: before.events + 1,
      });
    });
  });

  describe('references', () => {
    it('gives another reference when a new one clashes with an existing complaint', async () => {
      const first = (await (await postJson(app, validComplaint())).json()) as { reference: string };
      forcedReferences.push(first.reference, first.reference);
      const response = await postJson(app, validComplaint());
      expect(forcedReferences).toEqual([]);
      expect(response.status).toBe(201);
      const second = (await response.json()) as { reference: string };
      expect(second.reference).toMatch(REFERENCE);
      expect(second.reference).not.toBe(first.reference);
      await complaintRow(database.db, first.reference);
      await complaintRow(database.db, second.reference);
    });

    it('gives up with a bare 500 after five clashes, storing nothing', async () => {
      const first = (await (await postJson(app, validComplaint())).json()) as { reference: string };
      const before = await countRows(database.db);
      forcedReferences.push(...Array(5).fill(first.reference));
      const response = await postJson(app, validComplaint());
      expect(forcedReferences).toEqual([]);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'internal' } });
      expect(await countRows(database.db)).toEqual(before);
    });
  });

  describe('GET /api/health', () => {
    it('is ok while the database answers', async () => {
      const response = await app.request('/api/health');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        status: 'ok',
        version: APP_VERSION,
        database: { kind, status: 'ok' },
      });
    });

    it('is 503 when the database does not answer', async () => {
      const closed = await freshDatabase(kind);
      const closedApp = createApp({ database: closed, logError: () => {} });
      await closed.close();
      const response = await closedApp.request('/api/health');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        version: APP_VERSION,
        database: { kind, status: 'unavailable' },
      });
    });
  });
});

/** A Database that never touches storage: its transactions fail with a secret in the message. */
function brokenDatabase(secret: string): Database {
  const error = () => new Error(`connection to db-internal.example:5432 failed, password ${secret}`);
  const fail = () => Promise.reject(error());
  return {
    kind: 'postgres',
    // A select fails as it is built, as no query can be run; so does a statement run on the driver.
    db: { transaction: fail, select: () => { throw error(); }, execute: fail, $client: { query: fail } } as unknown as Db,
    ping: async () => false,
    close: async () => {},
  };
}

describe('API without storage', () => {
  const app = createApp({ database: brokenDatabase('s3cr3t'), logError: () => {} });

  it('describes itself in /api/openapi.json', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/complaints']?.post;
    expect(post).toBeDefined();
    expect(Object.keys(post!.responses).sort()).toEqual(['201', '400', '409', '413', '415', '422']);
    const complaint = doc.components.schemas.Complaint!;
    expect(complaint.type).toBe('object');
    expect(Object.keys(complaint.properties!)).toEqual(
      expect.arrayContaining(['submittedBy', 'representative', 'resident', 'complaint', 'support', 'language']),
    );
    expect(complaint.required).toEqual(expect.arrayContaining(['submittedBy', 'resident', 'complaint', 'support']));
    expect(doc.components.schemas.Receipt).toBeDefined();
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['GET', '/api/complaints'],
    ['DELETE', '/api/health'],
  ])('answers %s %s with 404 not_found', async (method, path) => {
    const response = await app.request(path, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'not_found', issues: [{ path: ['url'], code: 'not_found' }] } });
  });

  /** The strict Content-Security-Policy and the other secure headers, on any response. */
  function expectSecureHeaders(response: Response) {
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  }

  it('answers a complaint that fails its checks with 422 even when storage cannot be asked', async () => {
    const response = await postJson(app, {});
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation');
  });

  it('sends security headers', async () => {
    for (const response of [await app.request('/api/openapi.json'), await app.request('/api/nope'), await postJson(app, {})]) {
      expectSecureHeaders(response);
    }
  });

  it('sends the same strict Content-Security-Policy with the app itself: the shell, its routes and its files', async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-static-'));
    try {
      fs.mkdirSync(path.join(staticDir, 'assets'));
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>shell</title><script type="module" src="/assets/app.js"></script>');
      fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'export {};\n');
      const withApp = createApp({ database: brokenDatabase('x'), staticDir, logError: () => {} });
      for (const [url, type] of [
        ['/', 'text/html'],
        ['/complaint/who', 'text/html'],
        ['/index.html', 'text/html'],
        ['/assets/app.js', 'javascript'],
      ] as const) {
        const response = await withApp.request(url);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('content-type'), url).toContain(type);
        if (type === 'text/html') expect(await response.text()).toContain('<title>shell</title>');
        expectSecureHeaders(response);
      }
    } finally {
      fs.rmSync(staticDir, { recursive: true, force: true });
    }
  });

  it('gzips a built file whole: the answer carries no Content-Length of the file before compression (server/compress.ts)', async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-static-'));
    try {
      fs.mkdirSync(path.join(staticDir, 'assets'));
      fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>shell</title>');
      const script = `export const words = ${JSON.stringify('a complaint '.repeat(500))};\n`;
      fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), script);
      const withApp = createApp({ database: brokenDatabase('x'), staticDir, logError: () => {} });
      const response = await withApp.request('/assets/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(response.headers.get('content-length')).toBeNull();
      expect(response.headers.get('vary')).toContain('Accept-Encoding');
      expect(zlib.gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).toBe(script);
      // Not asked for gzip: the file as it is, with its length.
      const plain = await withApp.request('/assets/app.js');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength(script)));
      expect(await plain.text()).toBe(script);
    } finally {
      fs.rmSync(staticDir, { recursive: true, force: true });
    }
  });

  it('sends HSTS in production', async () => {
    const production = createApp({ database: brokenDatabase('x'), production: true, logError: () => {} });
    const response = await production.request('/api/openapi.json');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });

  it('answers an unexpected error with a bare 500, and logs it', async () => {
    const logged: unknown[] = [];
    const secretApp = createApp({ database: brokenDatabase('hunter2-secret'), logError: (e) => logged.push(e) });
    const response = await postJson(secretApp, validComplaint());
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal' } });
    expect(text).not.toMatch(/hunter2|secret|password|db-internal|at |Error/);
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toContain('hunter2-secret');
  });
});
