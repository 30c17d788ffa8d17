/**
 * Performance figures for the landlord (Code 8.1, 9.7): numbers by stage, outcome
 * and category, what was not accepted and why, and the share of acknowledgements
 * and responses within the Code's timescales, for complaints received in a period.
 * As JSON and as CSV (one row per figure).
 */
import { TIMESCALES } from '../../../shared/code.ts';
import { owedDeadlines } from '../../../shared/deadlines.ts';
import { COMPLAINT_CATEGORIES, DECISIONS, EXCLUSIONS, type Stage } from '../../../shared/lifecycle-events.ts';
import { STATUSES, type StageRecord } from '../../../shared/lifecycle.ts';
import type { Timeliness } from '../../../shared/performance.ts';
import { addWorkingDays, londonDate, type IsoDate } from '../../../shared/working-days.ts';
import { complaintsReceivedBetween, rowState } from './queue.ts';
import type { Queryable } from './record.ts';

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

function timeliness(records: StageRecord[], stage: Stage): Timeliness {
  const acknowledged = records.filter((r) => r.acknowledgedOn);
  const ackWithin = acknowledged.filter((r) => r.acknowledgedOn! <= r.acknowledgeBy);
  const responded = records.filter((r) => r.respondedOn && r.acknowledgedOn);
  const respondDays = stage === 1 ? TIMESCALES.stage1Response : TIMESCALES.stage2Response;
  const within = responded.filter((r) => r.respondedOn! <= r.respondBy!);
  const withoutExtension = responded.filter((r) => r.respondedOn! <= addWorkingDays(r.acknowledgedOn!, respondDays));
  return {
    acknowledged: acknowledged.length,
    acknowledgedWithinTimescale: ackWithin.length,
    acknowledgedWithinTimescaleShare: share(ackWithin.length, acknowledged.length),
    responded: responded.length,
    respondedWithinTimescale: within.length,
    respondedWithinTimescaleShare: share(within.length, responded.length),
    respondedWithoutExtension: withoutExtension.length,
    respondedWithoutExtensionShare: share(withoutExtension.length, responded.length),
    extended: records.filter((r) => r.extensions.length > 0).length,
    extendedExceptionally: records.filter((r) => r.extensions.some((e) => e.exceptional)).length,
  };
}

/** The figures for complaints received from `from` to `to` (London dates, inclusive). */
export async function performanceReport(db: Queryable, period: { from: IsoDate; to: IsoDate }, now: Date = new Date()) {
  const today = londonDate(now);
  const rows = await complaintsReceivedBetween(db, period.from, period.to);
  const states = rows.map((row) => ({ row, state: rowState(row) }));
  const stage1 = states.map((s) => s.state.stages[0]!);
  const stage2 = states.flatMap((s) => s.state.stages.slice(1, 2));

  const byStatus = zeroes(STATUSES);
  const byCategory = { ...zeroes(COMPLAINT_CATEGORIES), uncategorised: 0 };
  const outcomes = { stage1: zeroes(DECISIONS), stage2: zeroes(DECISIONS) };
  const notAccepted = zeroes(EXCLUSIONS);
  const escalationRefused = zeroes(EXCLUSIONS);
  let overdueNow = 0;
  for (const { state } of states) {
    byStatus[state.status] += 1;
    if (state.category) byCategory[state.category] += 1;
    else byCategory.uncategorised += 1;
    for (const record of state.stages) {
      const outcome = record.response?.outcome;
      if (outcome) outcomes[record.stage === 1 ? 'stage1' : 'stage2'][outcome] += 1;
    }
    // Code 8.1.2: a summary of the types of complaints refused.
    if (state.notAccepted) notAccepted[state.notAccepted.exclusion] += 1;
    if (state.escalationRefused) escalationRefused[state.escalationRefused.exclusion] += 1;
    if (owedDeadlines(state, today).some((d) => d.state === 'overdue')) overdueNow += 1;
  }
  return {
    period,
    generatedOn: today,
    received: rows.length,
    byStage: { stage1: stage1.length, stage2: stage2.length },
    byStatus,
    byCategory,
    outcomes,
    notAcceptedByExclusion: notAccepted,
    escalationRefusedByExclusion: escalationRefused,
    timeliness: { stage1: timeliness(stage1, 1), stage2: timeliness(stage2, 2) },
    overdueNow,
    timescales: TIMESCALES,
  };
}

export type PerformanceReport = Awaited<ReturnType<typeof performanceReport>>;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote what needs it, and defuse a leading formula character for spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The same figures as CSV: `section,stage,measure,value`, one row per figure. */
export function reportCsv(report: PerformanceReport): string {
  const rows: unknown[][] = [['section', 'stage', 'measure', 'value']];
  const add = (section: string, stage: string, values: Record<string, unknown>) => {
    for (const [measure, value] of Object.entries(values)) rows.push([section, stage, measure, value]);
  };
  add('period', '', { from: report.period.from, to: report.period.to, generated_on: report.generatedOn });
  add('received', '', { complaints: report.received, overdue_now: report.overdueNow });
  add('by_stage', '', report.byStage);
  add('by_status', '', report.byStatus);
  add('by_category', '', report.byCategory);
  add('outcome', '1', report.outcomes.stage1);
  add('outcome', '2', report.outcomes.stage2);
  add('not_accepted', '', report.notAcceptedByExclusion);
  add('escalation_refused', '', report.escalationRefusedByExclusion);
  add('timeliness', '1', { ...report.timeliness.stage1 });
  add('timeliness', '2', { ...report.timeliness.stage2 });
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
