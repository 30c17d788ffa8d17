/**
 * The strings of the complaint pages and the Ombudsman page (client/follow/locales/), merged into the app's
 * when one of those pages opens: the home page never downloads them.
 */
import { stringsPart } from '../i18n/strings-part.ts';
import type { Messages } from '../i18n/translate.ts';

export const useFollowStrings = stringsPart((lng) => import(`./locales/${lng}.json`).then((module: { default: Messages }) => module.default));
