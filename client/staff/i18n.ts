/**
 * The console's strings, merged into the app's when the console opens (and for
 * each language chosen after): the residents' pages never download them.
 */
import { i18next } from '../i18n/index.ts';
import { isLanguage } from '../../shared/languages.ts';

const loaded = new Set<string>();

/** Loads the console's strings for `language` (once) into the app's translations. */
export async function loadStaffStrings(language: string): Promise<void> {
  const lng = isLanguage(language) ? language : 'en';
  if (loaded.has(lng)) return;
  const strings = ((await import(`./locales/${lng}.json`)) as { default: Record<string, unknown> }).default;
  // Deep, so the console's error messages join the residents' under `errors`.
  i18next.addResourceBundle(lng, 'translation', strings, true, false);
  loaded.add(lng);
}

let following = false;

/** Loads the strings for the language in use, and for every language chosen from now on. */
export async function useStaffStrings(): Promise<void> {
  if (!following) {
    following = true;
    i18next.on('languageChanged', (lng) => void loadStaffStrings(lng));
  }
  // English too: the fallback for anything missing while another language loads.
  await Promise.all([loadStaffStrings('en'), loadStaffStrings(i18next.language)]);
}
