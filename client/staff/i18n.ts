/**
 * The console's strings, merged into the app's when the console opens (and for
 * each language chosen after): the residents' pages never download them.
 */
import { stringsPart } from '../i18n/strings-part.ts';
import type { Messages } from '../i18n/translate.ts';

/** Loads the strings for the language in use, and for every language chosen from now on. */
export const useStaffStrings = stringsPart((lng) => import(`./locales/${lng}.json`).then((module: { default: Messages }) => module.default));
