/**
 * A complaint's life under the Complaint Handling Code (sections 2, 5, 6, 7), as
 * a pure state machine: no I/O, no clock. The server asks it before writing
 * anything; the app asks it which actions to offer.
 *
 *   received ──acknowledge──▶ acknowledged ──respond──▶ responded (stage 1)
 *      │                          │ extend, clarify,          │
 *      │ not_accept               │ agree/send updates        │ escalate (no reason needed, 6.12)
 *      ▼                          ▼                           ▼
 *   not_accepted            (late? the resident        escalation_requested (stage 2)
 *                            may escalate too)          │ acknowledge        │ refuse_escalation
 *                                                       ▼                    ▼
 *                                                  acknowledged ─respond─▶ closed (the ombudsman route open)
 *
 * Withdrawn by the resident from any open status. State = fold of the events
 * ({@link evolve}); an action is checked against the state ({@link decide}) and
 * yields new events or a refusal with a code (shared/errors.ts).
 */
import { TIMESCALES, acknowledgeBy, isOlderThanTimeLimit } from './code.ts';
import type { OmbudsmanDetails } from './code.ts';
import type { ErrorCode, IssuePath } from './errors.ts';
import {
  type Actor,
  type ActorKind,
  type ComplaintCategory,
  type ComplaintDefinition,
  type Decision,
  type Exclusion,
  type LifecycleEvent,
  type MessageFile,
  type NewComplaintReason,
  type NewEvent,
  type Outcome,
  type Stage,
  type StageResponse,
  type TrackedItem,
} from './lifecycle-events.ts';
import { addWorkingDays, type IsoDate } from './working-days.ts';

export const STATUSES = [
  'received',
  'acknowledged',
  'responded',
  'escalation_requested',
  'escalation_refused',
  'closed',
  'not_accepted',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which the landlord still owes the resident an acknowledgement or a response. */
export const OPEN_STATUSES: readonly Status[] = ['received', 'acknowledged', 'escalation_requested'];
/** Statuses after which nothing more happens at either stage (remedies and actions are still tracked). */
export const FINAL_STATUSES: readonly Status[] = ['closed', 'not_accepted', 'withdrawn', 'escalation_refused'];

/** One stage of the two (Code 5.3: never more). */
export interface StageRecord {
  stage: Stage;
  /** The day the complaint (stage 1) or the escalation request (stage 2) was received. */
  startedOn: IsoDate;
  /** Code 6.2 / 6.11: 5 working days after startedOn. */
  acknowledgeBy: IsoDate;
  acknowledgedOn?: IsoDate;
  acknowledgedBy?: string;
  definition?: ComplaintDefinition;
  /** Code 6.3 / 6.14: 10 or 20 working days from the real acknowledgement date, before extensions. */
  baseRespondBy?: IsoDate;
  /** The response deadline in force: baseRespondBy plus every extension. */
  respondBy?: IsoDate;
  extensions: Extension[];
  respondedOn?: IsoDate;
  /** The officer who decided this stage (Code 6.13). */
  respondedBy?: string;
  response?: StageResponse;
}

export interface Extension {
  on: IsoDate;
  workingDays: number;
  reason: string;
  exceptional: boolean;
  exceptionalReason?: string;
  respondBy: IsoDate;
}

export interface Clarification {
  id: string;
  stage: Stage;
  question: string;
  askedOn: IsoDate;
  answer?: string;
  answeredOn?: IsoDate;
}

export interface Correction {
  id: string;
  stage: Stage;
  text: string;
  on: IsoDate;
  /** Set when an officer amends the definition in answer to it. */
  amendedOn?: IsoDate;
}

/** A message on the record, either way (Code 6.8). */
export interface Message {
  id: string;
  /** `landlord` for the complaints team; otherwise who sent it. */
  from: 'resident' | 'representative' | 'landlord';
  text: string;
  on: IsoDate;
  attachments: MessageFile[];
}

export interface TrackedItemState extends TrackedItem {
  completedOn?: IsoDate;
  completedNote?: string;
}

export interface Refusal {
  on: IsoDate;
  exclusion: Exclusion;
  explanation: string;
}

export interface LifecycleState {
  status: Status;
  stage: Stage;
  receivedOn: IsoDate;
  /** When the issue happened or the resident became aware of it (Code 2.3). */
  happenedOn: IsoDate;
  category?: ComplaintCategory;
  /** Stage 1, then stage 2 once escalated. */
  stages: StageRecord[];
  clarifications: Clarification[];
  corrections: Correction[];
  /** Code 5.9: how often the resident is kept informed while a response is late. */
  updateInterval?: { workingDays: number; agreedOn: IsoDate; note?: string };
  nextUpdateDue?: IsoDate;
  lastUpdateOn?: IsoDate;
  /** Remedies and outstanding actions from every response, until done (6.6, 6.17, 7.3). */
  items: TrackedItemState[];
  notAccepted?: Refusal;
  escalationRefused?: Refusal;
  withdrawnOn?: IsoDate;
  closedOn?: IsoDate;
  /** Code 6.8: new issues logged as new complaints. */
  newComplaints: { reference: string; on: IsoDate; reason: NewComplaintReason }[];
  /** Messages both ways, in order (6.8: new information goes on the record). */
  messages: Message[];
}

/** The state of a complaint just received (Code 6.2: the acknowledgement clock starts). */
export function initialState(complaint: { receivedOn: IsoDate; happenedOn: IsoDate }): LifecycleState {
  return {
    status: 'received',
    stage: 1,
    receivedOn: complaint.receivedOn,
    happenedOn: complaint.happenedOn,
    stages: [{ stage: 1, startedOn: complaint.receivedOn, acknowledgeBy: acknowledgeBy(complaint.receivedOn), extensions: [] }],
    clarifications: [],
    corrections: [],
    items: [],
    newComplaints: [],
    messages: [],
  };
}

/** The record of the stage the complaint is at. */
export function currentStage(state: LifecycleState): StageRecord {
  return state.stages[state.stages.length - 1]!;
}

/**
 * Code 2.3, 2.5: an issue more than 12 months old when the complaint arrived is flagged for
 * an officer's decision until accepted or not accepted, never refused by itself.
 */
export function needsTimeLimitDecision(state: LifecycleState): boolean {
  return state.status === 'received' && state.stage === 1 && isOlderThanTimeLimit(state.happenedOn, state.receivedOn);
}

/** Applies one stored event. Unknown-to-state events (received, deadline_flagged) change nothing. */
export function evolve(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  // Plain data: a JSON copy keeps evolve pure (shared/ has neither DOM nor Node globals).
  const next = JSON.parse(JSON.stringify(state)) as LifecycleState;
  const stageRecord = (stage: Stage) => next.stages.find((s) => s.stage === stage)!;
  switch (event.type) {
    case 'acknowledged': {
      const record = stageRecord(event.data.stage);
      record.acknowledgedOn = event.on;
      if (event.actor.staffId) record.acknowledgedBy = event.actor.staffId;
      record.definition = event.data.definition;
      record.baseRespondBy = event.data.respondBy;
      record.respondBy = event.data.respondBy;
      next.category = event.data.category;
      next.status = 'acknowledged';
      break;
    }
    case 'definition_amended': {
      stageRecord(event.data.stage).definition = event.data.definition;
      next.category = event.data.category;
      const correction = next.corrections.find((c) => c.id === event.data.correctionId);
      if (correction) correction.amendedOn = event.on;
      break;
    }
    case 'clarification_requested':
      next.clarifications.push({
        id: event.data.clarificationId,
        stage: event.data.stage,
        question: event.data.question,
        askedOn: event.on,
      });
      break;
    case 'clarification_answered': {
      const clarification = next.clarifications.find((c) => c.id === event.data.clarificationId);
      if (clarification) {
        clarification.answer = event.data.answer;
        clarification.answeredOn = event.on;
      }
      break;
    }
    case 'correction_requested':
      next.corrections.push({ id: event.data.correctionId, stage: event.data.stage, text: event.data.text, on: event.on });
      break;
    case 'extended': {
      const record = stageRecord(event.data.stage);
      record.extensions.push({
        on: event.on,
        workingDays: event.data.workingDays,
        reason: event.data.reason,
        exceptional: event.data.exceptional,
        ...(event.data.exceptionalReason ? { exceptionalReason: event.data.exceptionalReason } : {}),
        respondBy: event.data.respondBy,
      });
      record.respondBy = event.data.respondBy;
      break;
    }
    case 'update_interval_agreed':
      next.updateInterval = {
        workingDays: event.data.workingDays,
        agreedOn: event.on,
        ...(event.data.note ? { note: event.data.note } : {}),
      };
      next.nextUpdateDue = event.data.nextUpdateDue;
      break;
    case 'update_sent':
      next.lastUpdateOn = event.on;
      if (event.data.nextUpdateDue) next.nextUpdateDue = event.data.nextUpdateDue;
      break;
    case 'responded': {
      const record = stageRecord(event.data.stage);
      record.respondedOn = event.on;
      if (event.actor.staffId) record.respondedBy = event.actor.staffId;
      record.response = event.data.response;
      next.items.push(...event.data.response.remedies, ...event.data.response.actions);
      next.status = 'responded';
      // The response is out: the interval of updates about a late response ends (5.9).
      delete next.updateInterval;
      delete next.nextUpdateDue;
      break;
    }
    case 'action_completed': {
      const item = next.items.find((i) => i.id === event.data.itemId);
      if (item) {
        item.completedOn = event.on;
        if (event.data.note) item.completedNote = event.data.note;
      }
      break;
    }
    case 'not_accepted':
      next.status = 'not_accepted';
      next.notAccepted = { on: event.on, exclusion: event.data.exclusion, explanation: event.data.explanation };
      break;
    case 'escalation_requested':
      next.stage = 2;
      next.status = 'escalation_requested';
      next.stages.push({ stage: 2, startedOn: event.data.requestedOn, acknowledgeBy: event.data.acknowledgeBy, extensions: [] });
      delete next.updateInterval;
      delete next.nextUpdateDue;
      break;
    case 'escalation_refused':
      next.status = 'escalation_refused';
      next.escalationRefused = { on: event.on, exclusion: event.data.exclusion, explanation: event.data.explanation };
      break;
    case 'withdrawn':
      next.status = 'withdrawn';
      next.withdrawnOn = event.on;
      delete next.updateInterval;
      delete next.nextUpdateDue;
      break;
    case 'new_complaint_logged':
      next.newComplaints.push({ reference: event.data.reference, on: event.on, reason: event.data.reason });
      break;
    case 'closed':
      next.status = 'closed';
      next.closedOn = event.on;
      break;
    case 'message_from_resident':
    case 'message_to_resident':
      next.messages.push({
        id: event.data.messageId,
        from: event.type === 'message_to_resident' ? 'landlord' : event.actor.kind === 'representative' ? 'representative' : 'resident',
        text: event.data.text,
        on: event.on,
        attachments: event.data.attachments,
      });
      break;
    case 'received':
    case 'deadline_flagged':
    // Who acts for the resident changes who may see the complaint, not where it is (server/domain/lifecycle/representative.ts).
    case 'representative_removed':
      break;
  }
  return next;
}

/** The state after every event, in order. */
export function replay(initial: LifecycleState, events: readonly LifecycleEvent[]): LifecycleState {
  return events.reduce(evolve, initial);
}

// ---------------------------------------------------------------------------
// Actions

export interface DefinitionInput extends ComplaintDefinition {}
/** A message's words and the files that go with it (their bytes are stored by the server beside the event). */
export interface MessageInput {
  text: string;
  attachments: MessageFile[];
}
export interface ItemInput {
  description: string;
  dueOn: IsoDate;
}

/** What officers do. */
export type StaffAction =
  | { type: 'acknowledge'; definition: DefinitionInput; category: ComplaintCategory }
  | { type: 'amend_definition'; definition: DefinitionInput; category?: ComplaintCategory; correctionId?: string }
  | { type: 'ask_clarification'; question: string }
  | { type: 'extend'; workingDays: number; reason: string; exceptionalReason?: string }
  | { type: 'agree_update_interval'; workingDays: number; note?: string }
  | { type: 'send_update'; message: string }
  | {
      type: 'respond';
      /** One per point of the definition, in the same order (6.7, 6.18). */
      decisions: { decision: Decision; reasons: string }[];
      summary?: string;
      remedies: ItemInput[];
      actions: ItemInput[];
    }
  | { type: 'complete_action'; itemId: string; note?: string }
  | { type: 'not_accept'; exclusion: Exclusion; explanation: string }
  | { type: 'refuse_escalation'; exclusion: Exclusion; explanation: string }
  /** The resident asked by phone, letter or in person (Code 3.2): the request's real date counts (6.11). */
  | { type: 'escalate_for_resident'; requestedOn: IsoDate; reason?: string; note?: string }
  | { type: 'withdraw_for_resident'; reason: string }
  | { type: 'log_new_complaint'; description: string; reason: NewComplaintReason; newReference: string }
  | ({ type: 'send_message' } & MessageInput);

/** What the resident (or their representative) does. */
export type ResidentAction =
  | { type: 'answer_clarification'; clarificationId: string; answer: string }
  | { type: 'request_correction'; text: string }
  /** Code 6.12: no reason may be required. */
  | { type: 'escalate'; reason?: string }
  | { type: 'withdraw'; reason?: string }
  /** Code 6.8: new information, photos or documents for the record. */
  | ({ type: 'send_message' } & MessageInput);

export type LifecycleAction = StaffAction | ResidentAction;
export type ActionType = LifecycleAction['type'];

const STAFF_ACTIONS = [
  'acknowledge',
  'amend_definition',
  'ask_clarification',
  'extend',
  'agree_update_interval',
  'send_update',
  'respond',
  'complete_action',
  'not_accept',
  'refuse_escalation',
  'escalate_for_resident',
  'withdraw_for_resident',
  'log_new_complaint',
  'send_message',
] as const satisfies readonly StaffAction['type'][];
const RESIDENT_ACTIONS = [
  'answer_clarification',
  'request_correction',
  'escalate',
  'withdraw',
  'send_message',
] as const satisfies readonly ResidentAction['type'][];

/** Who may take each action. */
export function mayAct(kind: ActorKind, type: ActionType): boolean {
  if (kind === 'staff') return (STAFF_ACTIONS as readonly string[]).includes(type);
  if (kind === 'resident' || kind === 'representative') return (RESIDENT_ACTIONS as readonly string[]).includes(type);
  return false;
}

export interface DecideContext {
  /** Today in Europe/London. */
  today: IsoDate;
  actor: Actor;
  /** The exclusions the landlord's policy sets out (Code 2.2). */
  exclusions: readonly Exclusion[];
  /** The ombudsman's details, carried by extension notices, refusals and final responses (6.5, 6.16, 6.19). */
  ombudsman: OmbudsmanDetails;
}

/** A refusal is an error code (shared/errors.ts, the "complaint lifecycle" block) the app translates. */
export type LifecycleRefusalCode = ErrorCode;

export type Decided =
  | { ok: true; events: NewEvent[]; state: LifecycleState }
  | { ok: false; code: LifecycleRefusalCode; path?: IssuePath };

const refuse = (code: LifecycleRefusalCode, path?: IssuePath): Decided =>
  path ? { ok: false, code, path } : { ok: false, code };

/** Code 6.4 / 6.15: the most a stage's response can be extended without an exceptional reason. */
export function extensionLimit(stage: Stage): number {
  return stage === 1 ? TIMESCALES.stage1Extension : TIMESCALES.stage2Extension;
}

/** The working days a stage's response has already been extended by. */
export function extendedBy(record: StageRecord): number {
  return record.extensions.reduce((sum, e) => sum + e.workingDays, 0);
}

/**
 * Whether the resident may ask for stage 2 today (Code 6.10): after the stage 1 response,
 * or once the landlord has missed a stage 1 deadline (it cannot hold the resident back).
 */
export function mayEscalate(state: LifecycleState, today: IsoDate): boolean {
  if (state.stage !== 1) return false;
  if (state.status === 'responded') return true;
  const record = currentStage(state);
  if (state.status === 'received') return today > record.acknowledgeBy;
  if (state.status === 'acknowledged') return record.respondBy !== undefined && today > record.respondBy;
  return false;
}

/** The overall outcome of a stage from the decisions on its points. */
export function outcomeOf(decisions: readonly { decision: Decision }[]): Outcome {
  if (decisions.every((d) => d.decision === 'upheld')) return 'upheld';
  if (decisions.every((d) => d.decision === 'not_upheld')) return 'not_upheld';
  return 'partly_upheld';
}

/** Whether the complaint's status and stage allow an action at all. */
function statusAllows(state: LifecycleState, type: ActionType): boolean {
  const s = state.status;
  switch (type) {
    case 'acknowledge':
      return s === 'received' || s === 'escalation_requested';
    case 'amend_definition':
    case 'extend':
    case 'respond':
    case 'request_correction':
      return s === 'acknowledged';
    case 'ask_clarification':
    case 'agree_update_interval':
      return OPEN_STATUSES.includes(s);
    case 'send_update':
      return s !== 'withdrawn';
    case 'not_accept':
      return state.stage === 1 && (s === 'received' || s === 'acknowledged');
    case 'refuse_escalation':
      return s === 'escalation_requested';
    case 'escalate':
    case 'escalate_for_resident':
      return state.stage === 1 && ['received', 'acknowledged', 'responded'].includes(s);
    case 'withdraw':
    case 'withdraw_for_resident':
      return OPEN_STATUSES.includes(s) || (s === 'responded' && state.stage === 1);
    case 'complete_action':
    case 'answer_clarification':
    case 'log_new_complaint':
      return s !== 'withdrawn' || type === 'complete_action';
    case 'send_message':
      // Code 6.8: new information goes on the record whenever it comes, even after a decision or a withdrawal.
      return true;
  }
}

/**
 * The actions an actor could take now, for the buttons a page offers. The server still
 * decides: an action listed here can be refused for what it carries.
 */
export function availableActions(state: LifecycleState, today: IsoDate, actor: Actor): ActionType[] {
  const all: readonly ActionType[] = actor.kind === 'staff' ? STAFF_ACTIONS : RESIDENT_ACTIONS;
  return all.filter((type) => {
    if (!mayAct(actor.kind, type) || !statusAllows(state, type)) return false;
    if (type === 'escalate' || type === 'escalate_for_resident') return mayEscalate(state, today);
    if (type === 'answer_clarification') return state.clarifications.some((c) => c.answer === undefined);
    if (type === 'complete_action') return state.items.some((i) => !i.completedOn);
    if (type === 'respond' || type === 'acknowledge') {
      return !(state.stage === 2 && actor.staffId !== undefined && actor.staffId === state.stages[0]?.respondedBy);
    }
    return true;
  });
}

function trackedItems(stage: Stage, kind: 'remedy' | 'action', inputs: readonly ItemInput[]): TrackedItem[] {
  return inputs.map((input, index) => ({
    id: `s${stage}-${kind}-${index + 1}`,
    stage,
    kind,
    description: input.description,
    dueOn: input.dueOn,
  }));
}

/**
 * Checks an action against the state and the Code, and returns the events it
 * makes (with the state after them), or a refusal with an error code and, where
 * a field is at fault, its path.
 */
export function decide(state: LifecycleState, action: LifecycleAction, ctx: DecideContext): Decided {
  const { today, actor } = ctx;
  if (!mayAct(actor.kind, action.type)) return refuse('actor_not_allowed');
  if (!statusAllows(state, action.type)) return refuse('not_allowed_now');
  const record = currentStage(state);
  const stage = record.stage;
  // Code 6.13: the person who considers stage 2 is not the person who decided stage 1.
  const decidedStage1 = state.stages[0]?.respondedBy;
  const isStage1Decider = actor.staffId !== undefined && actor.staffId === decidedStage1;

  const events: NewEvent[] = [];
  switch (action.type) {
    case 'acknowledge': {
      if (stage === 2 && isStage1Decider) return refuse('same_officer_stage2');
      // Code 6.3, 6.14: the response is due 10 / 20 working days from the real acknowledgement date.
      const respondBy = addWorkingDays(today, stage === 1 ? TIMESCALES.stage1Response : TIMESCALES.stage2Response);
      events.push({ type: 'acknowledged', data: { stage, definition: action.definition, category: action.category, respondBy } });
      break;
    }
    case 'amend_definition': {
      if (action.correctionId !== undefined && !state.corrections.some((c) => c.id === action.correctionId)) {
        return refuse('not_found', ['correctionId']);
      }
      events.push({
        type: 'definition_amended',
        data: {
          stage,
          definition: action.definition,
          category: action.category ?? state.category ?? 'other',
          ...(action.correctionId !== undefined ? { correctionId: action.correctionId } : {}),
        },
      });
      break;
    }
    case 'ask_clarification':
      events.push({
        type: 'clarification_requested',
        data: { stage, clarificationId: `q${state.clarifications.length + 1}`, question: action.question },
      });
      break;
    case 'answer_clarification': {
      const clarification = state.clarifications.find((c) => c.id === action.clarificationId);
      if (!clarification) return refuse('not_found', ['clarificationId']);
      if (clarification.answer !== undefined) return refuse('already_done', ['clarificationId']);
      events.push({ type: 'clarification_answered', data: { clarificationId: action.clarificationId, answer: action.answer } });
      break;
    }
    case 'request_correction':
      // Code 5.6: the resident says the definition is not quite right; it goes on the record for the officer.
      events.push({
        type: 'correction_requested',
        data: { stage, correctionId: `r${state.corrections.length + 1}`, text: action.text },
      });
      break;
    case 'extend': {
      const previousRespondBy = record.respondBy!;
      const total = extendedBy(record) + action.workingDays;
      // Code 6.4, 6.15: at most 10 / 20 working days in all, unless a written reason makes it exceptional.
      const exceptional = total > extensionLimit(stage);
      const exceptionalReason = action.exceptionalReason?.trim();
      if (exceptional && !exceptionalReason) return refuse('extension_limit', ['exceptionalReason']);
      events.push({
        type: 'extended',
        data: {
          stage,
          workingDays: action.workingDays,
          reason: action.reason,
          exceptional,
          ...(exceptional ? { exceptionalReason } : {}),
          previousRespondBy,
          respondBy: addWorkingDays(previousRespondBy, action.workingDays),
          // Code 6.5, 6.16: the ombudsman's contact details go with every extension.
          ombudsman: ctx.ombudsman,
        },
      });
      break;
    }
    case 'agree_update_interval':
      // Code 5.9: the next update is due one interval from the day it was agreed.
      events.push({
        type: 'update_interval_agreed',
        data: {
          workingDays: action.workingDays,
          ...(action.note ? { note: action.note } : {}),
          nextUpdateDue: addWorkingDays(today, action.workingDays),
        },
      });
      break;
    case 'send_update':
      events.push({
        type: 'update_sent',
        data: {
          message: action.message,
          ...(state.updateInterval ? { nextUpdateDue: addWorkingDays(today, state.updateInterval.workingDays) } : {}),
        },
      });
      break;
    case 'respond': {
      if (stage === 2 && isStage1Decider) return refuse('same_officer_stage2');
      const definition = record.definition!;
      // Code 6.7, 6.18: a decision, with reasons, on every point of the definition.
      if (action.decisions.length !== definition.points.length) return refuse('decisions_mismatch', ['decisions']);
      for (const [list, key] of [
        [action.remedies, 'remedies'],
        [action.actions, 'actions'],
      ] as const) {
        const past = list.findIndex((item) => item.dueOn < today);
        if (past >= 0) return refuse('date_past', [key, past, 'dueOn']);
      }
      const outcome = outcomeOf(action.decisions);
      // Code 7.1: where something went wrong, say what will be done to put it right.
      if (outcome !== 'not_upheld' && action.remedies.length === 0) return refuse('remedy_required', ['remedies']);
      const response: StageResponse = {
        stage,
        definition,
        decisions: action.decisions.map((d, i) => ({ point: definition.points[i]!, decision: d.decision, reasons: d.reasons })),
        outcome,
        ...(action.summary ? { summary: action.summary } : {}),
        remedies: trackedItems(stage, 'remedy', action.remedies),
        actions: trackedItems(stage, 'action', action.actions),
        // Code 6.9.7 / 6.19.7: how to take it further.
        escalation: stage === 1 ? { to: 'stage_2' } : { to: 'ombudsman', ombudsman: ctx.ombudsman },
      };
      events.push({ type: 'responded', data: { stage, response } });
      // Stage 2 is the landlord's final response (6.10, 6.20): the process is complete.
      if (stage === 2) events.push({ type: 'closed', data: { stage: 2, ombudsman: ctx.ombudsman } });
      break;
    }
    case 'complete_action': {
      const item = state.items.find((i) => i.id === action.itemId);
      if (!item) return refuse('not_found', ['itemId']);
      if (item.completedOn) return refuse('already_done', ['itemId']);
      events.push({ type: 'action_completed', data: { itemId: action.itemId, ...(action.note ? { note: action.note } : {}) } });
      break;
    }
    case 'not_accept':
    case 'refuse_escalation': {
      // Code 2.1, 2.4 (not accepting) and 5.11 (refusing to escalate): only for a reason the policy
      // sets out, explained in writing, with the right to take the decision to the ombudsman.
      if (!ctx.exclusions.includes(action.exclusion)) return refuse('choice', ['exclusion']);
      const data = { exclusion: action.exclusion, explanation: action.explanation, ombudsman: ctx.ombudsman };
      events.push(action.type === 'not_accept' ? { type: 'not_accepted', data } : { type: 'escalation_refused', data });
      break;
    }
    case 'escalate':
    case 'escalate_for_resident': {
      const requestedOn = action.type === 'escalate_for_resident' ? action.requestedOn : today;
      if (requestedOn > today) return refuse('date_future', ['requestedOn']);
      if (requestedOn < state.receivedOn) return refuse('date_before_stage', ['requestedOn']);
      if (!mayEscalate(state, today)) return refuse('escalation_not_open');
      events.push({
        type: 'escalation_requested',
        data: {
          requestedOn,
          // Code 6.11: acknowledged within 5 working days of the request being received.
          acknowledgeBy: addWorkingDays(requestedOn, TIMESCALES.stage2Acknowledge),
          ...(action.reason ? { reason: action.reason } : {}),
          ...(action.type === 'escalate_for_resident' && action.note ? { note: action.note } : {}),
        },
      });
      break;
    }
    case 'withdraw':
    case 'withdraw_for_resident':
      events.push({ type: 'withdrawn', data: action.reason ? { reason: action.reason } : {} });
      break;
    case 'log_new_complaint': {
      // Code 6.8: "the response is already issued" is a reason only once one has been.
      if (action.reason === 'response_issued' && !state.stages.some((s) => s.respondedOn)) {
        return refuse('not_allowed_now', ['reason']);
      }
      events.push({
        type: 'new_complaint_logged',
        data: { reference: action.newReference, reason: action.reason, description: action.description },
      });
      break;
    }
    case 'send_message': {
      const data = { messageId: `m${state.messages.length + 1}`, text: action.text, attachments: action.attachments };
      events.push(actor.kind === 'staff' ? { type: 'message_to_resident', data } : { type: 'message_from_resident', data });
      break;
    }
  }
  const stored = events.map((event) => ({ ...event, on: today, actor }) as LifecycleEvent);
  return { ok: true, events, state: replay(state, stored) };
}
