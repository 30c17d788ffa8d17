/**
 * Everything that varies by landlord, from one file: `landlord.json` beside
 * this one. Pages and emails read these values; none of them is written into a
 * page. Checked when the app is built and when the server starts.
 */
import * as v from 'valibot';
import raw from './landlord.json' with { type: 'json' };

const nonEmpty = v.pipe(v.string(), v.trim(), v.nonEmpty());

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
    phoneHours: nonEmpty,
    email: v.pipe(v.string(), v.email()),
    address: v.pipe(v.array(nonEmpty), v.minLength(1)),
    textRelay: v.optional(nonEmpty),
  }),
});

export type LandlordConfig = v.InferOutput<typeof LandlordConfigSchema>;

/** The landlord's configuration; throws at start-up (server) or build (app) if the file is wrong. */
export const landlord: LandlordConfig = v.parse(LandlordConfigSchema, raw);
