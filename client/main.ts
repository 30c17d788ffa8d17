import { createApp, createSSRApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { makeRouter, reloadOnStaleCode, resumeOnLaunch } from './router/index.ts';
import { initI18n, initialLanguage, rememberedLanguage, shareLanguage } from './i18n/index.ts';
import { useRouteFocus } from './router/route-focus.ts';
import { registerServiceWorker } from './pwa.ts';
import { useComplaintDraftStore } from './stores/complaint-draft.ts';
import { mayHaveSaved } from './offline/device-storage.ts';
import { onDeviceChange } from './offline/changes.ts';
import { onPageMayGo } from './offline/save-scheduler.ts';
import { canHydrate, readPrerendered } from './prerendered.ts';
import { LANGUAGE_COOKIE, cookieValue } from '../shared/pages.ts';
import './styles/main.css';

async function start() {
  const language = initialLanguage();
  // A choice made before the server read cookies: shared now, so the next page's HTML comes in it.
  const remembered = rememberedLanguage();
  if (remembered && cookieValue(document.cookie, LANGUAGE_COOKIE) !== remembered) shareLanguage(remembered);
  // The first language is loaded before the app takes over the page, so no page shows keys.
  await initI18n(language);
  const router = makeRouter();
  useRouteFocus(router);
  const pinia = createPinia();
  // The draft from before a reload, crash or update is back before the first page renders.
  const drafts = useComplaintDraftStore(pinia);
  await drafts.hydrate();
  resumeOnLaunch(router, drafts);
  // Code from an older version that no longer loads: the draft is saved, then the page reloads in the new version.
  reloadOnStaleCode(router, () => drafts.saveBeforeLeaving());
  // The first page is resolved before the app exists, to know whether the HTML the server sent is that page.
  await router.push(location.pathname + location.search + location.hash);
  await router.isReady();
  // The page's HTML, rendered at build time, is taken over as it is (hydrated) when it is the page the
  // app would show now; otherwise (another language chosen, a draft's answers, a launch that resumes
  // a draft) the app renders the page itself in its place.
  const prerendered = readPrerendered(document);
  const hydrate = canHydrate(prerendered, { language, route: String(router.currentRoute.value.name), hasDraft: drafts.hasDraft });
  const app = (hydrate ? createSSRApp(App) : createApp(App)).use(pinia).use(router);
  // The page is already readable (its HTML): taking it over waits for a task of its own, so the browser can
  // paint and answer a tap between running the scripts and hydrating (no one long task on a slow phone).
  await nextTask();
  app.mount('#app');

  // Not needed before someone acts: the service worker and the outbox sender load once the page is idle.
  afterIdle(() => {
    void registerServiceWorker();
    void startOutboxSender();
  });
  // A page that may be going (hidden, frozen, unloaded) saves at once rather than after the usual moment.
  onPageMayGo(() => void drafts.saveNow());
}

/**
 * The outbox is sent when the app opens, whenever the connection returns, and again while something waits
 * (and by Background Sync in the service worker, where the browser has it). A phone that never saved
 * anything has nothing to send: the sender (and IndexedDB's code) loads when an action first waits.
 */
async function startOutboxSender() {
  const start = (options?: { waitFirst: boolean }) =>
    import('./offline/retry-schedule.ts')
      .then(({ sendOutboxAutomatically }) => sendOutboxAutomatically(options))
      .catch(() => undefined); // an older version's code gone: the reload that follows sends it
  if (await mayHaveSaved()) return void start();
  const stop = onDeviceChange((change) => {
    if (change.type !== 'changed') return;
    stop();
    void start({ waitFirst: true });
  });
}

/** A new task of the event loop (scheduler.yield where the browser has it: the page's work keeps its place). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Once the page has loaded and the browser has a moment (Safari has no requestIdleCallback). */
function afterIdle(work: () => void) {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => work(), { timeout: 2000 }) : setTimeout(work, 200));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

void start();
