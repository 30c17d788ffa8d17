/**
 * The console's calls to /api/staff/complaints: the queue, one complaint's whole record,
 * the actions on it, and the performance figures. Shapes come from shared/: the state
 * machine's state and events, the deadlines worked out from them.
 */
import type { Deadline } from '../../../shared/deadlines.ts';
import type { ComplaintCategory, DeadlineKind, Decision, Exclusion, LifecycleEvent, Stage } from '../../../shared/lifecycle-events.ts';
import type { Clarification, Correction, LifecycleState, Message, Refusal as ExclusionDecision, StageRecord, Status, TrackedItemState } from '../../../shared/lifecycle.ts';
import type { Timeliness } from '../../../shared/performance.ts';
import type { IsoDate } from '../../../shared/working-days.ts';
import { staffRequest, type Refusal } from '../api.ts';
import { ACTION_SLUGS, type StaffActionType } from '../case-actions.ts';

export type Result<T> = { ok: true; data: T } | Refusal;

/** One stored event of the record, with the instant it was written. */
export type RecordEvent = LifecycleEvent & { id: number; at: string };

/** A queue row (server/domain/lifecycle/queue.ts). */
export interface QueueItem {
  reference: string;
  residentName: string;
  receivedAt: string;
  stage: Stage;
  status: Status;
  category: ComplaintCategory | null;
  nextDeadline: { kind: DeadlineKind; dueOn: IsoDate; state: 'overdue' | 'due_soon' | 'pending' } | null;
  flags: CaseFlag[];
}

/** Things an officer should see at a glance. */
export type CaseFlag = 'older_than_12_months' | 'overdue' | 'due_soon' | 'clarification_unanswered' | 'correction_unanswered' | 'adjustments';

export interface Queue {
  today: IsoDate;
  counts: { shown: number; overdue: number; dueSoon: number };
  limit: number;
  complaints: QueueItem[];
}

/** The whole record for an officer (server/domain/lifecycle/views.ts staffCaseView). */
export interface CaseRecord {
  reference: string;
  today: IsoDate;
  status: Status;
  stage: Stage;
  category: ComplaintCategory | null;
  /** Code 5.10: support needs; the details only where the resident consented to their being kept. */
  adjustments: { needed: boolean; details: string | null; consentAt: string | null };
  flags: CaseFlag[];
  deadlines: Deadline[];
  complaint: {
    receivedAt: string;
    receivedOn: IsoDate;
    language: string;
    submittedBy: 'resident' | 'representative';
    resident: {
      name: string;
      address: string | null;
      tenancyReference: string | null;
      email: string | null;
      phone: string | null;
      preferredContact: string;
    };
    representative: { name: string; relationship: string; email?: string; phone?: string } | null;
    description: string;
    happenedOn: IsoDate;
    stillHappening: boolean;
    delayReason: string | null;
    aboutServiceRequest: string;
    serviceRequestReference: string | null;
    othersAffected: string;
    othersAffectedDetails: string | null;
    desiredOutcome: string | null;
    attachments: { id: string; filename: string; mediaType: string; size: number }[];
  };
  stages: (StageRecord & { extendedBy: number; extensionLimit: number })[];
  clarifications: Clarification[];
  corrections: Correction[];
  updateInterval: LifecycleState['updateInterval'] | null;
  nextUpdateDue: IsoDate | null;
  items: TrackedItemState[];
  /** Both ways, in order (Code 6.8); a file is at messageFileUrl(). */
  messages: Message[];
  notAccepted: ExclusionDecision | null;
  escalationRefused: ExclusionDecision | null;
  /** Code 6.13: who decided stage 1, who may not decide stage 2. */
  stage1DecidedBy: { staffId: string; name: string | null } | null;
  /** The actions this officer may take now, as their addresses (`amend-definition`). */
  availableActions: string[];
  policy: { exclusions: Exclusion[] };
  events: RecordEvent[];
}

/** Under /api/staff (staffRequest adds it). */
const base = '/complaints';
const path = (reference: string) => `${base}/${encodeURIComponent(reference)}`;

export function fetchQueue(filters: { stage?: string; status?: string }): Promise<Result<Queue>> {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]).toString();
  return staffRequest('GET', query ? `${base}?${query}` : base);
}

export function fetchCase(reference: string): Promise<Result<CaseRecord>> {
  return staffRequest('GET', path(reference));
}

export function takeAction(reference: string, action: StaffActionType, body: Record<string, unknown>): Promise<Result<CaseRecord>> {
  return staffRequest('POST', `${path(reference)}/${ACTION_SLUGS[action]}`, body);
}

/** Where a message's file downloads from (the staff session's cookie goes with the link). */
export function messageFileUrl(reference: string, messageId: string, position: number): string {
  return `/api/staff${path(reference)}/messages/${encodeURIComponent(messageId)}/attachments/${position}`;
}

type Counts<K extends string> = Record<K, number>;
/** The performance figures (Code 8.1, 9.7) for complaints received in a period (server/domain/lifecycle/reports.ts). */
export interface PerformanceReport {
  period: { from: IsoDate; to: IsoDate };
  generatedOn: IsoDate;
  received: number;
  byStage: { stage1: number; stage2: number };
  byStatus: Counts<Status>;
  byCategory: Counts<ComplaintCategory | 'uncategorised'>;
  outcomes: { stage1: Counts<Decision>; stage2: Counts<Decision> };
  notAcceptedByExclusion: Counts<Exclusion>;
  escalationRefusedByExclusion: Counts<Exclusion>;
  timeliness: { stage1: Timeliness; stage2: Timeliness };
  overdueNow: number;
}

export type ReportPeriod = { from?: string; to?: string };

const REPORTS = `${base}/reports`;

/** The figures for a period, as JSON or as a CSV file: the path under /api/staff. */
function reportPath(period: ReportPeriod, format: 'json' | 'csv'): string {
  const query = new URLSearchParams();
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  if (format === 'csv') query.set('format', 'csv');
  const text = query.toString();
  return text ? `${REPORTS}?${text}` : REPORTS;
}

/** The address of the CSV file of the figures for a period, for a download link. */
export const reportCsvUrl = (period: ReportPeriod) => `/api/staff${reportPath(period, 'csv')}`;

export function fetchReport(period: ReportPeriod): Promise<Result<PerformanceReport>> {
  return staffRequest('GET', reportPath(period, 'json'));
}
