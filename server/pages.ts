/**
 * The app's pages as HTML in the reader's language: the build rendered each
 * page in each language (build/prerender.ts → dist/html/); this sends the one
 * for the path, in the language chosen in the app (a cookie), else the first
 * the browser prefers that we have (Accept-Language), as the app itself chooses
 * on a first visit. A path no page has gets "page not found" with status 404;
 * a page that shows what is on the phone (check your answers, a receipt) gets
 * the app's shell, which renders it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { LANGUAGE_COOKIE, acceptedLanguages, chooseLanguage, choosePage, cookieValue, type PagesManifest } from '../shared/pages.ts';
import type { Language } from '../shared/languages.ts';

export interface Pages {
  manifest: PagesManifest;
  /** `<language>/<page>` → HTML */
  html: Map<string, string>;
  shell: string;
}

/** Reads the prerendered pages of a build; null for a build without them. */
export function loadPages(staticDir: string): Pages | null {
  const manifestFile = path.join(staticDir, 'html', 'manifest.json');
  if (!fs.existsSync(manifestFile)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PagesManifest;
  const html = new Map<string, string>();
  const names = [...new Set([...Object.values(manifest.pages), manifest.notFound])];
  for (const language of manifest.languages) {
    for (const name of names) html.set(`${language}/${name}`, fs.readFileSync(path.join(staticDir, 'html', language, `${name}.html`), 'utf8'));
  }
  return { manifest, html, shell: fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8') };
}

/** The reader's language for a request. */
export function readerLanguage(c: Context): Language {
  return chooseLanguage(cookieValue(c.req.header('Cookie'), LANGUAGE_COOKIE), acceptedLanguages(c.req.header('Accept-Language')));
}

/** Sends the page for the request's path (or "page not found", 404). */
export function sendPage(c: Context, pages: Pages): Response {
  const choice = choosePage(pages.manifest, c.req.path);
  // The answer depends on these two request headers: caches must keep one copy per language.
  c.header('Vary', 'Cookie, Accept-Language', { append: true });
  c.header('Cache-Control', 'no-cache');
  if (choice.kind === 'app') return c.html(pages.shell);
  const language = readerLanguage(c);
  c.header('Content-Language', language);
  return c.html(pages.html.get(`${language}/${choice.page}`)!, choice.status);
}

/** A request for a page rather than a file: no extension in its last segment (`/complaint/who`, not `/sw.js`). */
const isPagePath = (pathname: string) => !/\.[^/]*$/.test(pathname);

/**
 * Mounted before the static files: answers GET (and HEAD) for page paths. Files
 * are left to the static handler; a file that is not there gets `sendPage`'s
 * 404 from the app's last handler.
 */
export function pageRoutes(pages: Pages) {
  return new Hono().get('*', async (c, next) => {
    if (!isPagePath(c.req.path)) return next();
    return sendPage(c, pages);
  });
}
