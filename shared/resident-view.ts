/**
 * What `GET /api/complaints/:reference` answers a resident (server/domain/lifecycle/views.ts
 * `residentView` returns exactly this), and what the phone keeps to show the complaint offline.
 */
import type { OmbudsmanDetails } from './code.ts';
import type { Deadline, DeadlineState } from './deadlines.ts';
import type { ActorKind, DeadlineKind, EventType, Stage } from './lifecycle-events.ts';
import type { Clarification, Correction, Message, Refusal, StageRecord, Status, TrackedItemState } from './lifecycle.ts';
import type { IsoDate } from './working-days.ts';

export interface ResidentStageView extends Omit<StageRecord, 'acknowledgedBy' | 'respondedBy'> {
  /** Working days the response was extended by, in all. */
  extendedBy: number;
  /** Code 6.4 / 6.15: 10 or 20. */
  extensionLimit: number;
}

export interface ResidentComplaintView {
  reference: string;
  /** Who is looking: the resident, or someone acting for them (Code 3.6). */
  viewer: 'resident' | 'representative';
  /** Who acts for the resident, until the resident removes them. */
  representative: { name: string; relationship: string } | null;
  /** Today in Europe/London, when the server answered. */
  today: IsoDate;
  status: Status;
  stage: Stage;
  nextDeadline: { kind: DeadlineKind; stage: Stage; dueOn: IsoDate; itemId?: string; state: DeadlineState; dueSoonWorkingDays: number } | null;
  deadlines: Deadline[];
  complaint: {
    receivedAt: string;
    receivedOn: IsoDate;
    submittedBy: string;
    description: string;
    happenedOn: IsoDate;
    desiredOutcome: string | null;
  };
  stages: ResidentStageView[];
  clarifications: Clarification[];
  corrections: Correction[];
  updateInterval: { workingDays: number; agreedOn: IsoDate; note?: string } | null;
  nextUpdateDue: IsoDate | null;
  items: TrackedItemState[];
  notAccepted: Refusal | null;
  escalationRefused: Refusal | null;
  withdrawnOn: IsoDate | null;
  closedOn: IsoDate | null;
  newComplaints: { reference: string; on: IsoDate; reason: string }[];
  /**
   * Messages both ways, oldest first (Code 6.8: new information goes on the record): who sent each (`landlord`
   * for the complaints team, whose officers stay unnamed), the day, the words, and each file's name, type and
   * size. A file is fetched by its message's id and its position in `attachments`:
   * GET /api/complaints/:reference/messages/:id/attachments/:position.
   */
  messages: Message[];
  /** Route names of what the resident may do now: `answer-clarification`, `request-correction`, `escalate`, `withdraw`, `send-message`. */
  availableActions: string[];
  ombudsman: OmbudsmanDetails;
  events: { id: number | string; type: EventType; at: string; on: IsoDate; actor: { kind: ActorKind }; data: unknown }[];
}
