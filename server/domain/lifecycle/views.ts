/**
 * What officers and residents see of a complaint's record. Self-describing JSON:
 * every deadline as a date with how it was worked out, the actions each may take
 * now, and the events in order with who and when. The resident's view leaves out
 * officers' names and ids, officers' own reminders, and the support details.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { TIMESCALES } from '../../../shared/code.ts';
import { OMBUDSMAN } from '../../../shared/code.ts';
import { DUE_SOON_WORKING_DAYS, deadlinesOf, nextDeadline, type Deadline } from '../../../shared/deadlines.ts';
import { STAFF_ONLY_EVENTS, type Actor, type ActorKind, type EventType } from '../../../shared/lifecycle-events.ts';
import {
  availableActions,
  extendedBy,
  extensionLimit,
  needsTimeLimitDecision,
  type LifecycleState,
} from '../../../shared/lifecycle.ts';
import type { ResidentComplaintView } from '../../../shared/resident-view.ts';
import { londonDate, type IsoDate } from '../../../shared/working-days.ts';
import { attachments } from '../../db/schema.ts';
import { POLICY_EXCLUSIONS } from './actions.ts';
import type { ComplaintRecord, ComplaintRow, EventRow, Queryable } from './record.ts';

/** Things an officer should see at a glance. */
export type CaseFlag =
  | 'older_than_12_months'
  | 'overdue'
  | 'due_soon'
  | 'clarification_unanswered'
  | 'correction_unanswered'
  | 'adjustments';

export function flagsOf(row: Pick<ComplaintRow, 'supportNeeded'>, state: LifecycleState, deadlines: Deadline[]): CaseFlag[] {
  const flags: CaseFlag[] = [];
  if (row.supportNeeded) flags.push('adjustments');
  // Code 2.3, 2.5: a decision is needed; never a refusal by itself.
  if (needsTimeLimitDecision(state)) flags.push('older_than_12_months');
  if (deadlines.some((d) => d.state === 'overdue')) flags.push('overdue');
  else if (deadlines.some((d) => d.state === 'due_soon')) flags.push('due_soon');
  if (state.clarifications.some((c) => c.answer === undefined)) flags.push('clarification_unanswered');
  if (state.corrections.some((c) => !c.amendedOn)) flags.push('correction_unanswered');
  return flags;
}

/** What both views show of the state, beyond the stages. */
function stateParts(state: LifecycleState) {
  return {
    clarifications: state.clarifications,
    corrections: state.corrections,
    updateInterval: state.updateInterval ?? null,
    nextUpdateDue: state.nextUpdateDue ?? null,
    /** Remedies and outstanding actions, with their due dates, until done (6.6, 6.17, 7.3). */
    items: state.items,
    notAccepted: state.notAccepted ?? null,
    escalationRefused: state.escalationRefused ?? null,
    withdrawnOn: state.withdrawnOn ?? null,
    closedOn: state.closedOn ?? null,
    newComplaints: state.newComplaints,
    /** Messages both ways with their files' names (Code 6.8); a file is fetched by message id and position. */
    messages: state.messages,
  };
}

function eventView(row: EventRow, forStaff: boolean) {
  const actor: Record<string, unknown> = { kind: row.actor };
  if (forStaff) {
    if (row.actorId) actor.staffId = row.actorId;
    if (row.actorName) actor.name = row.actorName;
  }
  return { id: row.id, type: row.type, at: row.at.toISOString(), on: londonDate(row.at), actor, data: row.data };
}

function stageView(state: LifecycleState) {
  return state.stages.map((record) => ({
    ...record,
    extendedBy: extendedBy(record),
    extensionLimit: extensionLimit(record.stage),
  }));
}

function complaintDetails(row: ComplaintRow) {
  return {
    reference: row.reference,
    receivedAt: row.receivedAt.toISOString(),
    receivedOn: londonDate(row.receivedAt),
    language: row.language,
    submittedBy: row.submittedBy,
    resident: { ...residentDetails(row), preferredContact: row.preferredContact },
    representative: row.representative,
    description: row.description,
    happenedOn: row.happenedOn,
    stillHappening: row.stillHappening,
    delayReason: row.delayReason,
    aboutServiceRequest: row.aboutServiceRequest,
    serviceRequestReference: row.serviceRequestReference,
    othersAffected: row.othersAffected,
    othersAffectedDetails: row.othersAffectedDetails,
    desiredOutcome: row.desiredOutcome,
  };
}

/** The whole record for an officer (Code 5.12), with the adjustments first (5.10). */
export async function staffCaseView(db: Queryable, record: ComplaintRecord, staff: Actor, now: Date = new Date()) {
  const { complaint: row, events, state } = record;
  const today = londonDate(now);
  const deadlines = deadlinesOf(state, today);
  const files = await db
    .select({ id: attachments.id, position: attachments.position, filename: attachments.filename, mediaType: attachments.mediaType, size: attachments.size })
    .from(attachments)
    // The complaint's own files; a message's are listed with the message.
    .where(and(eq(attachments.complaintId, row.id), isNull(attachments.messageId)))
    .orderBy(asc(attachments.position));
  const stage1 = state.stages[0]!;
  return {
    reference: row.reference,
    today,
    status: state.status,
    stage: state.stage,
    category: state.category ?? null,
    // Code 5.10: reasonable adjustments at the top of each case.
    adjustments: { needed: row.supportNeeded, details: row.supportDetails, consentAt: row.supportConsentAt?.toISOString() ?? null },
    flags: flagsOf(row, state, deadlines),
    nextDeadline: nextDeadlineView(state, today),
    deadlines,
    complaint: { ...complaintDetails(row), attachments: files },
    stages: stageView(state),
    ...stateParts(state),
    // Code 6.13: who decided stage 1 may not decide stage 2.
    stage1DecidedBy: stage1.respondedBy ? { staffId: stage1.respondedBy, name: decidedByName(events, stage1.respondedBy) } : null,
    availableActions: availableActions(state, today, staff).map(toRouteName),
    policy: { exclusions: POLICY_EXCLUSIONS },
    timescales: TIMESCALES,
    ombudsman: OMBUDSMAN,
    events: events.map((e) => eventView(e, true)),
  };
}

function decidedByName(events: EventRow[], staffId: string): string | null {
  return events.find((e) => e.type === 'responded' && e.actorId === staffId)?.actorName ?? null;
}

/** Who the phone that sent a complaint acts as: whoever sent it (the resident, or their representative, Code 3.6). */
export function senderOf(row: Pick<ComplaintRow, 'submittedBy'>): Actor {
  return { kind: row.submittedBy === 'representative' ? 'representative' : 'resident' };
}

/**
 * The record a resident (or their representative) may see of their complaint; `actor` is who
 * is looking (the sender's phone by default), for the actions they may take.
 */
export function residentView(record: ComplaintRecord, now: Date = new Date(), actor: Actor = senderOf(record.complaint)): ResidentComplaintView {
  const { complaint: row, events, state } = record;
  const today = londonDate(now);
  const details = complaintDetails(row);
  const representative = row.representative as { name?: string; relationship?: string } | null;
  return {
    reference: row.reference,
    /** Who is looking: the resident, or someone acting for them. */
    viewer: actor.kind === 'representative' ? 'representative' : 'resident',
    /** Who acts for the resident (Code 3.6), until the resident removes them. */
    representative: representative ? { name: representative.name ?? '', relationship: representative.relationship ?? '' } : null,
    today,
    status: state.status,
    stage: state.stage,
    nextDeadline: nextDeadlineView(state, today),
    deadlines: deadlinesOf(state, today),
    complaint: {
      receivedAt: details.receivedAt,
      receivedOn: details.receivedOn,
      submittedBy: details.submittedBy,
      description: details.description,
      happenedOn: details.happenedOn,
      desiredOutcome: details.desiredOutcome,
    },
    // Which officer did what stays inside the landlord.
    stages: stageView(state).map((stage) => {
      const { acknowledgedBy: _a, respondedBy: _r, ...shown } = stage;
      return shown;
    }),
    ...stateParts(state),
    availableActions: availableActions(state, today, actor).map(toRouteName),
    ombudsman: OMBUDSMAN,
    events: events.filter((e) => !STAFF_ONLY_EVENTS.includes(e.type as never)).map((e) => ({ ...eventView(e, false), type: e.type as EventType, actor: { kind: e.actor as ActorKind } })),
  };
}

function nextDeadlineView(state: LifecycleState, today: IsoDate) {
  const next = nextDeadline(state);
  if (!next) return null;
  const full = deadlinesOf(state, today).find((d) => d.kind === next.kind && d.dueOn === next.dueOn && d.stage === next.stage);
  return { ...next, state: full?.state ?? 'pending', dueSoonWorkingDays: DUE_SOON_WORKING_DAYS };
}

/**
 * Action names as the routes spell them: `amend_definition` → `amend-definition`; an
 * officer's `withdraw_for_resident` is POST …/withdraw.
 */
export function toRouteName(type: string): string {
  return type === 'withdraw_for_resident' ? 'withdraw' : type.replaceAll('_', '-');
}

/** The columns naming a resident and how to reach them, as complaints and adjustment requests both keep them. */
type ResidentColumns = Pick<ComplaintRow, 'residentName' | 'residentAddress' | 'tenancyReference' | 'residentEmail' | 'residentPhone'>;

/** A resident's name and contact details as the API shows them. */
export function residentDetails(row: ResidentColumns) {
  return { name: row.residentName, address: row.residentAddress, tenancyReference: row.tenancyReference, email: row.residentEmail, phone: row.residentPhone };
}
