/**
 * The pages rendered to HTML at build time (client/build/prerender.ts), and which one a
 * request gets: used by the server (server/pages.ts) and the service worker, so
 * both answer a path and a reader's language the same way. No DOM, no Node.
 */
import { isLanguage, pickLanguage, type Language } from './languages.ts';

/** The cookie the app sets when someone chooses a language, so the server sends the next page in it. */
export const LANGUAGE_COOKIE = 'complaints-language';

/** Where the app leaves the chosen language for the service worker, which cannot read cookies or localStorage. */
export const LANGUAGE_CACHE = 'complaints-settings';
export const LANGUAGE_CACHE_KEY = '/settings/language';

/** The service worker's cache of one language's pages of one build. */
export const pagesCacheName = (build: string, language: Language) => `complaints-pages-${build}-${language}`;
/** Where a page's HTML is: `/html/cy/who.html`. */
export const pageUrl = (language: Language, page: string) => `/html/${language}/${page}.html`;

/** What the build writes to `dist/html/manifest.json`. */
export interface PagesManifest {
  /** Changes with every build: the service worker keeps the pages of one build together. */
  build: string;
  languages: Language[];
  /** Path → page name: `dist/html/<language>/<page>.html`. */
  pages: Record<string, string>;
  /** Routes of the app that depend on what is on the phone (a draft, a receipt): the app renders them (`/index.html`). */
  appRoutes: string[];
  /** The page for any other path, sent with status 404. */
  notFound: string;
}

export type PageChoice =
  | { kind: 'page'; page: string; status: 200 }
  | { kind: 'app'; status: 200 }
  | { kind: 'page'; page: string; status: 404 };

/** `/drafts/:id/delete` → a RegExp for it. */
function routePattern(route: string): RegExp {
  const source = route
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** One page the build renders (client/entry-server.ts); `kind` says whether it can differ from person to person. */
export interface PageToRender {
  /** The route's name: `home`, `who`, `not-found`. */
  route: string;
  path: string;
  /** `info`: the same for everyone; `question`: a question page, rendered with no answers. */
  kind: 'info' | 'question';
}

/** A page rendered in one language, as client/build/prerender.ts puts it into the built index.html. */
export interface RenderedPage {
  /** What goes inside `<div id="app">`. */
  html: string;
  /** What goes inside `<noscript>`. */
  noscript: string;
  title: string;
  lang: Language;
  dir: 'ltr' | 'rtl';
}

/** What client/entry-server.ts exports for the build. */
export interface PageRenderer {
  LANGUAGES: readonly Language[];
  PAGES: PageToRender[];
  APP_ROUTE_PATHS: string[];
  renderPage(page: PageToRender, language: Language): Promise<RenderedPage>;
}

/** The page for a path (a trailing slash is the same page). */
export function choosePage(manifest: PagesManifest, pathname: string): PageChoice {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const page = manifest.pages[path];
  if (page) return { kind: 'page', page, status: 200 };
  if (manifest.appRoutes.some((route) => routePattern(route).test(path))) return { kind: 'app', status: 200 };
  return { kind: 'page', page: manifest.notFound, status: 404 };
}

/** The languages an Accept-Language header lists, most preferred first (`cy-GB, en;q=0.8` → `['cy-GB', 'en']`). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ tag, q }) => tag && tag !== '*' && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}

/** The reader's language: the one chosen in the app (cookie), else the browser's preference, as the app chooses on a first visit. */
export function chooseLanguage(chosen: string | null | undefined, preferred: readonly string[]): Language {
  if (chosen && isLanguage(chosen)) return chosen;
  return pickLanguage(preferred);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined; // a malformed value names no choice
    }
  }
  return undefined;
}
