/**
 * The resident's side of a complaint, for the phone that sent it:
 *
 *   GET  /api/complaints/:reference                       the record a resident may see
 *   POST /api/complaints/:reference/answer-clarification  { clarificationId, answer }
 *   POST /api/complaints/:reference/request-correction    { text }   ("this is not quite right", Code 5.6)
 *   POST /api/complaints/:reference/escalate              { reason? } (no reason needed, Code 6.12)
 *   POST /api/complaints/:reference/withdraw              { reason? }
 *
 * Every request carries `Authorization: Bearer <accessToken>` (from the receipt); one
 * middleware checks it, and a token opens its own complaint only. Every POST carries an
 * Idempotency-Key, like POST /api/complaints: a repeat returns the record, acting once.
 */
import { eq } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { parseReference } from '../../shared/reference.ts';
import { RESIDENT_ACTION_SCHEMAS as S } from '../../shared/schemas/lifecycle.ts';
import type { Database } from '../db/client.ts';
import { complaints } from '../db/schema.ts';
import { tokenOpens } from '../domain/lifecycle/access.ts';
import { applyAction } from '../domain/lifecycle/actions.ts';
import { loadRecord } from '../domain/lifecycle/record.ts';
import { residentView } from '../domain/lifecycle/views.ts';
import { refusal } from '../http-errors.ts';
import { actionRoute, defined, idempotencyKey, jsonBodyLimit, refusedAction, type ActionRoute } from './lifecycle-http.ts';

type ResidentEnv = { Variables: { reference: string } };

export const RESIDENT_ACTION_ROUTES = {
  'answer-clarification': actionRoute(S['answer-clarification'], (b) => ({ type: 'answer_clarification', ...b })),
  'request-correction': actionRoute(S['request-correction'], (b) => ({ type: 'request_correction', ...b })),
  escalate: actionRoute(S.escalate, (b) => defined({ type: 'escalate' as const, reason: b.reason })),
  withdraw: actionRoute(S.withdraw, (b) => defined({ type: 'withdraw' as const, reason: b.reason })),
} satisfies Record<keyof typeof S, ActionRoute>;

/** 401 `access_token` unless the Bearer token opens this complaint: the same for a wrong, unknown or other complaint's token. */
function residentAccess(database: Database): MiddlewareHandler<ResidentEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const reference = parseReference(c.req.param('reference') ?? '');
    if (!reference || !(await tokenOpens(database.db, reference, token))) {
      c.header('WWW-Authenticate', 'Bearer');
      throw refusal(401, 'access_token', ['headers', 'authorization']);
    }
    c.set('reference', reference);
    await next();
  };
}

export function residentComplaintRoutes(database: Database) {
  const access = residentAccess(database);
  return new Hono<ResidentEnv>()
    .use('/:reference', access)
    .use('/:reference/*', access)
    .get('/:reference', async (c) => {
      const record = await loadRecord(database.db, { reference: c.get('reference') });
      if (!record) throw refusal(404, 'not_found', ['url']);
      return c.json(residentView(record));
    })
    .post('/:reference/:action', jsonBodyLimit, async (c) => {
      const name = c.req.param('action');
      const spec = (RESIDENT_ACTION_ROUTES as Record<string, ActionRoute>)[name];
      if (!spec) throw refusal(404, 'not_found', ['url']);
      const key = idempotencyKey(c, true)!;
      const action = await spec.read(c);
      const reference = c.get('reference');
      const [row] = await database.db
        .select({ submittedBy: complaints.submittedBy })
        .from(complaints)
        .where(eq(complaints.reference, reference));
      if (!row) throw refusal(404, 'not_found', ['url']);
      // Whoever sent it acts: the resident, or the representative acting for them (Code 3.6).
      const actor: Actor = { kind: row.submittedBy === 'representative' ? 'representative' : 'resident' };
      const outcome = await applyAction(database.db, { reference, action, actor, idempotencyKey: key });
      if (!outcome.ok) refusedAction(outcome);
      if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(residentView(outcome.record));
    });
}
