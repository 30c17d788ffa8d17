/**
 * Strings that a part of the app brings with it (the staff console, the complaint pages), in locale files of
 * their own: merged into the app's when that part opens, and for each language chosen after, so the home page
 * never downloads them. English is loaded too: the fallback for anything missing while another language loads.
 */
import { i18next, messagesOf } from './index.ts';
import type { Messages } from './translate.ts';
import { isLanguage, type Language } from '../../shared/languages.ts';

/** `from` merged into a copy of `into`, key by key (a part's error messages join the app's under `errors`). */
function merged(into: Messages, from: Messages): Messages {
  const out: Messages = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = out[key];
    out[key] = typeof value === 'object' && typeof existing === 'object' ? merged(existing, value) : value;
  }
  return out;
}

/** `locale(lng)` loads the part's strings in one language (a lazy import of its JSON); the result loads them for the languages in use. */
export function stringsPart(locale: (language: Language) => Promise<Messages>): () => Promise<void> {
  const loaded = new Set<Language>();
  let following = false;

  async function load(language: string): Promise<void> {
    const lng: Language = isLanguage(language) ? language : 'en';
    if (loaded.has(lng)) return;
    const [own, strings] = await Promise.all([messagesOf(lng), locale(lng)]);
    i18next.addResources(lng, merged(own, strings));
    loaded.add(lng);
  }

  return async function use(): Promise<void> {
    if (!following) {
      following = true;
      i18next.on('languageChanged', (lng) => void load(lng));
    }
    await Promise.all([load('en'), load(i18next.language)]);
  };
}
