/**
 * The landlord's performance figures (Code 8.1, 9.7) as the API sends them: computed by
 * server/domain/lifecycle/reports.ts, shown by the console (client/staff/views/ReportsView.vue).
 */

/** One stage's acknowledgements and responses against the Code's timescales. */
export interface Timeliness {
  acknowledged: number;
  acknowledgedWithinTimescale: number;
  acknowledgedWithinTimescaleShare: number | null;
  responded: number;
  /** By the deadline in force: the Code's timescale plus any recorded extension (6.4, 6.15). */
  respondedWithinTimescale: number;
  respondedWithinTimescaleShare: number | null;
  /** By the Code's timescale with no extension. */
  respondedWithoutExtension: number;
  respondedWithoutExtensionShare: number | null;
  extended: number;
  extendedExceptionally: number;
}
