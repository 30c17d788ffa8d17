/**
 * The outbox (issue 8): every kind of resident action is kept in IndexedDB
 * (fake-indexeddb: a kept implementation, not a hand-made fake) until it is
 * sent exactly once by its Idempotency-Key; what a refusal or a lost
 * connection does to it; a new complaint's receipt and draft; the move of
 * complaints queued by version 1 of the database; and the retry schedule.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { complaintsDb, type StoredDraft } from '../../../client/offline/database.ts';
import { ACTION_KINDS } from '../../../client/offline/action-kinds.ts';
import { onDeviceChange, type DeviceChange } from '../../../client/offline/changes.ts';
import { flushOutbox, queueAction } from '../../../client/offline/outbox.ts';
import { RETRY_DELAYS_MS, sendOutboxAutomatically } from '../../../client/offline/retry-schedule.ts';
import { findComplaint, keepComplaint, keepReceipt, listActions } from '../../../client/offline/repository.ts';

const REFERENCE = 'K7QM-4XPT';
const TOKEN = 'a'.repeat(43);
const receipt = { reference: REFERENCE, receivedAt: '2026-11-24T09:00:00.000Z', acknowledgeBy: '2026-12-01' };

/** Deletes the database between tests (the open connection is closed by its `blocking` handler). */
async function freshDatabase() {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('complaints');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The requests the page made: each one's URL, headers and body. */
function serve(answer: (call: number) => Response | Promise<Response>) {
  const calls: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string>, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body });
      return answer(calls.length);
    }),
  );
  return calls;
}

const residentView = { reference: REFERENCE, status: 'escalation_requested' };

beforeEach(freshDatabase);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('an action on a complaint (escalate, withdraw…)', () => {
  beforeEach(async () => keepReceipt({ ...receipt, accessToken: TOKEN, draftId: 'd1', about: 'Mould' }));

  it('waits in the outbox with an Idempotency-Key made on the device, then is sent with it and the access token kept with the receipt', async () => {
    const queued = await queueAction({ kind: 'escalate', reference: REFERENCE, payload: { reason: 'No answer' } });
    expect(queued).toMatchObject({ kind: 'escalate', status: 'waiting', about: REFERENCE });
    expect(queued.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const calls = serve(() => json(200, residentView));
    expect(await flushOutbox()).toEqual({ sent: 1, refused: 0, pending: 0 });
    expect(calls).toEqual([
      {
        url: `/api/complaints/${REFERENCE}/escalate`,
        headers: { 'Idempotency-Key': queued.id, Accept: 'application/json', Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: { reason: 'No answer' },
      },
    ]);
    // Sent: the action goes, and its answer is the complaint's record on the phone, in the same database.
    expect(await listActions()).toEqual([]);
    expect(await findComplaint(REFERENCE)).toMatchObject({ reference: REFERENCE, view: residentView });
  });

  it("keeps the later record when a slower fetch brings an older one (the complaint's events only grow)", async () => {
    const later = { reference: REFERENCE, status: 'escalation_requested', events: [{ type: 'received' }, { type: 'escalation_requested' }] };
    const older = { reference: REFERENCE, status: 'responded', events: [{ type: 'received' }] };
    await keepComplaint(later as never);
    expect((await keepComplaint(older as never)).view).toEqual(later);
    expect((await findComplaint(REFERENCE))!.view).toEqual(later);
  });

  it('sends a message with its photos as multipart: the words in the `message` part, each file as `attachments` (Code 6.8)', async () => {
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'ceiling.png', { type: 'image/png' });
    const queued = await queueAction({ kind: 'send-message', reference: REFERENCE, payload: { text: 'The ceiling again.' }, files: [photo] });
    const calls = serve(() => json(200, residentView));
    expect(await flushOutbox()).toEqual({ sent: 1, refused: 0, pending: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`/api/complaints/${REFERENCE}/send-message`);
    expect(calls[0]!.headers).toEqual({ 'Idempotency-Key': queued.id, Accept: 'application/json', Authorization: `Bearer ${TOKEN}` });
    const form = calls[0]!.body as FormData;
    expect(JSON.parse(await (form.get('message') as Blob).text())).toEqual({ text: 'The ceiling again.' });
    // (Node's structured clone in fake-indexeddb keeps a File's bytes and type, not its name; a browser keeps all three.)
    expect((form.getAll('attachments') as File[]).map((f) => [f.type, f.size])).toEqual([['image/png', 4]]);
    expect([...form.keys()].sort()).toEqual(['attachments', 'message']);
    // Sent: the action and its files go from the phone; the answer is the complaint's record on the phone.
    expect(await listActions()).toEqual([]);
    expect(await findComplaint(REFERENCE)).toMatchObject({ reference: REFERENCE });
  });

  it('is sent once however often and however concurrently the outbox is flushed', async () => {
    await queueAction({ kind: 'withdraw', reference: REFERENCE, payload: {} });
    const calls = serve(() => json(200, residentView));
    const results = await Promise.all([flushOutbox(), flushOutbox(), flushOutbox()]);
    await flushOutbox();
    expect(calls).toHaveLength(1);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
  });

  it('stays waiting while not reached, and the next try sends the same key', async () => {
    const queued = await queueAction({ kind: 'withdraw', reference: REFERENCE, payload: {} });
    const calls = serve((call) => (call === 1 ? Promise.reject(new TypeError('Failed to fetch')) : call === 2 ? json(503, {}) : json(200, residentView)));
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 0, pending: 1 });
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 0, pending: 1 });
    expect((await listActions())[0]!.status).toBe('waiting');
    expect(await flushOutbox()).toEqual({ sent: 1, refused: 0, pending: 0 });
    expect(new Set(calls.map((c) => c.headers['Idempotency-Key']))).toEqual(new Set([queued.id]));
  });

  it('is kept as failed with the reason when refused for good, and never tried again', async () => {
    await queueAction({ kind: 'escalate', reference: REFERENCE, payload: {} });
    const calls = serve(() => json(409, { error: { code: 'not_allowed_now', issues: [{ path: ['url'], code: 'not_allowed_now' }] } }));
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 1, pending: 0 });
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 0, pending: 0 });
    expect(calls).toHaveLength(1);
    expect((await listActions())[0]).toMatchObject({ status: 'failed', issues: [{ path: [], code: 'not_allowed_now' }] });
  });

  it('is refused as access_token, not sent without one, when the phone keeps no receipt for the complaint', async () => {
    await queueAction({ kind: 'withdraw', reference: 'ABCD-EFGH', payload: {} });
    const calls = serve(() => json(401, { error: { code: 'access_token', issues: [{ path: ['headers', 'authorization'], code: 'access_token' }] } }));
    await flushOutbox();
    expect(calls[0]!.headers).not.toHaveProperty('Authorization');
    expect((await listActions())[0]).toMatchObject({ status: 'failed', issues: [{ path: [], code: 'access_token' }] });
  });

  it('tells every tab what happens to it: sending, then sent', async () => {
    const { id } = await queueAction({ kind: 'withdraw', reference: REFERENCE, payload: {} });
    serve(() => json(200, residentView));
    const heard: DeviceChange[] = [];
    const stop = onDeviceChange((change) => heard.push(change));
    try {
      await flushOutbox();
      await vi.waitFor(() => expect(heard.map((c) => c.type)).toEqual(['sending', 'sent']));
      expect(heard.every((c) => 'id' in c && c.id === id)).toBe(true);
    } finally {
      stop();
    }
  });
});

describe('a new complaint in the outbox', () => {
  const draft = (status: StoredDraft['status']): StoredDraft => ({
    id: '6f1c2c9e-3b5a-4d8e-9f00-123456789abc',
    answers: { idempotencyKey: '6f1c2c9e-3b5a-4d8e-9f00-123456789abc' },
    step: 'check',
    about: 'Mould in the bedroom',
    createdAt: '2026-11-24T08:00:00.000Z',
    updatedAt: '2026-11-24T08:30:00.000Z',
    status,
  });

  async function queueComplaint() {
    const d = draft('queued');
    await queueAction({ kind: 'submit-complaint', id: d.id, payload: { resident: { name: 'Amina Khan' } } as never, about: d.about }, async (tx) => {
      await tx.objectStore('drafts').put(d);
    });
    return d;
  }

  it('keeps its receipt and drops its draft and its action once sent', async () => {
    const d = await queueComplaint();
    const calls = serve(() => json(201, receipt));
    expect(await flushOutbox()).toEqual({ sent: 1, refused: 0, pending: 0 });
    expect(calls[0]).toMatchObject({ url: '/api/complaints', headers: { 'Idempotency-Key': d.id } });
    const db = await complaintsDb();
    expect(await db.get('receipts', REFERENCE)).toEqual({ ...receipt, draftId: d.id, about: d.about });
    expect(await db.get('drafts', d.id)).toBeUndefined();
    expect(await db.getAll('outbox')).toEqual([]);
  });

  it('comes back as a draft with the problems to fix when refused, and leaves the outbox', async () => {
    const d = await queueComplaint();
    const issues = [{ path: ['resident', 'email'], code: 'email' }];
    serve(() => json(422, { error: { code: 'validation', issues } }));
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 1, pending: 0 });
    const db = await complaintsDb();
    expect(await db.get('drafts', d.id)).toMatchObject({ status: 'rejected', sendIssues: issues, answers: d.answers });
    expect(await db.getAll('outbox')).toEqual([]);
  });

  it('is not taken for sent when a captive portal answers 200 with its own page', async () => {
    await queueComplaint();
    serve(() => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    expect(await flushOutbox()).toEqual({ sent: 0, refused: 0, pending: 1 });
  });

  it('queued by the first version of the database (on its draft) is moved to the outbox when the app updates', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('complaints', 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        const drafts = db.createObjectStore('drafts', { keyPath: 'id' });
        drafts.createIndex('updatedAt', 'updatedAt');
        db.createObjectStore('receipts', { keyPath: 'reference' }).createIndex('receivedAt', 'receivedAt');
        drafts.put({ ...draft('queued'), outbox: { payload: { resident: {} }, files: [], queuedAt: '2026-11-24T08:31:00.000Z' } });
        drafts.put({ ...draft('editing'), id: 'still-editing' });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const db = await complaintsDb();
    expect(await db.getAll('outbox')).toEqual([
      { id: draft('queued').id, kind: 'submit-complaint', payload: { resident: {} }, files: [], about: 'Mould in the bedroom', queuedAt: '2026-11-24T08:31:00.000Z', status: 'waiting' },
    ]);
    expect(await db.get('drafts', draft('queued').id)).toEqual(draft('queued'));
    expect((await db.get('drafts', 'still-editing'))?.status).toBe('editing');
  });
});

describe('the kinds of action', () => {
  it('are a new complaint and each action a resident may take on one (server/routes/resident-complaints.ts)', () => {
    expect(Object.keys(ACTION_KINDS).sort()).toEqual(['answer-clarification', 'escalate', 'request-correction', 'send-message', 'submit-complaint', 'withdraw']);
  });
});

describe('the retry schedule while the app is open', () => {
  beforeEach(async () => {
    await keepReceipt({ ...receipt, accessToken: TOKEN, draftId: 'd1', about: 'Mould' });
    await queueAction({ kind: 'withdraw', reference: REFERENCE, payload: {} });
  });

  it('tries at once, then after 15 s, 30 s, 1, 2, 5 and then every 10 minutes, and at once when the connection returns', async () => {
    expect(RETRY_DELAYS_MS).toEqual([15_000, 30_000, 60_000, 120_000, 300_000, 600_000]);
    const window = new EventTarget();
    vi.stubGlobal('window', window);
    vi.stubGlobal('navigator', { onLine: true });
    const calls = serve(() => json(503, {}));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stop = sendOutboxAutomatically();
    try {
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      const expected = [1];
      for (const delay of [...RETRY_DELAYS_MS, 600_000]) {
        await vi.advanceTimersByTimeAsync(delay - 1);
        expect(calls).toHaveLength(expected.length);
        await vi.advanceTimersByTimeAsync(1);
        await vi.waitFor(() => expect(calls).toHaveLength(expected.length + 1));
        expected.push(1);
      }
      window.dispatchEvent(new Event('online'));
      await vi.waitFor(() => expect(calls).toHaveLength(expected.length + 1));
    } finally {
      stop();
    }
  });
});
