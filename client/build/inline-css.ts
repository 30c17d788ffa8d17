/**
 * A Vite plugin that writes the app's stylesheet into the page itself (a `<style>` element in the built
 * `index.html`, and so in every prerendered page, client/build/prerender.ts) instead of a `<link>` to a file.
 * A linked stylesheet blocks the first paint until it has arrived: on a phone's connection that is one
 * more round trip after the HTML before anything shows.
 *
 * The stylesheet is the entry's (`assets/index-<hash>.css`, every residents' page's styles: Vite puts the
 * CSS of the chunks the entry shares into it). It is then not emitted. A lazy chunk that imports from the
 * entry lists the entry's JS and CSS among the files Vite's preload helper loads with it: there the CSS is
 * replaced by the entry's JS, which is loaded already (the helper loads each file once), and the build
 * fails if any code still names the CSS. A route's own stylesheet (the staff console's) stays a file its
 * code loads.
 *
 * The Content-Security-Policy allows exactly these elements by their SHA-256 hashes (server/pages.ts
 * styleSources), never 'unsafe-inline'.
 */
import type { Plugin } from 'vite';

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/index-[\w-]+\.css)">/g;

export function inlineCss(): Plugin {
  const inlined = new Set<string>();
  return {
    name: 'inline-css',
    apply: 'build',
    // After Vite's own plugins: the pages and the lazy chunks' preload lists are written by then.
    enforce: 'post',
    transformIndexHtml: {
      // After Vite has added the <link> for the entry's CSS.
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle;
        if (!bundle) return html;
        return html.replace(STYLESHEET_LINK, (link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          if (/<\/style/i.test(css)) return link;
          inlined.add(fileName);
          delete bundle[fileName];
          return `<style>${css}</style>`;
        });
      },
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const entry = Object.values(bundle).find((output) => output.type === 'chunk' && output.isEntry && output.name === 'index');
        if (!entry || entry.type !== 'chunk') return;
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk') continue;
          for (const fileName of inlined) output.code = output.code.replaceAll(`"${fileName}"`, `"${entry.fileName}"`);
        }
      },
    },
    writeBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const fileName of inlined) {
          if (output.code.includes(fileName)) throw new Error(`inline-css: ${output.fileName} still loads ${fileName}, which is now inside the pages`);
        }
      }
    },
  };
}
