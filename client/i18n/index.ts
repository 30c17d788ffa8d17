/**
 * i18next for the app: English is the source; each language's file is its own
 * chunk, loaded only when chosen. `<html lang dir>` follows the language.
 */
import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';

export const DEFAULT_LANGUAGE = 'en';

/** Loads the first language and keeps `<html lang dir>` in step with it. */
export async function initI18n(lng: string = DEFAULT_LANGUAGE) {
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    document.documentElement.dir = i18next.dir(language);
  });
  await i18next
    .use(resourcesToBackend((language: string) => import(`./locales/${language}.json`)))
    .init({
      lng,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: ['en'],
      interpolation: { escapeValue: false }, // Vue escapes what it renders.
      returnNull: false,
    });
  return i18next;
}

export { i18next };
