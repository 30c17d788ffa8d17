/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';
import { landlord } from './shared/config/landlord.ts';
import { checkLandlordConfig } from './shared/config/landlord-schema.ts';
import { describeOpeningHours } from './shared/config/opening-hours.ts';
import en from './client/i18n/locales/en.json' with { type: 'json' };
import { prerender } from './client/build/prerender.ts';
import { inlineCss } from './client/build/inline-css.ts';

/** The components' `useTranslation` is the app's own (client/i18n/vue.ts): i18next's format, not its weight. */
const resolve = { alias: { 'i18next-vue': fileURLToPath(new URL('./client/i18n/vue.ts', import.meta.url)) } };
const define = {
  // Composition API only, and no devtools in what phones download.
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
};

// The build stops with a clear message if the landlord configuration is wrong.
checkLandlordConfig(landlord);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A string from the English locale file, with its {{values}} filled in. */
function englishText(key: string, values: Record<string, string> = {}): string {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en);
  return String(text).replace(/{{(\w+)}}/g, (_, name: string) => values[name] ?? '');
}

/**
 * What a phone with JavaScript off shows instead of the app (English: the language files need
 * JavaScript): the other ways to complain (Code 3.1), from the landlord configuration.
 */
function noscriptHtml(): string {
  const { name, contact } = landlord;
  const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const ways = [
    `by phone on ${link(`tel:${contact.phone.replace(/\s/g, '')}`, contact.phone)} (${escapeHtml(describeOpeningHours(contact.phoneHours, englishText, 'en'))})`,
    ...(contact.textRelay ? [`by Relay UK on ${escapeHtml(contact.textRelay)}`] : []),
    `by email to ${link(`mailto:${contact.email}`, contact.email)}`,
    `by post to ${escapeHtml(contact.address.join(', '))}`,
  ];
  return (
    `<p>This service needs JavaScript. You can also complain to ${escapeHtml(name)} ${ways.slice(0, -1).join(', ')} ` +
    `or ${ways.at(-1)}, or in person to any member of staff. ${link(landlord.policyUrl, `Read the ${name} complaints policy`)}.</p>`
  );
}

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  resolve,
  plugins: [
    vue(),
    // The stylesheet inside the page: nothing to fetch before the first paint.
    inlineCss(),
    // Every page as HTML in every language (dist/html/), from client/entry-server.ts.
    prerender({ entry: 'entry-server.ts', serverBuild: { plugins: [vue()], resolve, define } }),
    {
      // The browser's theme colour comes from the landlord configuration, like the manifest's.
      name: 'landlord-theme-colour',
      transformIndexHtml: () => [{ tag: 'meta', attrs: { name: 'theme-color', content: landlord.themeColour }, injectTo: 'head' }],
    },
    {
      // So is the text shown without JavaScript: its contact channels are the landlord's.
      name: 'landlord-noscript',
      transformIndexHtml: () => [{ tag: 'noscript', children: noscriptHtml(), injectTo: 'body-prepend' }],
    },
    VitePWA({
      // 'prompt' from day one: a new version waits for the person to choose "Reload".
      registerType: 'prompt',
      // After client/build/prerender.ts has written dist/html/manifest.json, which the service worker precaches.
      integration: { closeBundleOrder: 'post' },
      injectRegister: false,
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      manifest: {
        id: '/',
        name: `${landlord.serviceName} – ${landlord.name}`,
        short_name: landlord.shortName,
        description: `Make a complaint to ${landlord.name} and follow it, even with no signal.`,
        lang: 'en',
        dir: 'ltr',
        // A launch of the installed app: brings the person back to an unfinished complaint (client/router).
        start_url: '/?launch=app',
        scope: '/',
        display: 'standalone',
        theme_color: landlord.themeColour,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The shell, every route's code and every language file; icons are in the manifest, not precached twice.
        // The prerendered pages are cached per language by the service worker itself (client/sw.ts), not all ten here.
        globPatterns: ['**/*.{js,css,html,svg}', 'html/manifest.json'],
        // …and the staff console (client/staff/) is for staff at work, online: residents' phones never store it.
        globIgnores: ['html/*/*.html', '**/assets/staff-*'],
        rollupFormat: 'iife',
      },
    }),
  ],
  define,
  build: {
    outDir: '../dist',
    // Browsers this build targets (ES2022) preload modules themselves.
    modulePreload: { polyfill: false },
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // A chunk a console module starts (a lazy import's own chunk) is named staff-* too.
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId && /[\\/]client[\\/]staff[\\/]/.test(chunk.facadeModuleId)
            ? 'assets/staff-[name]-[hash].js'
            : 'assets/[name]-[hash].js',
        codeSplitting: {
          // Only the console's own modules: what it shares with the residents' pages (vue, the form fields) stays shared.
          includeDependenciesRecursively: false,
          groups: [
            {
              // The staff console in chunks of its own, named staff-*, so they can be kept out of the residents'
              // precache (above) and the home-page budget test can prove none of it is on the home page.
              name: (id: string) => {
                const locale = /[\\/]client[\\/]staff[\\/]locales[\\/](\w+)\.json$/.exec(id);
                if (locale) return `staff-locale-${locale[1]}`;
                if (/[\\/]client[\\/]staff[\\/]|[\\/]shared[\\/]schemas[\\/]staff\.ts$/.test(id)) return 'staff';
                // The complaint's lifecycle and its deadlines, which the console and the residents' complaint pages
                // (client/views/follow/) both use: a chunk of their own, so residents never need a staff-* file.
                if (/[\\/]shared[\\/](lifecycle|lifecycle-events|deadlines)\.ts$/.test(id)) return 'lifecycle';
                // The one JSON request (the console's calls today, residents' signed-in pages next): a chunk of its own,
                // or the bundler makes a second staff-* file around the console's lazy entry just to hold it.
                return /[\\/]client[\\/]api[\\/]json-request\.ts$/.test(id) ? 'json-request' : null;
              },
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  test: {
    root: '.',
    // Two workers on CI's two cores: the API and unit files run beside the end-to-end files, which run one at a time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'api',
          root: '.',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-e2e.ts'],
          // Every test fails on a Content-Security-Policy violation in any page it opened.
          setupFiles: ['test/support/csp-guard.ts'],
          // One browser and one server at a time: CI has two cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A page in the browser answers when the machine lets it: conditions are polled for up to 15 s, not the
          // default 1 s (hydration and a language file took longer than that on a busy 2-core machine).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
