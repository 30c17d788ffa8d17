/**
 * The app's strings: English is the source; each language's file is its own
 * chunk, loaded only when chosen (and precached for offline use). The choice
 * comes from the browser's preferences on the first visit, is remembered on the
 * device (and in a cookie, so the server sends the next page's HTML in it), and
 * sets `<html lang dir>`. Strings are looked up by translate.ts, i18next's
 * format without i18next's weight on the home page.
 */
import { ref, shallowReactive } from 'vue';
import { LANGUAGE_INFO, isLanguage, pickLanguage, type Language } from '../../shared/languages.ts';
import { LANGUAGE_CACHE, LANGUAGE_CACHE_KEY, LANGUAGE_COOKIE } from '../../shared/pages.ts';
import { resource, translate, type Messages, type TranslateOptions } from './translate.ts';

export const DEFAULT_LANGUAGE: Language = 'en';
const STORAGE_KEY = 'complaints:language';

/** The language chosen before on this device, if any. */
export function rememberedLanguage(): Language | null {
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

/** The language in use, reactive: every `t()` in a template follows it. */
export const currentLanguage = ref<Language>(DEFAULT_LANGUAGE);
/** Each language's strings once loaded; reactive, so a page waiting for a file re-renders when it comes. */
const resources = shallowReactive<Record<string, Messages | undefined>>({});
const listeners = new Set<(language: Language) => void>();

async function load(language: Language): Promise<void> {
  if (resources[language]) return;
  resources[language] = ((await import(`./locales/${language}.json`)) as { default: Messages }).default;
}

function applyToDocument(language: Language) {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  document.documentElement.dir = LANGUAGE_INFO[language].dir;
}

/** The strings, as i18next's interface that the app's code uses (t, language, changeLanguage, on). */
export const i18n = {
  get language(): Language {
    return currentLanguage.value;
  },
  t(key: string | readonly string[], options?: TranslateOptions): string {
    return translate(resources, currentLanguage.value, key, options, DEFAULT_LANGUAGE);
  },
  /** Strings already at hand (the prerenderer, tests): no loading. */
  addResources(language: Language, messages: Messages) {
    resources[language] = messages;
  },
  async changeLanguage(language: Language) {
    await load(language);
    const changed = currentLanguage.value !== language;
    currentLanguage.value = language;
    applyToDocument(language);
    if (changed) for (const listener of listeners) listener(language);
  },
  on(_event: 'languageChanged', listener: (language: Language) => void) {
    listeners.add(listener);
  },
  off(_event: 'languageChanged', listener: (language: Language) => void) {
    listeners.delete(listener);
  },
};
/** A language's strings, loaded if need be: for a part of the app that brings strings of its own (client/staff/i18n.ts). */
export async function messagesOf(language: Language): Promise<Messages> {
  await load(language);
  return resources[language]!;
}

/** The name the app's modules have always imported. */
export { i18n as i18next };

/** Loads the first language before the first paint and keeps `<html lang dir>` in step with it. */
export async function initI18n(lng: Language = initialLanguage()) {
  await i18n.changeLanguage(lng);
  return i18n;
}

/** Tells the server (cookie) and the service worker (a cache entry) which language pages should come in. */
export function shareLanguage(language: Language) {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${LANGUAGE_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax${secure}`;
  if ('caches' in window) {
    void caches
      .open(LANGUAGE_CACHE)
      .then((cache) => cache.put(LANGUAGE_CACHE_KEY, new Response(language)))
      .catch(() => undefined); // no Cache Storage (private browsing): offline pages follow the browser's language
  }
  // The service worker keeps this language's pages for offline use.
  navigator.serviceWorker?.controller?.postMessage({ type: 'CACHE_PAGES', language });
}

/** Switches language and remembers the choice on this device. */
export async function changeLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private browsing): the choice lasts for this visit.
  }
  shareLanguage(language);
  await i18n.changeLanguage(language);
}

/** Whether a fluent speaker has reviewed the current language's translation (recorded in its file's `_meta`). */
export function isReviewed(language: Language = currentLanguage.value): boolean {
  return resource(resources[language], '_meta.reviewed') === true;
}
