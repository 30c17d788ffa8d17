/**
 * A Vite plugin that renders every page of the app to HTML at build time, in
 * each of its languages: after the browser build, it builds
 * client/entry-server.ts for Node, renders each page with Vue's server
 * renderer, and writes `dist/html/<language>/<page>.html` (the built
 * `index.html` with the page inside `#app`, its title, `lang` and `dir`, and a
 * translated `<noscript>`) and `dist/html/manifest.json`, which
 * server/pages.ts and the service worker read (shared/pages.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type InlineConfig, type Plugin, type ResolvedConfig } from 'vite';
import type { PageRenderer, PagesManifest, RenderedPage } from '../../shared/pages.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PrerenderOptions {
  /** The server entry, relative to Vite's root. */
  entry: string;
  /** The parts of the app's Vite config the server build needs too (the Vue plugin, aliases, defines). */
  serverBuild: Pick<InlineConfig, 'plugins' | 'resolve' | 'define'>;
}

/** The built `index.html` with one rendered page in it. */
export function fillTemplate(template: string, page: RenderedPage, attributes: Record<string, string>): string {
  const appAttributes = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  const replaced = template
    .replace(/<html[^>]*>/, `<html lang="${page.lang}" dir="${page.dir}">`)
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
    .replace(/<noscript>[\s\S]*?<\/noscript>/, `<noscript>${page.noscript}</noscript>`)
    .replace('<div id="app"></div>', `<div id="app"${appAttributes}>${page.html}</div>`);
  if (!replaced.includes(`<div id="app"${appAttributes}>`)) throw new Error('prerender: index.html has no <div id="app"></div>');
  return replaced;
}

export function prerender(options: PrerenderOptions): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'prerender-pages',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      // Before vite-plugin-pwa writes the service worker (its closeBundleOrder is 'post'), which precaches the manifest.
      order: 'pre',
      sequential: true,
      async handler(error?: Error) {
        if (error || config.build.ssr) return;
        const outDir = path.resolve(config.root, config.build.outDir);
        // A folder of this build's own (node_modules/.tmp, so the bundle's bare imports resolve): two checkouts
        // sharing node_modules (git worktrees) can build at once. Removed once the pages are written.
        const tmp = path.resolve(config.root, '../node_modules/.tmp');
        fs.mkdirSync(tmp, { recursive: true });
        const serverOutDir = fs.mkdtempSync(path.join(tmp, 'prerender-'));
        try {
          await build({
            configFile: false,
            root: config.root,
            logLevel: 'warn',
            mode: config.mode,
            ...options.serverBuild,
            build: { ssr: options.entry, outDir: serverOutDir, emptyOutDir: true, target: 'node20', rollupOptions: { output: { format: 'es' } } },
          });
          const entryFile = path.join(serverOutDir, `${path.basename(options.entry, path.extname(options.entry))}.js`);
          const entry = (await import(`${pathToFileURL(entryFile).href}?${Date.now()}`)) as PageRenderer;

          const template = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
          const htmlDir = path.join(outDir, 'html');
          fs.rmSync(htmlDir, { recursive: true, force: true });
          const hash = crypto.createHash('sha256');
          const pages: Record<string, string> = {};
          let notFound = '';
          for (const page of entry.PAGES) {
            if (page.route === 'not-found') notFound = page.route;
            else pages[page.path] = page.route;
            for (const language of entry.LANGUAGES) {
              const rendered = await entry.renderPage(page, language);
              const html = fillTemplate(template, rendered, {
                'data-prerendered-language': language,
                'data-prerendered-route': page.route,
                'data-prerendered-kind': page.kind,
              });
              fs.mkdirSync(path.join(htmlDir, language), { recursive: true });
              fs.writeFileSync(path.join(htmlDir, language, `${page.route}.html`), html);
              hash.update(html);
            }
          }
          if (!notFound) throw new Error('prerender: no "not-found" route');
          const manifest: PagesManifest = {
            build: hash.digest('hex').slice(0, 16),
            languages: [...entry.LANGUAGES],
            pages,
            appRoutes: entry.APP_ROUTE_PATHS,
            notFound,
          };
          fs.writeFileSync(path.join(htmlDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
          config.logger.info(
            `prerendered ${entry.PAGES.length} pages in ${entry.LANGUAGES.length} languages to ${path.relative(process.cwd(), htmlDir)}/`,
          );
        } finally {
          fs.rmSync(serverOutDir, { recursive: true, force: true });
        }
      },
    },
  };
}
