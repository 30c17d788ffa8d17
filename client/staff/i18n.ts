/**
 * The console's strings, merged into the app's when the console opens (and for
 * each language chosen after): the residents' pages never download them.
 */
import { i18next, messagesOf } from '../i18n/index.ts';
import type { Messages } from '../i18n/translate.ts';
import { isLanguage, type Language } from '../../shared/languages.ts';

const loaded = new Set<Language>();

/** `from` merged into a copy of `into`, key by key (the console's error messages join the residents' under `errors`). */
function merged(into: Messages, from: Messages): Messages {
  const out: Messages = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = typeof value === 'object' && typeof existing === 'object' ? merged(existing, value) : value;
  }
  return out;
}

/** Loads the console's strings for `language` (once) into the app's translations. */
export async function loadStaffStrings(language: string): Promise<void> {
  const lng: Language = isLanguage(language) ? language : 'en';
  if (loaded.has(lng)) return;
  const [own, strings] = await Promise.all([
    messagesOf(lng),
    import(`./locales/${lng}.json`).then((module: { default: Messages }) => module.default),
  ]);
  i18next.addResources(lng, merged(own, strings));
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
