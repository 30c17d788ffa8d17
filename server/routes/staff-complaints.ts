/**
 * The officers' side of complaints (Code 5.12, 6, 8.1, 9.7), behind staff sign-in and the cross-site guard:
 *
 *   GET  /api/staff/complaints?stage=1|2&status=open|all|<status>   the queue, by next deadline
 *   GET  /api/staff/complaints/reports?from=&to=&format=json|csv     the performance figures
 *   GET  /api/staff/complaints/:reference                            the whole record, with this officer's actions
 *   GET  /api/staff/complaints/:reference/attachments/:position      a file the complaint was sent with
 *   GET  /api/staff/complaints/:reference/messages/:id/attachments/:position   a message's file
 *   POST /api/staff/complaints/:reference/<action>                   an action (STAFF_ACTION_ROUTES), answered
 *                                                                    with the case as GET returns it
 *
 * An officer acts as themself (their id and name go on the record). An Idempotency-Key is
 * optional: sent, a repeat returns the case without acting twice.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { parseReference } from '../../shared/reference.ts';
import { QueueQuerySchema, ReportQuerySchema, STAFF_ACTION_SCHEMAS as S } from '../../shared/schemas/lifecycle.ts';
import { londonDate, type IsoDate } from '../../shared/working-days.ts';
import { crossSiteGuard, requireStaff, type StaffMember, type StaffVariables } from '../auth/staff.ts';
import type { Database } from '../db/client.ts';
import { applyAction } from '../domain/lifecycle/actions.ts';
import { staffQueue } from '../domain/lifecycle/queue.ts';
import { loadRecord } from '../domain/lifecycle/record.ts';
import { performanceReport, reportCsv } from '../domain/lifecycle/reports.ts';
import { staffCaseView } from '../domain/lifecycle/views.ts';
import { refusal, validationError } from '../http-errors.ts';
import { actionBodyLimit, actionRoute, defined, fileDownload, idempotencyKey, messageRoute, refusedAction, type ActionRoute } from './lifecycle-http.ts';

/** Each action's address under /api/staff/complaints/:reference/ and the state machine's action it makes. */
export const STAFF_ACTION_ROUTES = {
  acknowledge: actionRoute(S.acknowledge, (b) => ({ type: 'acknowledge', ...b })),
  'amend-definition': actionRoute(S['amend-definition'], (b) => defined({ type: 'amend_definition' as const, ...b })),
  'ask-clarification': actionRoute(S['ask-clarification'], (b) => ({ type: 'ask_clarification', ...b })),
  extend: actionRoute(S.extend, (b) => defined({ type: 'extend' as const, ...b })),
  'agree-update-interval': actionRoute(S['agree-update-interval'], (b) => defined({ type: 'agree_update_interval' as const, ...b })),
  'send-update': actionRoute(S['send-update'], (b) => ({ type: 'send_update', ...b })),
  respond: actionRoute(S.respond, (b) => defined({ type: 'respond' as const, ...b })),
  'complete-action': actionRoute(S['complete-action'], (b) => defined({ type: 'complete_action' as const, ...b })),
  'not-accept': actionRoute(S['not-accept'], (b) => ({ type: 'not_accept', ...b })),
  'refuse-escalation': actionRoute(S['refuse-escalation'], (b) => ({ type: 'refuse_escalation', ...b })),
  'escalate-for-resident': actionRoute(S['escalate-for-resident'], (b) => defined({ type: 'escalate_for_resident' as const, ...b })),
  withdraw: actionRoute(S.withdraw, (b) => ({ type: 'withdraw_for_resident', ...b })),
  'log-new-complaint': actionRoute(S['log-new-complaint'], (b) => ({ type: 'log_new_complaint', ...b })),
  'send-message': messageRoute,
} satisfies Record<keyof typeof S, ActionRoute>;

/** The query string checked against a schema (an empty value is no value): 422 naming each bad parameter. */
function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = v.safeParse(schema, query);
  if (!parsed.success) throw validationError(toFieldIssues(parsed.issues));
  return parsed.output;
}

/** Code 8.1: the report is yearly; by default the figures cover the financial year so far (from 1 April). */
export function financialYearStart(today: IsoDate): IsoDate {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '04-01' ? `${year}-04-01` : `${year - 1}-04-01`;
}

/** The officer as the record names them. */
const actorOf = (member: StaffMember): Actor => ({ kind: 'staff', staffId: member.id, name: member.name });

/** The reference in the address, or 404: a made-up reference is not found, as an unknown one is. */
function referenceOf(c: Context): string {
  const reference = parseReference(c.req.param('reference') ?? '');
  if (!reference) throw refusal(404, 'not_found', ['url']);
  return reference;
}

export function staffComplaintRoutes(database: Database) {
  const { db } = database;
  return (
    new Hono<{ Variables: StaffVariables }>()
      .use(crossSiteGuard, requireStaff)
      .get('/', async (c) => {
        const query = readQuery(c, QueueQuerySchema);
        return c.json(await staffQueue(db, defined({ stage: query.stage ? (Number(query.stage) as 1 | 2) : undefined, status: query.status })));
      })
      // Before /:reference, which would otherwise take "reports" for a reference.
      .get('/reports', async (c) => {
        const query = readQuery(c, ReportQuerySchema);
        const today = londonDate(new Date());
        const period = { from: query.from ?? financialYearStart(today), to: query.to ?? today };
        // A period that ends before it starts, once the defaults are filled in.
        if (period.from > period.to) throw validationError([{ path: [query.to ? 'to' : 'from'], code: 'date_invalid' }]);
        const report = await performanceReport(db, period);
        if (query.format !== 'csv') return c.json(report);
        return c.body(reportCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="complaints-${period.from}-to-${period.to}.csv"`,
        });
      })
      .get('/:reference', async (c) => {
        const record = await loadRecord(db, { reference: referenceOf(c) });
        if (!record) throw refusal(404, 'not_found', ['url']);
        return c.json(await staffCaseView(db, record, actorOf(c.get('staff'))));
      })
      // The complaint's own files, and each message's (Code 6.8).
      .get('/:reference/attachments/:position', (c) => fileDownload(c, db, referenceOf(c)))
      .get('/:reference/messages/:messageId/attachments/:position', (c) => fileDownload(c, db, referenceOf(c)))
      .post('/:reference/:action', actionBodyLimit(STAFF_ACTION_ROUTES), async (c) => {
        const spec = (STAFF_ACTION_ROUTES as Record<string, ActionRoute>)[c.req.param('action')];
        if (!spec) throw refusal(404, 'not_found', ['url']);
        const key = idempotencyKey(c, false);
        const { action, files } = await spec.read(c);
        const actor = actorOf(c.get('staff'));
        const outcome = await applyAction(db, {
          reference: referenceOf(c),
          action,
          files,
          actor,
          ...(key ? { idempotencyKey: key } : {}),
        });
        if (!outcome.ok) refusedAction(outcome);
        if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
        return c.json(await staffCaseView(db, outcome.record, actor));
      })
  );
}
