/**
 * Opening hours from the landlord configuration (days and 24-hour times) in the
 * reader's language: "Monday to Friday, 8am to 6pm" (GOV.UK style in English),
 * "dydd Llun i dydd Gwener, 08:00 i 18:00". The days' names are in the locale
 * files, so this needs no Intl data the browser may lack.
 */
import { describeOpeningHours, type OpeningHours } from '../../shared/config/opening-hours.ts';
import { i18next } from './index.ts';

/** The hours in the language being read. */
export function formatOpeningHours(hours: readonly OpeningHours[]): string {
  return describeOpeningHours(hours, (key, values) => i18next.t(key, values), i18next.language);
}
