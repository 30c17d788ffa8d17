/**
 * What officers and residents send to move a complaint along (shared/lifecycle.ts).
 * One schema per action body: the server validates with it (field paths and codes,
 * shared/errors.ts), the console and the resident's pages check with it before sending.
 */
import * as v from 'valibot';
import { COMPLAINT_CATEGORIES, DECISIONS, EXCLUSIONS, NEW_COMPLAINT_REASONS } from '../lifecycle-events.ts';
import { isIsoDate } from '../working-days.ts';
import { LIMITS } from './complaint.ts';

export const LIFECYCLE_LIMITS = {
  /** Points a definition sets out, each decided in the response (6.7). */
  points: 20,
  /** Remedies, and outstanding actions, in one response. */
  items: 20,
  /** Working days one extension may add (beyond the Code's 10/20 only as exceptional). */
  extensionWorkingDays: 60,
  /** Code 5.9: the longest agreed interval between updates, in working days. */
  updateIntervalWorkingDays: 20,
} as const;

const text = (max: number) => v.pipe(v.string('type'), v.trim(), v.nonEmpty('required'), v.maxLength(max, 'too_long'));
/** Optional words: an empty answer is the same as none. */
const optionalText = (max: number) =>
  v.pipe(
    v.optional(v.pipe(v.string('type'), v.trim(), v.maxLength(max, 'too_long'))),
    v.transform((value) => (value === '' ? undefined : value)),
  );
const isoDate = v.pipe(v.string('type'), v.check(isIsoDate, 'date_invalid'));
const workingDays = (max: number) =>
  v.pipe(v.number('type'), v.integer('type'), v.minValue(1, 'number_range'), v.maxValue(max, 'number_range'));

/** Code 5.6, 5.7: the complaint definition. */
export const DefinitionSchema = v.strictObject(
  {
    understanding: text(LIMITS.longText),
    outcomeSought: text(LIMITS.longText),
    points: v.pipe(
      v.array(text(LIMITS.mediumText), 'type'),
      v.minLength(1, 'required'),
      v.maxLength(LIFECYCLE_LIMITS.points, 'too_long'),
    ),
    responsibleFor: text(LIMITS.longText),
    notResponsibleFor: optionalText(LIMITS.longText),
  },
  'type',
);

const ItemSchema = v.strictObject({ description: text(LIMITS.mediumText), dueOn: isoDate }, 'type');
const items = v.pipe(v.array(ItemSchema, 'type'), v.maxLength(LIFECYCLE_LIMITS.items, 'too_long'));

export const AcknowledgeSchema = v.strictObject(
  { definition: DefinitionSchema, category: v.picklist(COMPLAINT_CATEGORIES, 'choice') },
  'type',
);
export const AmendDefinitionSchema = v.strictObject(
  {
    definition: DefinitionSchema,
    category: v.optional(v.picklist(COMPLAINT_CATEGORIES, 'choice')),
    /** The resident's correction this answers, if any (5.6). */
    correctionId: v.optional(v.pipe(v.string('type'), v.maxLength(20, 'too_long'))),
  },
  'type',
);
export const AskClarificationSchema = v.strictObject({ question: text(LIMITS.mediumText) }, 'type');
export const ExtendSchema = v.strictObject(
  {
    workingDays: workingDays(LIFECYCLE_LIMITS.extensionWorkingDays),
    /** The resident reads this (6.4, 6.15). */
    reason: text(LIMITS.mediumText),
    /** Needed when the extensions at this stage would come to more than 10 (stage 1) or 20 (stage 2) working days. */
    exceptionalReason: optionalText(LIMITS.mediumText),
  },
  'type',
);
export const AgreeUpdateIntervalSchema = v.strictObject(
  { workingDays: workingDays(LIFECYCLE_LIMITS.updateIntervalWorkingDays), note: optionalText(LIMITS.mediumText) },
  'type',
);
export const SendUpdateSchema = v.strictObject({ message: text(LIMITS.longText) }, 'type');
export const RespondSchema = v.strictObject(
  {
    decisions: v.pipe(
      v.array(
        v.strictObject({ decision: v.picklist(DECISIONS, 'choice'), reasons: text(LIMITS.longText) }, 'type'),
        'type',
      ),
      v.minLength(1, 'required'),
      v.maxLength(LIFECYCLE_LIMITS.points, 'too_long'),
    ),
    summary: optionalText(LIMITS.longText),
    remedies: items,
    actions: items,
  },
  'type',
);
export const CompleteActionSchema = v.strictObject(
  { itemId: v.pipe(v.string('type'), v.nonEmpty('required'), v.maxLength(40, 'too_long')), note: optionalText(LIMITS.mediumText) },
  'type',
);
/** Not accepting (2.1–2.4) or refusing to escalate (5.11): one of the policy's exclusions, explained. */
export const ExclusionDecisionSchema = v.strictObject(
  { exclusion: v.picklist(EXCLUSIONS, 'choice'), explanation: text(LIMITS.longText) },
  'type',
);
export const EscalateForResidentSchema = v.strictObject(
  {
    /** The day the resident asked (6.11 counts from it). */
    requestedOn: isoDate,
    /** Anything the resident said; never required (6.12). */
    reason: optionalText(LIMITS.longText),
    /** How the request came in (phone, letter…). */
    note: optionalText(LIMITS.mediumText),
  },
  'type',
);
export const WithdrawForResidentSchema = v.strictObject(
  {
    /** How and why the resident asked to withdraw, for the record. */
    reason: text(LIMITS.mediumText),
  },
  'type',
);
/**
 * A message's words (Code 6.8), both ways. Photos and documents come beside it, as the
 * `attachments` of a multipart body with this as its `message` part, checked as a complaint's are.
 */
export const MessageSchema = v.strictObject({ text: text(LIMITS.longText) }, 'type');
export const LogNewComplaintSchema = v.strictObject(
  { description: text(LIMITS.longText), reason: v.picklist(NEW_COMPLAINT_REASONS, 'choice') },
  'type',
);

// The resident's side.
export const AnswerClarificationSchema = v.strictObject(
  {
    clarificationId: v.pipe(v.string('type'), v.nonEmpty('required'), v.maxLength(20, 'too_long')),
    answer: text(LIMITS.longText),
  },
  'type',
);
export const CorrectionSchema = v.strictObject({ text: text(LIMITS.longText) }, 'type');
/** Code 6.12: a resident never has to give a reason for stage 2; the box is optional. */
export const EscalateSchema = v.strictObject({ reason: optionalText(LIMITS.longText) }, 'type');
export const WithdrawSchema = v.strictObject({ reason: optionalText(LIMITS.mediumText) }, 'type');

/** Filters of the officers' queue. */
export const QueueQuerySchema = v.strictObject(
  {
    stage: v.optional(v.picklist(['1', '2'], 'choice')),
    status: v.optional(
      v.picklist(
        ['received', 'acknowledged', 'responded', 'escalation_requested', 'escalation_refused', 'closed', 'not_accepted', 'withdrawn', 'open', 'all'],
        'choice',
      ),
    ),
  },
  'type',
);

/** The period the figures cover: received from … to (inclusive). */
export const ReportQuerySchema = v.pipe(
  v.strictObject({ from: v.optional(isoDate), to: v.optional(isoDate), format: v.optional(v.picklist(['json', 'csv'], 'choice')) }, 'type'),
  v.forward(
    v.check((q) => !q.from || !q.to || q.from <= q.to, 'date_invalid'),
    ['to'],
  ),
);

/** Each officer action's body, by its path under /api/staff/complaints/:reference/. */
export const STAFF_ACTION_SCHEMAS = {
  acknowledge: AcknowledgeSchema,
  'amend-definition': AmendDefinitionSchema,
  'ask-clarification': AskClarificationSchema,
  extend: ExtendSchema,
  'agree-update-interval': AgreeUpdateIntervalSchema,
  'send-update': SendUpdateSchema,
  respond: RespondSchema,
  'complete-action': CompleteActionSchema,
  'not-accept': ExclusionDecisionSchema,
  'refuse-escalation': ExclusionDecisionSchema,
  'escalate-for-resident': EscalateForResidentSchema,
  withdraw: WithdrawForResidentSchema,
  'log-new-complaint': LogNewComplaintSchema,
  'send-message': MessageSchema,
} as const;

/** Each resident action's body, by its path under /api/complaints/:reference/. */
export const RESIDENT_ACTION_SCHEMAS = {
  'answer-clarification': AnswerClarificationSchema,
  'request-correction': CorrectionSchema,
  escalate: EscalateSchema,
  withdraw: WithdrawSchema,
  'send-message': MessageSchema,
} as const;
