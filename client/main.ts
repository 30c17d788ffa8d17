import { createApp } from 'vue';
import { createPinia } from 'pinia';
import I18NextVue from 'i18next-vue';
import App from './App.vue';
import { makeRouter } from './router/index.ts';
import { initI18n } from './i18n/index.ts';
import { useRouteFocus } from './composables/use-route-focus.ts';
import './styles/main.css';

async function start() {
  // The first language is loaded before the first paint, so no page shows keys.
  const i18next = await initI18n();
  const router = makeRouter();
  useRouteFocus(router);
  const app = createApp(App).use(createPinia()).use(router).use(I18NextVue, { i18next });
  await router.isReady();
  app.mount('#app');
}

void start();
