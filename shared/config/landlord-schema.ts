/**
 * The shape of `landlord.json`, checked when the app is built (vite.config.ts)
 * and when the server starts, so the phone never downloads the check.
 */
import * as v from 'valibot';
import { EXCLUSIONS } from '../lifecycle-events.ts';
import { WEEKDAYS, type OpeningHours } from './opening-hours.ts';

const nonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty());

/** A time of day on the 24-hour clock, "08:00". */
const time = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "08:00" or "17:30"'));

/**
 * When the phone line is open: days and times, not words, so each page can say
 * them in the reader's language ("Monday to Friday, 8am to 6pm", "dydd Llun i
 * dydd Gwener, 08:00 i 18:00").
 */
const OpeningHoursSchema: v.GenericSchema<unknown, OpeningHours> = v.pipe(
  v.strictObject({ from: v.picklist(WEEKDAYS), to: v.picklist(WEEKDAYS), opens: time, closes: time }),
  v.check((hours) => WEEKDAYS.indexOf(hours.from) <= WEEKDAYS.indexOf(hours.to), '"from" must come before "to" in the week'),
  v.check((hours) => hours.opens < hours.closes, '"opens" must be before "closes"'),
);

/** A date as YYYY-MM-DD that is a real day of the calendar. */
const isoDate = v.pipe(v.string(), v.isoDate('a date like "2026-12-02"'));

/**
 * Code 3.7: the ombudsman the landlord's residents can go to, with the date its details were last
 * checked (shown to residents). In England the Housing Ombudsman; a Welsh landlord names the Public
 * Services Ombudsman for Wales.
 */
export const OmbudsmanSchema = v.strictObject({
  scheme: v.picklist(['housing-ombudsman', 'psow']),
  name: nonEmpty,
  phone: nonEmpty,
  email: v.pipe(v.string(), v.email()),
  website: v.pipe(v.string(), v.url(), v.startsWith('https://')),
  complaintForm: v.pipe(v.string(), v.url(), v.startsWith('https://')),
  address: v.pipe(v.array(nonEmpty), v.minLength(1)),
  checkedOn: isoDate,
});

export const LandlordConfigSchema = v.strictObject({
  /** The landlord's full name, as residents know it. */
  name: nonEmpty,
  /** Up to 12 characters: the installed app's name under its icon. */
  shortName: v.pipe(nonEmpty, v.maxLength(12)),
  /** The service's name in the header and page titles. */
  serviceName: nonEmpty,
  themeColour: v.pipe(v.string(), v.hexColor()),
  /** The landlord's published complaints policy (Code 3.4). */
  policyUrl: v.pipe(v.string(), v.url()),
  /** Other ways to complain (Code 3.1): every field shown where it is set. */
  contact: v.strictObject({
    phone: nonEmpty,
    phoneHours: v.pipe(v.array(OpeningHoursSchema), v.minLength(1)),
    email: v.pipe(v.string(), v.email()),
    address: v.pipe(v.array(nonEmpty), v.minLength(1)),
    textRelay: v.optional(nonEmpty),
  }),
  ombudsman: OmbudsmanSchema,
  /** A council (local authority) landlord: the Ombudsman page then says where homelessness and allocation complaints go. */
  council: v.optional(v.boolean()),
});

export type LandlordConfig = v.InferOutput<typeof LandlordConfigSchema>;

/** Throws a readable error naming each wrong field of the landlord configuration. */
export function checkLandlordConfig(raw: unknown): LandlordConfig {
  const result = v.safeParse(LandlordConfigSchema, raw);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  throw new Error(`shared/config/landlord.json is not valid: ${problems.join('; ')}`);
}

/**
 * `complaints-policy.json` beside landlord.json (read by the server only, so the residents' pages
 * never download it): Code 2.2, the circumstances in which the landlord's policy does not consider
 * a matter as a complaint or escalate it. Each is one of the Code's kinds (EXCLUSIONS); not
 * accepting a complaint or refusing its escalation must name one of these (2.4, 5.11).
 */
export const ComplaintsPolicySchema = v.strictObject({
  exclusions: v.pipe(v.array(v.picklist(EXCLUSIONS)), v.minLength(1)),
});

export type ComplaintsPolicy = v.InferOutput<typeof ComplaintsPolicySchema>;

/** Throws a readable error naming each wrong field of the complaints policy configuration. */
export function checkComplaintsPolicy(raw: unknown): ComplaintsPolicy {
  const result = v.safeParse(ComplaintsPolicySchema, raw);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  throw new Error(`shared/config/complaints-policy.json is not valid: ${problems.join('; ')}`);
}
