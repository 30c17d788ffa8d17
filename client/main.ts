import { createApp } from 'vue';
import { createPinia } from 'pinia';
import I18NextVue from 'i18next-vue';
import App from './App.vue';
import { makeRouter, reloadOnStaleCode, resumeOnLaunch } from './router/index.ts';
import { initI18n } from './i18n/index.ts';
import { useRouteFocus } from './composables/use-route-focus.ts';
import { registerServiceWorker } from './composables/use-service-worker.ts';
import { useComplaintDraftStore } from './stores/complaint-draft.ts';
import { onPageMayGo } from './offline/save-scheduler.ts';
import './styles/main.css';

async function start() {
  // The first language is loaded before the first paint, so no page shows keys.
  const i18next = await initI18n();
  const router = makeRouter();
  useRouteFocus(router);
  const pinia = createPinia();
  const app = createApp(App).use(pinia).use(I18NextVue, { i18next });
  // The draft from before a reload, crash or update is back before the first page renders.
  const drafts = useComplaintDraftStore(pinia);
  await drafts.hydrate();
  resumeOnLaunch(router, drafts);
  // Code from an older version that no longer loads: the draft is saved, then the page reloads in the new version.
  reloadOnStaleCode(router, () => drafts.saveBeforeLeaving());
  app.use(router);
  await router.isReady();
  app.mount('#app');

  void registerServiceWorker();
  // The outbox is sent when the app opens, whenever the connection returns, and again while something waits
  // (and by Background Sync in the service worker, where the browser has it).
  // Loaded after the first paint: the home page does not wait for it.
  void import('./offline/retry-schedule.ts')
    .then(({ sendOutboxAutomatically }) => sendOutboxAutomatically())
    .catch(() => undefined); // an older version's code gone: the reload that follows sends it
  // A page that may be going (hidden, frozen, unloaded) saves at once rather than after the usual moment.
  onPageMayGo(() => void drafts.saveNow());
}

void start();
