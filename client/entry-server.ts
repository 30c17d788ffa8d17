/**
 * Renders the app's pages to HTML at build time (client/build/prerender.ts runs it),
 * in each language, with the same components, router and strings the browser
 * uses, so the browser can take the HTML over as it is (client/main.ts).
 */
import { createSSRApp, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createPinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import App from './App.vue';
import NoScriptNotice from './components/NoScriptNotice.vue';
import { routes } from './router/index.ts';
import { STAFF_PATHS } from './staff/paths.ts';
import { i18n } from './i18n/index.ts';
import type { Messages } from './i18n/translate.ts';
import { LANGUAGES, LANGUAGE_INFO, type Language } from '../shared/languages.ts';
import type { PageToRender, RenderedPage } from '../shared/pages.ts';

export { LANGUAGES };

const locales = import.meta.glob<{ default: Messages }>('./i18n/locales/*.json', { eager: true });
for (const language of LANGUAGES) i18n.addResources(language, locales[`./i18n/locales/${language}.json`]!.default);

/** The information pages, the same for everyone. */
const INFO_ROUTES = ['home', 'drafts', 'outbox', 'ombudsman', 'not-found'];
/**
 * Pages that show what is on the phone (a draft's answers, a receipt) or ask the server (a complaint's page,
 * signing in with an emailed link): the app renders them.
 */
const APP_ROUTES = ['check', 'confirmation', 'delete-draft', 'complaint-page', 'complaint-correction', 'complaint-answer', 'complaint-escalate', 'complaint-summary', 'complaint-message', 'sign-in', 'sign-in-link'];


/** Every page rendered at build time: the information pages, and each question page (with no answers yet). */
export const PAGES: PageToRender[] = routes
  .filter((r) => typeof r.name === 'string' && !APP_ROUTES.includes(r.name))
  .map((r) => ({
    route: String(r.name),
    // "Page not found" is rendered for a path no route has.
    path: r.name === 'not-found' ? '/page-not-found' : r.path,
    kind: INFO_ROUTES.includes(String(r.name)) ? 'info' : 'question',
  }));

/** The app routes' paths (`/drafts/:id/delete`), for the server and service worker; and the staff console's. */
export const APP_ROUTE_PATHS = [
  ...routes.filter((r) => APP_ROUTES.includes(String(r.name))).map((r) => r.path),
  ...Object.values(STAFF_PATHS),
];


const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

async function render(component: Component, setup?: (app: ReturnType<typeof createSSRApp>) => void) {
  const app = createSSRApp(component);
  setup?.(app);
  return renderToString(app);
}

export async function renderPage(page: PageToRender, language: Language): Promise<RenderedPage> {
  await i18n.changeLanguage(language);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(page.path);
  await router.isReady();
  const html = await render(App, (app) => app.use(createPinia()).use(router));
  const heading = /<main[^>]*>[\s\S]*?<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
  // As client/router/page-title.ts writes it.
  const title = `${textOf(heading)} – ${i18n.t('app.service_name')}`;
  const noscript = await render(NoScriptNotice);
  return { html, noscript, title, lang: language, dir: LANGUAGE_INFO[language].dir };
}
