/**
 * The events of a complaint's record (Code 5.12): the names stored in
 * `complaint_events.type` and the data each carries. Fixed names, shared with
 * mail (which emails some of them) and the resident's and officer's pages.
 */
import type { OmbudsmanDetails } from './code.ts';
import type { IsoDate } from './working-days.ts';

/**
 * Code 2.2: the kinds of exclusion a complaints policy may set out. The landlord's policy
 * names the ones it uses (landlord.json `complaintsPolicy.exclusions`); none is ever applied
 * as a blanket rule (2.5): an officer chooses one and explains it in writing (2.4, 5.11).
 */
export const EXCLUSIONS = [
  /** The issue occurred over twelve months ago (2.2, 2.3: discretion must still be considered). */
  'over_12_months',
  /** Legal proceedings have started (the claim filed at court). */
  'legal_proceedings',
  /** The matter was previously considered under the complaints policy. */
  'previously_considered',
  /** The matter has its own statutory or appeal process (an insurance claim, a tribunal, an allocations appeal). */
  'other_process',
] as const;
export type Exclusion = (typeof EXCLUSIONS)[number];

export const EVENT_TYPES = [
  'received',
  'acknowledged',
  'definition_amended',
  'clarification_requested',
  'clarification_answered',
  'correction_requested',
  'extended',
  'update_interval_agreed',
  'update_sent',
  'responded',
  'action_completed',
  'not_accepted',
  'escalation_requested',
  'escalation_refused',
  'withdrawn',
  'new_complaint_logged',
  'closed',
  'deadline_flagged',
  'representative_removed',
  'message_from_resident',
  'message_to_resident',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Stage = 1 | 2;

/** Who did something: the resident, someone acting for them (Code 3.6), an officer, or the system's daily sweep. */
export type ActorKind = 'resident' | 'representative' | 'staff' | 'system';
export interface Actor {
  kind: ActorKind;
  /** The officer's id (staff.id) when kind is 'staff'. */
  staffId?: string;
  /** The officer's name at the time, so the record still says who if they leave. */
  name?: string;
}

/** What a complaint is about, chosen by the officer at acknowledgement (for the figures of Code 8.1, 9.7). */
export const COMPLAINT_CATEGORIES = [
  'repairs',
  'damp_and_mould',
  'antisocial_behaviour',
  'neighbourhood',
  'staff_conduct',
  'communication',
  'rent_and_charges',
  'allocations_and_lettings',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** Code 5.6, 5.7: the complaint definition the landlord writes when it acknowledges a stage. */
export interface ComplaintDefinition {
  /** The landlord's understanding of the complaint (5.6). */
  understanding: string;
  /** The outcome the resident is seeking (5.6). */
  outcomeSought: string;
  /** The points the response will decide, one by one (6.7, 6.18). */
  points: string[];
  /** What the landlord is responsible for (5.7). */
  responsibleFor: string;
  /** What it is not responsible for, and who is (5.7). */
  notResponsibleFor?: string;
}

export const DECISIONS = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type Decision = (typeof DECISIONS)[number];
/** The outcome of a stage, from the decisions on its points. */
export type Outcome = Decision;

/** A remedy (7.1–7.3) or an outstanding action (6.6, 6.17), tracked until done. */
export interface TrackedItem {
  /** Stable within the complaint: `s1-remedy-1`, `s2-action-3`. */
  id: string;
  stage: Stage;
  kind: 'remedy' | 'action';
  /** What will happen (7.3). */
  description: string;
  /** By when (7.3). */
  dueOn: IsoDate;
}

/** Code 6.9 (stage 1) and 6.19 (stage 2): everything a stage response must confirm, as parts. */
export interface StageResponse {
  /** 1. the complaint stage */
  stage: Stage;
  /** 2. the complaint definition, as it stood when the response was sent */
  definition: ComplaintDefinition;
  /** 3, 4. the decision on each point of the definition, with its reasons (6.7, 6.18) */
  decisions: { point: string; decision: Decision; reasons: string }[];
  /** The decision on the complaint as a whole, from the decisions on its points. */
  outcome: Outcome;
  /** Anything else the officer wants to say, in plain language. */
  summary?: string;
  /** 5. remedies offered: what will happen and by when (7.1–7.3) */
  remedies: TrackedItem[];
  /** 6. outstanding actions (6.6, 6.17) */
  actions: TrackedItem[];
  /** 7. how to escalate: to stage 2 after stage 1 (6.9.7), to the ombudsman after stage 2 (6.19.7) */
  escalation: { to: 'stage_2' } | { to: 'ombudsman'; ombudsman: OmbudsmanDetails };
}

/** The data each event type carries. */
export interface EventData {
  received: { channel: string; attachments: number; /** Code 6.8: the complaint it was logged from. */ loggedFrom?: string };
  acknowledged: { stage: Stage; definition: ComplaintDefinition; category: ComplaintCategory; respondBy: IsoDate };
  definition_amended: { stage: Stage; definition: ComplaintDefinition; category: ComplaintCategory; correctionId?: string };
  clarification_requested: { stage: Stage; clarificationId: string; question: string };
  clarification_answered: { clarificationId: string; answer: string };
  correction_requested: { stage: Stage; correctionId: string; text: string };
  extended: {
    stage: Stage;
    workingDays: number;
    /** The reason the resident reads (6.4, 6.15). */
    reason: string;
    /** Beyond 10 (stage 1) or 20 (stage 2) working days in all: only with a written reason (6.4, 6.15). */
    exceptional: boolean;
    exceptionalReason?: string;
    previousRespondBy: IsoDate;
    respondBy: IsoDate;
    /** Code 6.5, 6.16: every extension notice carries the ombudsman's contact details. */
    ombudsman: OmbudsmanDetails;
  };
  update_interval_agreed: { workingDays: number; note?: string; nextUpdateDue: IsoDate };
  update_sent: { message: string; nextUpdateDue?: IsoDate };
  responded: { stage: Stage; response: StageResponse };
  action_completed: { itemId: string; note?: string };
  not_accepted: { exclusion: Exclusion; explanation: string; ombudsman: OmbudsmanDetails };
  escalation_requested: { requestedOn: IsoDate; reason?: string; acknowledgeBy: IsoDate; note?: string };
  escalation_refused: { exclusion: Exclusion; explanation: string; ombudsman: OmbudsmanDetails };
  withdrawn: { reason?: string };
  new_complaint_logged: { reference: string; reason: NewComplaintReason; description: string };
  closed: { stage: Stage; ombudsman: OmbudsmanDetails };
  deadline_flagged: { kind: DeadlineKind; stage: Stage; dueOn: IsoDate; state: 'due_soon' | 'overdue' };
  /** The resident removed the person acting for them (Code 3.6): who it was, for the record. */
  representative_removed: { name: string; relationship: string };
  /** Code 6.8: new information from the resident (or their representative) goes on the record. */
  message_from_resident: MessageData;
  /** A message from the complaints team to the resident (emailed to them). */
  message_to_resident: MessageData;
}

/** A photo or document sent with a message; its bytes are kept beside the record (attachments.message_id). */
export interface MessageFile {
  filename: string;
  /** Read from the file's bytes, never the name. */
  mediaType: string;
  size: number;
  /** SHA-256 of the bytes, hex: the same message sent again is recognised by its content. */
  sha256: string;
}

export interface MessageData {
  /** Stable within the complaint: `m1`, `m2`…; a file is addressed by message and position. */
  messageId: string;
  text: string;
  attachments: MessageFile[];
}

/** Code 6.8: why a new issue is logged as a new complaint. */
export const NEW_COMPLAINT_REASONS = ['response_issued', 'unrelated', 'would_delay'] as const;
export type NewComplaintReason = (typeof NEW_COMPLAINT_REASONS)[number];

export type DeadlineKind = 'acknowledge' | 'respond' | 'update' | 'action';

/** One event as the state machine produces it (before it is stored). */
export type NewEvent = { [T in EventType]: { type: T; data: EventData[T] } }[EventType];

/** One stored event: what happened, who did it, and the day it happened (Europe/London). */
export type LifecycleEvent = NewEvent & { on: IsoDate; actor: Actor };

/** Events the resident is never shown: the officers' own reminders. */
export const STAFF_ONLY_EVENTS: readonly EventType[] = ['deadline_flagged'];
