/**
 * Everything that varies by landlord, from one file: `landlord.json` beside
 * this one. Pages and emails read these values; none is written into a page.
 * Its shape is checked at build and start-up (landlord-schema.ts).
 */
import raw from './landlord.json' with { type: 'json' };
import type { LandlordConfig } from './landlord-schema.ts';

export type { LandlordConfig };

// JSON gives its words as plain strings (a day of the week is just a string to it): the
// check at build and start-up is what makes the file a LandlordConfig.
export const landlord = raw as LandlordConfig;
