/**
 * Messages both ways (Code 6.8: new information goes on the record), on embedded PGlite and on
 * PostgreSQL: the resident's (or representative's) message with photos and documents, checked as a
 * complaint's are and received exactly once; the officer's message, emailed to the resident; both on
 * the append-only record and in both views; files downloadable only by those who may see the complaint.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/client.ts';
import { complaintEvents, complaints, jobs } from '../../server/db/schema.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { JPEG_BYTES, PDF_BYTES, PNG_BYTES, countRows, file } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { makeComplaint, residentGet, residentPost, staffGet, staffPost } from '../support/lifecycle.ts';
import { signInResident } from '../support/resident-session.ts';
import { SAME_ORIGIN, signInStaff } from '../support/staff.ts';

type App = ReturnType<typeof createApp>;

/** A message as multipart: a `message` JSON part, `attachments` files, and any other parts. */
function messageForm(parts: { message?: unknown; files?: File[]; fields?: Record<string, string> }): FormData {
  const form = new FormData();
  if (parts.message !== undefined) form.append('message', new Blob([JSON.stringify(parts.message)], { type: 'application/json' }));
  for (const f of parts.files ?? []) form.append('attachments', f, f.name);
  for (const [name, value] of Object.entries(parts.fields ?? {})) form.append(name, value);
  return form;
}

describe.each(DATABASE_KINDS)('messages on the record (%s)', (kind) => {
  let database: Database;
  let app: App;
  let officer: { cookie: string; name: string };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {} });
    const signedIn = await signInStaff(app, database.db, { role: 'officer', name: 'Olu Officer' });
    officer = { cookie: signedIn.cookie, name: 'Olu Officer' };
  });
  afterAll(async () => {
    await database?.close();
  });

  /** The resident's message as multipart, with their token and a key (new unless given). */
  function sendFiles(reference: string, token: string, parts: Parameters<typeof messageForm>[0], key: string = randomUUID()): Promise<Response> {
    return Promise.resolve(
      app.request(`/api/complaints/${reference}/send-message`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
        body: messageForm(parts),
      }),
    );
  }
  async function eventsOf(reference: string) {
    const [row] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
    return database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id)).orderBy(asc(complaintEvents.id));
  }
  const download = (reference: string, token: string | null, path: string, headers: Record<string, string> = {}) =>
    app.request(`/api/complaints/${reference}/messages/${path}`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

  it('refuses a bad message with each field path, and stores nothing', async () => {
    const { reference, token } = await makeComplaint(database.db);
    const before = await countRows(database.db);
    const cases: [Promise<Response>, number, unknown][] = [
      [residentPost(app, reference, token, 'send-message', { text: '   ' }), 422, [{ path: ['text'], code: 'required' }]],
      [residentPost(app, reference, token, 'send-message', {}), 422, [{ path: ['text'], code: 'required' }]],
      [residentPost(app, reference, token, 'send-message', { text: 'x'.repeat(LIMITS.longText + 1) }), 422, [{ path: ['text'], code: 'too_long' }]],
      [residentPost(app, reference, token, 'send-message', { text: 'Hi', extra: 1 }), 422, [{ path: ['extra'], code: 'unknown_field' }]],
      [
        sendFiles(reference, token, { message: { text: 'Photos' }, files: [file(new TextEncoder().encode('just text'), 'notes.txt', 'text/plain')] }),
        422,
        [{ path: ['attachments', 0], code: 'file_type' }],
      ],
      [
        sendFiles(reference, token, { message: { text: 'Photos' }, files: [file(PNG_BYTES, 'photo.jpg', 'image/jpeg')] }),
        422,
        [{ path: ['attachments', 0], code: 'file_mismatch' }],
      ],
      [
        sendFiles(reference, token, { message: { text: 'Photos' }, files: [file(PNG_BYTES, 'a.png', 'image/png'), file(new Uint8Array(), 'empty.png', 'image/png')] }),
        422,
        [{ path: ['attachments', 1], code: 'file_empty' }],
      ],
      [
        sendFiles(reference, token, {
          message: { text: 'Photos' },
          files: Array.from({ length: LIMITS.attachments + 1 }, (_, i) => file(PNG_BYTES, `p${i}.png`, 'image/png')),
        }),
        422,
        [{ path: ['attachments'], code: 'too_many_files' }],
      ],
      [sendFiles(reference, token, { message: { text: '' }, fields: { note: 'x' } }), 422, [{ path: ['note'], code: 'unknown_field' }, { path: ['text'], code: 'required' }]],
      [sendFiles(reference, token, { files: [file(PNG_BYTES, 'a.png', 'image/png')] }), 400, [{ path: ['message'], code: 'required' }]],
      [residentPost(app, reference, token, 'send-message', { text: 'No key' }, null), 400, [{ path: ['headers', 'idempotency-key'], code: 'required' }]],
    ];
    for (const [request, status, issues] of cases) {
      const response = await request;
      expect(response.status).toBe(status);
      expect((await response.json()).error.issues).toEqual(issues);
    }
    const plainText = await app.request(`/api/complaints/${reference}/send-message`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': randomUUID(), 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(plainText.status).toBe(415);
    expect(await countRows(database.db)).toEqual(before);
  });

  it("puts the resident's message and files on the record once, however often the phone sends it", async () => {
    const { reference, token } = await makeComplaint(database.db, { by: 'representative' });
    const key = randomUUID();
    const parts = { message: { text: 'The mould is back in the kitchen: photos and the surveyor’s letter.' }, files: [file(PNG_BYTES, 'kitchen.png', 'image/png'), file(PDF_BYTES, 'letter.pdf', 'application/pdf')] };
    // Twice at once, then again: one message.
    const answers = await Promise.all([sendFiles(reference, token, parts, key), sendFiles(reference, token, parts, key)]);
    const again = await sendFiles(reference, token, parts, key);
    for (const answer of [...answers, again]) expect(answer.status).toBe(200);
    expect([...answers, again].filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    const view = await again.json();
    expect(view.messages).toEqual([
      {
        id: 'm1',
        // The phone that sent the complaint is the representative's (Code 3.6).
        from: 'representative',
        text: parts.message.text,
        on: view.today,
        attachments: [
          { filename: 'kitchen.png', mediaType: 'image/png', size: PNG_BYTES.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { filename: 'letter.pdf', mediaType: 'application/pdf', size: PDF_BYTES.byteLength, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      },
    ]);
    expect(view.availableActions).toContain('send-message');
    const messages = (await eventsOf(reference)).filter((e) => e.type === 'message_from_resident');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ actor: 'representative', idempotencyKey: key });
    // The same key with another message is a conflict, not a second message.
    const other = await sendFiles(reference, token, { message: { text: 'Something else' } }, key);
    expect(other.status).toBe(409);
    expect((await other.json()).error.issues).toEqual([{ path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' }]);

    // The files come back byte for byte, as downloads, to the phone that sent them.
    const png = await download(reference, token, 'm1/attachments/0');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''kitchen.png");
    expect(png.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(PNG_BYTES);
    const pdf = await download(reference, token, 'm1/attachments/1');
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(PDF_BYTES);
    // And to the officer, in the case record, with the complaint's own files listed apart.
    const staffFile = await app.request(`/api/staff/complaints/${reference}/messages/m1/attachments/1`, { headers: { cookie: officer.cookie } });
    expect(staffFile.status).toBe(200);
    expect(new Uint8Array(await staffFile.arrayBuffer())).toEqual(PDF_BYTES);
    const staffCase = await (await staffGet(app, officer.cookie, `/${reference}`)).json();
    expect(staffCase.messages).toHaveLength(1);
    expect(staffCase.complaint.attachments).toEqual([]);
    expect(staffCase.events.at(-1)).toMatchObject({ type: 'message_from_resident', actor: { kind: 'representative' } });
  });

  it('lets only those who may see the complaint download its files; a wrong address is not found', async () => {
    const mine = await makeComplaint(database.db, { residentEmail: 'mina@example.org' });
    const theirs = await makeComplaint(database.db, { residentEmail: 'theo@example.org' });
    expect((await sendFiles(mine.reference, mine.token, { message: { text: 'A photo' }, files: [file(JPEG_BYTES, 'wall.jpg', 'image/jpeg')] })).status).toBe(200);
    // The resident signed in on another device may.
    const mina = await signInResident(app, database.db, 'mina@example.org');
    const signedIn = await download(mine.reference, null, 'm1/attachments/0', { cookie: mina });
    expect(signedIn.status).toBe(200);
    expect(new Uint8Array(await signedIn.arrayBuffer())).toEqual(JPEG_BYTES);
    // Nobody else.
    expect((await download(mine.reference, null, 'm1/attachments/0')).status).toBe(401);
    expect((await download(mine.reference, theirs.token, 'm1/attachments/0')).status).toBe(401);
    const theo = await signInResident(app, database.db, 'theo@example.org');
    expect((await download(mine.reference, null, 'm1/attachments/0', { cookie: theo })).status).toBe(404);
    expect((await app.request(`/api/staff/complaints/${mine.reference}/messages/m1/attachments/0`)).status).toBe(401);
    // Addresses that name no file.
    for (const path of ['m1/attachments/1', 'm2/attachments/0', 'x1/attachments/0', 'm1/attachments/-1', 'm1/attachments/zero']) {
      const response = await download(mine.reference, mine.token, path);
      expect(response.status, path).toBe(404);
    }
    // Another complaint's message of the same id is not this complaint's.
    expect((await download(theirs.reference, theirs.token, 'm1/attachments/0')).status).toBe(404);
  });

  it("sends the officer's message to the resident, with an email, and takes the resident's reply after it", async () => {
    const { reference, token } = await makeComplaint(database.db, { residentEmail: 'ruth@example.org' });
    const refused = await staffPost(app, officer.cookie, reference, 'send-message', { text: '' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues).toEqual([{ path: ['text'], code: 'required' }]);

    const form = messageForm({ message: { text: 'Could you send a photo of the ceiling?' }, files: [file(PDF_BYTES, 'leaflet.pdf', 'application/pdf')] });
    const sent = await app.request(`/api/staff/complaints/${reference}/send-message`, { method: 'POST', headers: { cookie: officer.cookie, ...SAME_ORIGIN }, body: form });
    expect(sent.status).toBe(200);
    const staffCase = await sent.json();
    expect(staffCase.messages).toMatchObject([{ id: 'm1', from: 'landlord', text: 'Could you send a photo of the ceiling?', attachments: [{ filename: 'leaflet.pdf' }] }]);
    // The record names the officer; the resident's view does not.
    expect(staffCase.events.at(-1)).toMatchObject({ type: 'message_to_resident', actor: { kind: 'staff', name: officer.name } });
    const [mail] = await database.db.select().from(jobs).where(eq(jobs.key, `mail:message_to_resident:${(await eventsOf(reference))[0]!.complaintId}:${staffCase.events.at(-1).id}:resident`));
    expect(mail).toMatchObject({ kind: 'mail', payload: { type: 'message_to_resident', recipient: 'resident' } });

    const reply = await residentPost(app, reference, token, 'send-message', { text: 'Here it is.' });
    expect(reply.status).toBe(200);
    const view = await (await residentGet(app, reference, token)).json();
    expect(view.messages.map((m: { id: string; from: string }) => `${m.id} ${m.from}`)).toEqual(['m1 landlord', 'm2 resident']);
    const fromLandlord = view.events.find((e: { type: string }) => e.type === 'message_to_resident');
    expect(fromLandlord.actor).toEqual({ kind: 'staff' });
    // The resident downloads the officer's file too.
    const leaflet = await download(reference, token, 'm1/attachments/0');
    expect(new Uint8Array(await leaflet.arrayBuffer())).toEqual(PDF_BYTES);
  });

  it("shows a resident and a representative their complaint's messages both ways, and no other complaint's", async () => {
    const mine = await makeComplaint(database.db, { by: 'representative', residentEmail: 'nia@example.org', representativeEmail: 'nia-son@example.org' });
    const theirs = await makeComplaint(database.db, { residentEmail: 'owen@example.org' });
    expect((await staffPost(app, officer.cookie, mine.reference, 'send-message', { text: 'When can we visit, Nia?' })).status).toBe(200);
    expect((await sendFiles(mine.reference, mine.token, { message: { text: 'Tuesday, please.' }, files: [file(PNG_BYTES, 'door.png', 'image/png')] })).status).toBe(200);
    expect((await staffPost(app, officer.cookie, theirs.reference, 'send-message', { text: 'When can we visit, Owen?' })).status).toBe(200);
    expect((await residentPost(app, theirs.reference, theirs.token, 'send-message', { text: 'Owen here: any weekday.' })).status).toBe(200);

    const seen = async (headers: Record<string, string>, reference: string) => {
      const response = await app.request(`/api/complaints/${reference}`, { headers });
      expect(response.status).toBe(200);
      return ((await response.json()).messages as { id: string; from: string; text: string; attachments: { filename: string; mediaType: string; size: number }[] }[]).map(
        (m) => ({ id: m.id, from: m.from, text: m.text, files: m.attachments.map((a) => `${a.filename} ${a.mediaType} ${a.size}`) }),
      );
    };
    const expected = [
      { id: 'm1', from: 'landlord', text: 'When can we visit, Nia?', files: [] },
      { id: 'm2', from: 'representative', text: 'Tuesday, please.', files: [`door.png image/png ${PNG_BYTES.byteLength}`] },
    ];
    // The same record for the phone that sent it, the resident signed in and the representative signed in.
    expect(await seen({ Authorization: `Bearer ${mine.token}` }, mine.reference)).toEqual(expected);
    expect(await seen({ cookie: await signInResident(app, database.db, 'nia@example.org') }, mine.reference)).toEqual(expected);
    const representative = await signInResident(app, database.db, 'nia-son@example.org');
    expect(await seen({ cookie: representative }, mine.reference)).toEqual(expected);
    // The other complaint shows only its own, and to none of them.
    expect((await seen({ Authorization: `Bearer ${theirs.token}` }, theirs.reference)).map((m) => m.text)).toEqual(['When can we visit, Owen?', 'Owen here: any weekday.']);
    expect((await app.request(`/api/complaints/${theirs.reference}`, { headers: { cookie: representative } })).status).toBe(404);
    expect((await app.request(`/api/complaints/${theirs.reference}`, { headers: { Authorization: `Bearer ${mine.token}` } })).status).toBe(401);
    const owen = await signInResident(app, database.db, 'owen@example.org');
    expect((await app.request(`/api/complaints/${mine.reference}`, { headers: { cookie: owen } })).status).toBe(404);
  });

  it('keeps taking messages after the complaint is withdrawn (new information still goes on the record)', async () => {
    const { reference, token } = await makeComplaint(database.db);
    expect((await residentPost(app, reference, token, 'withdraw', {})).status).toBe(200);
    const after = await residentPost(app, reference, token, 'send-message', { text: 'For your records: it was fixed.' });
    expect(after.status).toBe(200);
    expect((await after.json()).messages).toHaveLength(1);
  });
});
