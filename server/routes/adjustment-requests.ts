/**
 * Asking for reasonable adjustments with no complaint (Code 3.1, 5.10):
 *
 *   POST /api/adjustment-requests                          the request (shared/schemas/adjustments.ts), with an
 *                                                          Idempotency-Key: 201 { ...request, accessToken }
 *   GET  /api/adjustment-requests/:id                      the request, for the device that asked
 *   POST /api/adjustment-requests/:id/withdraw-disclosure  {}: consent withdrawn, what was disclosed deleted
 *
 * The GET and the withdrawal carry `Authorization: Bearer <accessToken>`: a token opens its own request only; any
 * other (wrong, unknown, another request's, or none) is 401 `access_token`, so no one learns which requests exist.
 * A disability or condition disclosed without consent is refused (422 `consent_required` at disclosure.consent).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { AdjustmentRequestSchema, WithdrawDisclosureSchema } from '../../shared/schemas/adjustments.ts';
import type { ActorKind } from '../../shared/lifecycle-events.ts';
import type { Database } from '../db/client.ts';
import { adjustmentView, openAdjustmentRequest, receiveAdjustmentRequest, withdrawDisclosure, type AdjustmentRow } from '../domain/adjustments.ts';
import { apiError, refusal } from '../http-errors.ts';
import { idempotencyKey, jsonBodyLimit, readBody } from './lifecycle-http.ts';

type AdjustmentEnv = { Variables: { request: AdjustmentRow } };

function requestAccess(database: Database): MiddlewareHandler<AdjustmentEnv> {
  return async (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const row = await openAdjustmentRequest(database.db, c.req.param('id') ?? '', token);
    if (!row) {
      c.header('WWW-Authenticate', 'Bearer');
      throw refusal(401, 'access_token', ['headers', 'authorization']);
    }
    c.set('request', row);
    await next();
  };
}

export function adjustmentRequestRoutes(database: Database) {
  const access = requestAccess(database);
  return new Hono<AdjustmentEnv>()
    .post('/', jsonBodyLimit, async (c) => {
      const key = idempotencyKey(c, true)!;
      const body = await readBody(c, AdjustmentRequestSchema);
      const outcome = await receiveAdjustmentRequest(database.db, key, body);
      if (!outcome.ok) throw apiError(409, 'idempotency_conflict', [{ path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' }]);
      if (!outcome.created) c.header('Idempotent-Replayed', 'true');
      return c.json({ ...adjustmentView(outcome.row), accessToken: outcome.accessToken }, 201);
    })
    .use('/:id', access)
    .use('/:id/*', access)
    .get('/:id', (c) => c.json(adjustmentView(c.get('request'))))
    .post('/:id/withdraw-disclosure', jsonBodyLimit, async (c) => {
      await readBody(c, WithdrawDisclosureSchema);
      const request = c.get('request');
      // The device that asked acts as whoever asked: the resident, or someone acting for them (Code 3.6).
      const row = await withdrawDisclosure(database.db, request.id, request.requestedBy as ActorKind);
      return c.json(adjustmentView(row));
    });
}
