/**
 * The strings of the complaint pages (client/follow/locales/), merged into the app's when one of those
 * pages opens (and for each language chosen after): the home page never downloads them.
 */
import { i18next, messagesOf } from '../i18n/index.ts';
import type { Messages } from '../i18n/translate.ts';
import { isLanguage, type Language } from '../../shared/languages.ts';

const loaded = new Set<Language>();

async function loadFollowStrings(language: string): Promise<void> {
  const lng: Language = isLanguage(language) ? language : 'en';
  if (loaded.has(lng)) return;
  const [own, strings] = await Promise.all([
    messagesOf(lng),
    import(`./locales/${lng}.json`).then((module: { default: Messages }) => module.default),
  ]);
  i18next.addResources(lng, { ...own, ...strings });
  loaded.add(lng);
}

let following = false;

/** Loads the strings for the language in use (and English, the fallback), and for every language chosen from now on. */
export async function useFollowStrings(): Promise<void> {
  if (!following) {
    following = true;
    i18next.on('languageChanged', (lng) => void loadFollowStrings(lng));
  }
  await Promise.all([loadFollowStrings('en'), loadFollowStrings(i18next.language)]);
}
