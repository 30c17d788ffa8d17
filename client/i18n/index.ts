/**
 * i18next for the app: English is the source; each language's file is its own
 * chunk, loaded only when chosen (and precached for offline use). The choice
 * comes from the browser's preferences on the first visit, is remembered on the
 * device, and sets `<html lang dir>`.
 */
import { ref } from 'vue';
import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { LANGUAGES, LANGUAGE_INFO, isLanguage, pickLanguage, type Language } from '../../shared/languages.ts';

export const DEFAULT_LANGUAGE: Language = 'en';
const STORAGE_KEY = 'complaints:language';

function rememberedLanguage(): Language | null {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved && isLanguage(saved) ? saved : null;
  } catch {
    return null;
  }
}

/** The language to start in: the one chosen before on this device, else the browser's preference. */
export function initialLanguage(): Language {
  return rememberedLanguage() ?? pickLanguage(navigator.languages ?? [navigator.language]);
}

/** The language in use, reactive for the switcher and notices. */
export const currentLanguage = ref<Language>(DEFAULT_LANGUAGE);

function applyToDocument(language: string) {
  const lng = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  currentLanguage.value = lng;
  document.documentElement.lang = lng;
  document.documentElement.dir = LANGUAGE_INFO[lng].dir;
}

/** Loads the first language before the first paint and keeps `<html lang dir>` in step with it. */
export async function initI18n(lng: Language = initialLanguage()) {
  i18next.on('languageChanged', applyToDocument);
  await i18next
    .use(resourcesToBackend((language: string) => import(`./locales/${language}.json`)))
    .init({
      lng,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      load: 'languageOnly',
      interpolation: { escapeValue: false }, // Vue escapes what it renders.
      returnNull: false,
    });
  applyToDocument(i18next.language);
  return i18next;
}

/** Switches language and remembers the choice on this device. */
export async function changeLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private browsing): the choice lasts for this visit.
  }
  await i18next.changeLanguage(language);
}

/** Whether a fluent speaker has reviewed the current language's translation (recorded in its file's `_meta`). */
export function isReviewed(language: string = i18next.language): boolean {
  return i18next.getResource(language, 'translation', '_meta.reviewed') === true;
}

export { i18next };
