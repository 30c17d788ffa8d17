/**
 * Code 6.9 (stage 1) and 6.19 (stage 2): what a stage response must confirm in
 * writing, checked against a response as the resident received it, so the
 * resident sees a gap before deciding what to do next. Pure: the page shows it.
 */
import type { StageResponse } from './lifecycle-events.ts';

/** The parts, in the Code's order (6.9 / 6.19 items 1 to 7). */
export const RESPONSE_PARTS = ['stage', 'definition', 'decision', 'reasons', 'remedy', 'actions', 'escalation'] as const;
export type ResponsePart = (typeof RESPONSE_PARTS)[number];

/**
 * - `included`: the response has it;
 * - `none`: nothing was needed (no remedy for a complaint not upheld, no action outstanding);
 * - `missing`: the Code asks for it and the response does not have it.
 */
export type PartState = 'included' | 'none' | 'missing';

export interface ChecklistItem {
  part: ResponsePart;
  /** "6.9.5", "6.19.7": the Code's paragraph and item. */
  rule: string;
  state: PartState;
}

const filled = (text: string | undefined | null) => typeof text === 'string' && text.trim() !== '';

/** What the response holds of each part the Code requires of a stage `stage` response. */
export function responseChecklist(response: Partial<StageResponse> | null | undefined, stage: 1 | 2): ChecklistItem[] {
  const r = response ?? {};
  const definition = r.definition;
  const decisions = r.decisions ?? [];
  const points = definition?.points ?? [];
  const states: Record<ResponsePart, PartState> = {
    stage: r.stage === stage ? 'included' : 'missing',
    definition: definition && filled(definition.understanding) && filled(definition.outcomeSought) && points.length > 0 ? 'included' : 'missing',
    // A decision on every point of the definition (6.7, 6.18).
    decision: decisions.length > 0 && decisions.length >= points.length && r.outcome !== undefined ? 'included' : 'missing',
    reasons: decisions.length > 0 && decisions.every((d) => filled(d.reasons)) ? 'included' : 'missing',
    // Code 7.1: where something went wrong, what will be done to put it right; nothing is owed for a complaint not upheld.
    remedy: (r.remedies?.length ?? 0) > 0 ? 'included' : r.outcome === 'not_upheld' ? 'none' : 'missing',
    actions: r.actions === undefined ? 'missing' : r.actions.length > 0 ? 'included' : 'none',
    // 6.9.7: how to ask for stage 2; 6.19.7: how to go to the Ombudsman.
    escalation:
      r.escalation?.to === (stage === 1 ? 'stage_2' : 'ombudsman') &&
      (r.escalation.to === 'stage_2' || filled(r.escalation.ombudsman?.phone))
        ? 'included'
        : 'missing',
  };
  return RESPONSE_PARTS.map((part, index) => ({ part, rule: `${stage === 1 ? '6.9' : '6.19'}.${index + 1}`, state: states[part] }));
}

/**
 * The day by which a complaint should normally reach the Ombudsman: 12 months after the
 * landlord's final response (Code 6.10, 6.19; the Ombudsman's own scheme). A 29 February
 * rolls to 1 March, the generous reading.
 */
export function ombudsmanReferralBy(finalResponseOn: string): string {
  const [y, m, d] = finalResponseOn.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/** Whole calendar days from `today` to `until` (0 on the day itself, negative once past). */
export function calendarDaysUntil(today: string, until: string): number {
  return Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
