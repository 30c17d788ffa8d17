/**
 * Asking for reasonable adjustments with no complaint (Code 3.1, 5.10), through createApp().request(), on PGlite and
 * PostgreSQL: refusals first (each storing nothing), then what is kept, and consent to keep a disclosed disability or
 * condition: nothing disclosed is stored without it, and withdrawing it deletes what was disclosed and records that.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/client.ts';
import { adjustmentEvents, adjustmentRequests } from '../../server/db/schema.ts';
import type { AdjustmentRequestInput } from '../../shared/schemas/adjustments.ts';
import { newKey } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';

const DISCLOSED = 'I am partially sighted after a stroke.';

function request(change: (r: AdjustmentRequestInput) => void = () => {}): AdjustmentRequestInput {
  const r: AdjustmentRequestInput = {
    requestedBy: 'resident',
    resident: { name: 'Amina Khan', email: 'amina@example.org', tenancyReference: 'T-1042' },
    needs: [{ kind: 'large_print' }, { kind: 'contact_method', details: 'Phone calls only, please.' }],
  };
  change(r);
  return r;
}

interface View {
  id: string;
  accessToken?: string;
  needs: { kind: string; details?: string }[];
  disclosure: { details: string; consentAt: string | null } | null;
}

describe.each(DATABASE_KINDS)('adjustment requests with no complaint (%s)', (kind) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {} });
  });
  afterAll(async () => {
    await database?.close();
  });

  const post = (body: unknown, key: string | null = newKey()) =>
    Promise.resolve(
      app.request('/api/adjustment-requests', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
        body: JSON.stringify(body),
      }),
    );
  const get = (id: string, token?: string) =>
    Promise.resolve(app.request(`/api/adjustment-requests/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }));
  const withdraw = (id: string, token?: string) =>
    Promise.resolve(
      app.request(`/api/adjustment-requests/${id}/withdraw-disclosure`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: '{}',
      }),
    );
  const rowCounts = async () => {
    const [[r], [e]] = await Promise.all([
      database.db.select({ n: count() }).from(adjustmentRequests),
      database.db.select({ n: count() }).from(adjustmentEvents),
    ]);
    return { requests: r!.n, events: e!.n };
  };
  const made = async (body: unknown) => {
    const response = await post(body);
    expect(response.status).toBe(201);
    return (await response.json()) as View & { accessToken: string };
  };

  describe('refusals store nothing', () => {
    let before: Awaited<ReturnType<typeof rowCounts>>;
    beforeEach(async () => {
      before = await rowCounts();
    });
    async function expectRefused(response: Response, status: number, issues: { path: (string | number)[]; code: string }[]) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { issues: unknown[] } };
      expect(body.error.issues).toEqual(issues);
      expect(await rowCounts()).toEqual(before);
    }

    it('refuses a disability or condition disclosed without consent, with the field path', async () => {
      for (const consent of [undefined, false]) {
        const body = request((r) => (r.disclosure = consent === undefined ? { details: DISCLOSED } : { details: DISCLOSED, consent }));
        await expectRefused(await post(body), 422, [{ path: ['disclosure', 'consent'], code: 'consent_required' }]);
      }
    });

    it('requires an Idempotency-Key, at least one need, a known kind of need, and a way to answer', async () => {
      await expectRefused(await post(request(), null), 400, [{ path: ['headers', 'idempotency-key'], code: 'required' }]);
      await expectRefused(await post(request((r) => (r.needs = []))), 422, [{ path: ['needs'], code: 'required' }]);
      await expectRefused(await post(request((r) => (r.needs = [{ kind: 'telepathy' as 'other' }]))), 422, [
        { path: ['needs', 0, 'kind'], code: 'choice' },
      ]);
      await expectRefused(await post(request((r) => (r.resident = { name: 'Amina Khan', tenancyReference: 'T-1042' }))), 422, [
        { path: ['resident', 'email'], code: 'required' },
      ]);
    });

    it('refuses the same key with another request (409)', async () => {
      const key = newKey();
      expect((await post(request(), key)).status).toBe(201);
      before = await rowCounts();
      await expectRefused(await post(request((r) => (r.needs = [{ kind: 'braille' }])), key), 409, [
        { path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' },
      ]);
    });
  });

  describe('reading a request: only with its own token', () => {
    it('is 401 with no token, a wrong one, another request’s, or for a request that does not exist', async () => {
      const mine = await made(request());
      const theirs = await made(request());
      for (const response of [
        await get(mine.id),
        await get(mine.id, 'x'.repeat(43)),
        await get(mine.id, theirs.accessToken),
        await get('00000000-0000-4000-8000-000000000000', mine.accessToken),
        await get('not-a-uuid', mine.accessToken),
        await withdraw(mine.id, theirs.accessToken),
      ]) {
        expect(response.status).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('access_token');
      }
      const response = await get(mine.id, mine.accessToken);
      expect(response.status).toBe(200);
      expect(((await response.json()) as View).id).toBe(mine.id);
    });
  });

  it('keeps the needs asked for, with no disclosure when none was made, and records the request', async () => {
    const view = await made(request());
    expect(view.needs).toEqual([{ kind: 'large_print' }, { kind: 'contact_method', details: 'Phone calls only, please.' }]);
    expect(view.disclosure).toBeNull();
    const [row] = await database.db.select().from(adjustmentRequests).where(eq(adjustmentRequests.id, view.id));
    expect([row!.disclosure, row!.disclosureConsentAt]).toEqual([null, null]);
    const events = await database.db.select().from(adjustmentEvents).where(eq(adjustmentEvents.requestId, view.id));
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([['requested', 'resident', { needs: ['large_print', 'contact_method'], disclosed: false }]]);
  });

  it('answers the same key and request again with the same request and a new token; only the newest opens it', async () => {
    const key = newKey();
    const first = (await (await post(request(), key)).json()) as View & { accessToken: string };
    const again = await post(request(), key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const second = (await again.json()) as View & { accessToken: string };
    expect(second.id).toBe(first.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect((await get(first.id, second.accessToken)).status).toBe(200);
    expect((await get(first.id, first.accessToken)).status).toBe(401);
    expect(await database.db.select().from(adjustmentRequests).where(eq(adjustmentRequests.idempotencyKey, key))).toHaveLength(1);
  });

  it('keeps a disclosure only with consent; withdrawing consent deletes it and records that it was deleted, not what it said', async () => {
    const view = await made(request((r) => (r.disclosure = { details: ` ${DISCLOSED} `, consent: true })));
    expect(view.disclosure?.details).toBe(DISCLOSED);
    const [kept] = await database.db.select().from(adjustmentRequests).where(eq(adjustmentRequests.id, view.id));
    expect(kept!.disclosure).toBe(DISCLOSED);
    expect(kept!.disclosureConsentAt).not.toBeNull();

    const response = await withdraw(view.id, view.accessToken);
    expect(response.status).toBe(200);
    const after = (await response.json()) as View;
    expect(after.disclosure).toBeNull();
    // The adjustments asked for stay (Code 5.10: the record of adjustments); the health details do not.
    expect(after.needs).toEqual(view.needs);
    const [row] = await database.db.select().from(adjustmentRequests).where(eq(adjustmentRequests.id, view.id));
    expect([row!.disclosure, row!.disclosureConsentAt]).toEqual([null, null]);
    const events = await database.db
      .select()
      .from(adjustmentEvents)
      .where(eq(adjustmentEvents.requestId, view.id))
      .orderBy(asc(adjustmentEvents.id));
    expect(events.map((e) => e.type)).toEqual(['requested', 'disclosure_deleted']);
    expect(events[1]!.data).toEqual({ consentGivenAt: kept!.disclosureConsentAt!.toISOString() });
    expect(JSON.stringify(events)).not.toContain('stroke');

    // Again: nothing left to delete, nothing more recorded.
    expect((await withdraw(view.id, view.accessToken)).status).toBe(200);
    expect(await database.db.select().from(adjustmentEvents).where(eq(adjustmentEvents.requestId, view.id))).toHaveLength(2);
  });

  it('keeps nothing disclosed that was left blank, and no consent without words to consent to', async () => {
    const view = await made(request((r) => (r.disclosure = { details: '  ', consent: true })));
    expect(view.disclosure).toBeNull();
    const [row] = await database.db.select().from(adjustmentRequests).where(eq(adjustmentRequests.id, view.id));
    expect(row!.disclosureConsentAt).toBeNull();
  });

  it('refuses, in the database itself, a disclosure with no consent recorded, and any change to the record of events', async () => {
    const view = await made(request());
    await expect(database.db.update(adjustmentRequests).set({ disclosure: DISCLOSED }).where(eq(adjustmentRequests.id, view.id))).rejects.toThrow();
    await expect(database.db.delete(adjustmentEvents).where(eq(adjustmentEvents.requestId, view.id))).rejects.toThrow();
    expect(await database.db.select().from(adjustmentEvents).where(eq(adjustmentEvents.requestId, view.id))).toHaveLength(1);
  });
});

describe('the OpenAPI document', () => {
  it('describes asking for adjustments, reading the request and withdrawing consent', async () => {
    const database = await freshDatabase('pglite');
    try {
      const doc = (await (await createApp({ database, logError: () => {} }).request('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(Object.keys(doc.paths['/api/adjustment-requests']!.post!.responses).sort()).toEqual(['201', '400', '409', '422']);
      expect(doc.paths['/api/adjustment-requests/{id}']?.get).toBeDefined();
      expect(doc.paths['/api/adjustment-requests/{id}/withdraw-disclosure']?.post).toBeDefined();
      expect(doc.components.schemas.AdjustmentRequest).toBeDefined();
    } finally {
      await database.close();
    }
  });
});
