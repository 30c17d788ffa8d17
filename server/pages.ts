/**
 * The app's pages as HTML in the reader's language: the build rendered each
 * page in each language (client/build/prerender.ts → dist/html/); this sends the one
 * for the path, in the language chosen in the app (a cookie), else the first
 * the browser prefers that we have (Accept-Language), as the app itself chooses
 * on a first visit. A path no page has gets "page not found" with status 404;
 * a page that shows what is on the phone (check your answers, a receipt) gets
 * the app's shell, which renders it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { LANGUAGE_COOKIE, acceptedLanguages, chooseLanguage, choosePage, cookieValue, type PagesManifest } from '../shared/pages.ts';
import type { Language } from '../shared/languages.ts';

/**
 * The prerendered pages of the build in `staticDir`. The manifest is read again
 * when it changes (a new build put in place), and each page from disk as it is
 * sent (the operating system keeps them in memory), like the static files.
 */
export class Pages {
  #manifest: PagesManifest | null = null;
  #read = 0;
  #styleSources: string;

  constructor(readonly staticDir: string) {
    this.#styleSources = this.readStyleSources();
  }

  /** The manifest, or null for a build without prerendered pages. */
  manifest(): PagesManifest | null {
    const file = path.join(this.staticDir, 'html', 'manifest.json');
    const changed = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (changed !== this.#read) {
      this.#manifest = changed ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PagesManifest) : null;
      this.#read = changed;
      // A new build put in place: its pages carry their own styles.
      this.#styleSources = this.readStyleSources();
    }
    return this.#manifest;
  }

  /**
   * The Content-Security-Policy sources for the `<style>` elements of the build's pages (the app's stylesheet,
   * written into every page by client/build/inline-css.ts): their SHA-256 hashes, so that exactly these are allowed.
   * Every page is made from the shell, so the shell's are every page's.
   */
  styleSources(): string {
    return this.#styleSources;
  }

  private readStyleSources(): string {
    const shell = fs.readFileSync(path.join(this.staticDir, 'index.html'), 'utf8');
    return [...shell.matchAll(/<style>([\s\S]*?)<\/style>/g)]
      .map(([, css]) => `'sha256-${createHash('sha256').update(css!, 'utf8').digest('base64')}'`)
      .join(' ');
  }

  page(language: Language, name: string): string {
    return fs.readFileSync(path.join(this.staticDir, 'html', language, `${name}.html`), 'utf8');
  }

  shell(): string {
    return fs.readFileSync(path.join(this.staticDir, 'index.html'), 'utf8');
  }
}

/** The reader's language for a request. */
export function readerLanguage(c: Context): Language {
  return chooseLanguage(cookieValue(c.req.header('Cookie'), LANGUAGE_COOKIE), acceptedLanguages(c.req.header('Accept-Language')));
}

/** Sends the page for the request's path (or "page not found", 404); the shell for a build without pages. */
export function sendPage(c: Context, pages: Pages): Response {
  const manifest = pages.manifest();
  c.header('Cache-Control', 'no-cache');
  if (!manifest) return c.html(pages.shell());
  const choice = choosePage(manifest, c.req.path);
  // The answer depends on these two request headers: caches must keep one copy per language.
  c.header('Vary', 'Cookie, Accept-Language', { append: true });
  if (choice.kind === 'app') return c.html(pages.shell());
  const language = readerLanguage(c);
  c.header('Content-Language', language);
  return c.html(pages.page(language, choice.page), choice.status);
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
