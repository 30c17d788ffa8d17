/**
 * The resident's side of a complaint, for the phone that sent it and for a signed-in resident or representative:
 *
 *   GET  /api/complaints/:reference                       the record a resident may see
 *   POST /api/complaints/:reference/answer-clarification  { clarificationId, answer }
 *   POST /api/complaints/:reference/request-correction    { text }   ("this is not quite right", Code 5.6)
 *   POST /api/complaints/:reference/escalate              { reason? } (no reason needed, Code 6.12)
 *   POST /api/complaints/:reference/withdraw              { reason? }
 *   POST /api/complaints/:reference/remove-representative {}  (the resident only, Code 3.6)
 *
 * Every request carries either `Authorization: Bearer <accessToken>` (from the receipt: a
 * token opens its own complaint only, and acts as whoever sent it) or the session cookie of
 * a signed-in resident or representative (server/auth/resident.ts: the complaints whose
 * resident, or representative not removed, has their address). One middleware checks it.
 * Every POST carries an Idempotency-Key, like POST /api/complaints: a repeat returns the
 * record, acting once.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { parseReference } from '../../shared/reference.ts';
import { RESIDENT_ACTION_SCHEMAS as S } from '../../shared/schemas/lifecycle.ts';
import type { Database } from '../db/client.ts';
import { complaints } from '../db/schema.ts';
import type { AuthSettings } from '../auth/http.ts';
import { residentSession, roleFor } from '../auth/resident.ts';
import { tokenOpens } from '../domain/lifecycle/access.ts';
import { applyAction, type ActionOutcome } from '../domain/lifecycle/actions.ts';
import { loadRecord } from '../domain/lifecycle/record.ts';
import { removeRepresentative } from '../domain/lifecycle/representative.ts';
import { residentView, senderOf } from '../domain/lifecycle/views.ts';
import { refusal } from '../http-errors.ts';
import { actionBodyLimit, actionRoute, defined, fileDownload, idempotencyKey, jsonBodyLimit, messageRoute, readBody, refusedAction, type ActionRoute } from './lifecycle-http.ts';

type ResidentEnv = { Variables: { reference: string; actor: Actor } };

export const RESIDENT_ACTION_ROUTES = {
  'answer-clarification': actionRoute(S['answer-clarification'], (b) => ({ type: 'answer_clarification', ...b })),
  'request-correction': actionRoute(S['request-correction'], (b) => ({ type: 'request_correction', ...b })),
  escalate: actionRoute(S.escalate, (b) => defined({ type: 'escalate' as const, reason: b.reason })),
  withdraw: actionRoute(S.withdraw, (b) => defined({ type: 'withdraw' as const, reason: b.reason })),
  'send-message': messageRoute,
} satisfies Record<keyof typeof S, ActionRoute>;

/**
 * Who may open this complaint. With a Bearer token: 401 `access_token` unless it opens this
 * complaint (the same for a wrong, unknown or other complaint's token). Without one, the
 * session cookie: 401 `signed_out` when it has ended; 404 `not_found` when the complaint is
 * not theirs (the same as when there is none: no one learns which references exist); with
 * neither, 401 `access_token`.
 */
function residentAccess(database: Database, auth: AuthSettings): MiddlewareHandler<ResidentEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const reference = parseReference(c.req.param('reference') ?? '');
    if (header === undefined) {
      const session = await residentSession(c, auth);
      if (session === 'ended') throw refusal(401, 'signed_out', ['headers', 'cookie']);
      if (session !== 'none') {
        const role = reference ? await roleFor(database.db, session.email, reference) : null;
        if (!role) throw refusal(404, 'not_found', ['url']);
        c.set('reference', reference!);
        c.set('actor', { kind: role });
        return next();
      }
    }
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!reference || !(await tokenOpens(database.db, reference, token))) {
      c.header('WWW-Authenticate', 'Bearer');
      throw refusal(401, 'access_token', ['headers', 'authorization']);
    }
    const [row] = await database.db.select({ submittedBy: complaints.submittedBy }).from(complaints).where(eq(complaints.reference, reference));
    if (!row) throw refusal(404, 'not_found', ['url']);
    c.set('reference', reference);
    // The phone that sent it acts as whoever sent it: the resident, or the representative acting for them (Code 3.6).
    c.set('actor', senderOf(row));
    await next();
  };
}

/** An action's outcome as the answer: the record as the caller now sees it. */
function answer(c: Context<ResidentEnv>, outcome: ActionOutcome) {
  if (!outcome.ok) refusedAction(outcome);
  if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(residentView(outcome.record, new Date(), c.get('actor')));
}

export function residentComplaintRoutes(database: Database, auth: AuthSettings) {
  const access = residentAccess(database, auth);
  return new Hono<ResidentEnv>()
    .use('/:reference', access)
    .use('/:reference/*', access)
    .get('/:reference', async (c) => {
      const record = await loadRecord(database.db, { reference: c.get('reference') });
      if (!record) throw refusal(404, 'not_found', ['url']);
      return c.json(residentView(record, new Date(), c.get('actor')));
    })
    // The photos and documents of a message, either way (Code 6.8).
    .get('/:reference/messages/:messageId/attachments/:position', (c) => fileDownload(c, database.db, c.get('reference')))
    // Code 3.6: the resident decides who acts for them. No body needed: `{}`.
    .post('/:reference/remove-representative', jsonBodyLimit, async (c) => {
      const key = idempotencyKey(c, true)!;
      await readBody(c, v.strictObject({}, 'unknown_field'));
      const outcome = await removeRepresentative(database.db, { reference: c.get('reference'), actor: c.get('actor'), idempotencyKey: key });
      return answer(c, outcome);
    })
    .post('/:reference/:action', actionBodyLimit(RESIDENT_ACTION_ROUTES), async (c) => {
      const name = c.req.param('action');
      const spec = (RESIDENT_ACTION_ROUTES as Record<string, ActionRoute>)[name];
      if (!spec) throw refusal(404, 'not_found', ['url']);
      const key = idempotencyKey(c, true)!;
      const { action, files } = await spec.read(c);
      const outcome = await applyAction(database.db, { reference: c.get('reference'), action, files, actor: c.get('actor'), idempotencyKey: key });
      return answer(c, outcome);
    });
}
