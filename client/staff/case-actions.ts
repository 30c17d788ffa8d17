/**
 * What an officer can do to a complaint, as the console offers it: each action of the
 * state machine (shared/lifecycle.ts) with its address and its form's fields. Which
 * actions are offered is the server's answer for the complaint's state; the server
 * checks everything again when the form is sent.
 */
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { LIFECYCLE_LIMITS } from '../../shared/schemas/lifecycle.ts';
import { NEW_COMPLAINT_REASONS } from '../../shared/lifecycle-events.ts';
import type { StaffAction } from '../../shared/lifecycle.ts';

export type StaffActionType = StaffAction['type'];

/** Each action's address, under its complaint (`/staff/complaints/K7QM-4XPT/ask-clarification`) and in the API. */
export const ACTION_SLUGS = {
  acknowledge: 'acknowledge',
  amend_definition: 'amend-definition',
  ask_clarification: 'ask-clarification',
  extend: 'extend',
  agree_update_interval: 'agree-update-interval',
  send_update: 'send-update',
  respond: 'respond',
  complete_action: 'complete-action',
  not_accept: 'not-accept',
  refuse_escalation: 'refuse-escalation',
  escalate_for_resident: 'escalate-for-resident',
  withdraw_for_resident: 'withdraw',
  log_new_complaint: 'log-new-complaint',
  send_message: 'send-message',
} as const satisfies Record<StaffActionType, string>;

export type ActionSlug = (typeof ACTION_SLUGS)[StaffActionType];

export function actionForSlug(slug: string): StaffActionType | undefined {
  return (Object.keys(ACTION_SLUGS) as StaffActionType[]).find((type) => ACTION_SLUGS[type] === slug);
}

/** A field of a form that is only words, numbers, a choice or a date. */
export type FieldSpec =
  | { name: string; kind: 'textarea'; maxlength: number; optional?: boolean }
  | { name: string; kind: 'number'; max: number }
  | { name: string; kind: 'radios'; options: readonly string[]; optionKey: string }
  | { name: string; kind: 'date' };

/**
 * The fields of the actions whose forms are a plain list of fields. Acknowledging and amending
 * (the definition, with its points), responding (a decision per point, remedies and actions) and
 * completing an action (a choice among the open ones) have forms of their own.
 *
 * `policy` is the landlord's complaints policy as the case record gives it. Built when asked for, not when this module loads: the console's chunk and the chunk holding
 * the shared schemas import each other, so their values may not be there yet at load time.
 */
export function simpleForm(type: StaffActionType, policy: { exclusions: readonly string[] }): readonly FieldSpec[] | undefined {
  const exclusionChoice: FieldSpec = {
    name: 'exclusion',
    kind: 'radios',
    // Code 2.2, 2.5: only the exclusions the landlord's policy sets out (the server sends them with the case),
    // each chosen and explained, never applied as a blanket rule.
    options: policy.exclusions,
    optionKey: 'console.exclusions',
  };
  const forms: Partial<Record<StaffActionType, readonly FieldSpec[]>> = {
    ask_clarification: [{ name: 'question', kind: 'textarea', maxlength: LIMITS.mediumText }],
    extend: [
      { name: 'workingDays', kind: 'number', max: LIFECYCLE_LIMITS.extensionWorkingDays },
      { name: 'reason', kind: 'textarea', maxlength: LIMITS.mediumText },
      { name: 'exceptionalReason', kind: 'textarea', maxlength: LIMITS.mediumText, optional: true },
    ],
    agree_update_interval: [
      { name: 'workingDays', kind: 'number', max: LIFECYCLE_LIMITS.updateIntervalWorkingDays },
      { name: 'note', kind: 'textarea', maxlength: LIMITS.mediumText, optional: true },
    ],
    send_update: [{ name: 'message', kind: 'textarea', maxlength: LIMITS.longText }],
    // Code 6.8: goes on the record and, by email, to the resident.
    send_message: [{ name: 'text', kind: 'textarea', maxlength: LIMITS.longText }],
    not_accept: [exclusionChoice, { name: 'explanation', kind: 'textarea', maxlength: LIMITS.longText }],
    refuse_escalation: [exclusionChoice, { name: 'explanation', kind: 'textarea', maxlength: LIMITS.longText }],
    escalate_for_resident: [
      { name: 'requestedOn', kind: 'date' },
      { name: 'reason', kind: 'textarea', maxlength: LIMITS.longText, optional: true },
      { name: 'note', kind: 'textarea', maxlength: LIMITS.mediumText, optional: true },
    ],
    withdraw_for_resident: [{ name: 'reason', kind: 'textarea', maxlength: LIMITS.mediumText }],
    log_new_complaint: [
      { name: 'reason', kind: 'radios', options: NEW_COMPLAINT_REASONS, optionKey: 'console.new_complaint_reasons' },
      { name: 'description', kind: 'textarea', maxlength: LIMITS.longText },
    ],
  };
  return forms[type];
}

/** The order actions are offered in on a case page: the usual next step first, the rarer ones last. */
export const ACTION_ORDER: readonly StaffActionType[] = [
  'acknowledge',
  'respond',
  'ask_clarification',
  'send_message',
  'extend',
  'amend_definition',
  'agree_update_interval',
  'send_update',
  'complete_action',
  'escalate_for_resident',
  'not_accept',
  'refuse_escalation',
  'log_new_complaint',
  'withdraw_for_resident',
];
