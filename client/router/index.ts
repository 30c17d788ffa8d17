/** The router: each route of the table (route-table.ts) with its view. Every view but the home page is loaded when first visited. */
import { START_LOCATION, createRouter, createWebHistory, type RouteComponent, type RouteRecordRaw, type Router } from 'vue-router';
import HomeView from '../views/HomeView.vue';
import { ROUTE_TABLE, type RouteName } from './route-table.ts';
import type { FollowPageName } from '../follow/pages.ts';

type View = RouteComponent | (() => Promise<RouteComponent | { default: RouteComponent }>);

/** The pages of sent complaints and the Ombudsman page: one chunk with their strings (client/follow/pages.ts). */
const follow = (name: FollowPageName) => () => import('../follow/pages.ts').then((pages) => pages.followPage(name));

/** The view of each route: a route in the table without one is a type error. */
const VIEWS: Record<RouteName, View> = {
  home: HomeView,
  who: () => import('../views/complaint/WhoView.vue'),
  representative: () => import('../views/complaint/RepresentativeView.vue'),
  name: () => import('../views/complaint/NameView.vue'),
  address: () => import('../views/complaint/AddressView.vue'),
  contact: () => import('../views/complaint/ContactView.vue'),
  'what-happened': () => import('../views/complaint/WhatHappenedView.vue'),
  when: () => import('../views/complaint/WhenView.vue'),
  'time-limit': () => import('../views/complaint/TimeLimitView.vue'),
  'service-request': () => import('../views/complaint/ServiceRequestView.vue'),
  'others-affected': () => import('../views/complaint/OthersAffectedView.vue'),
  outcome: () => import('../views/complaint/OutcomeView.vue'),
  evidence: () => import('../views/complaint/EvidenceView.vue'),
  support: () => import('../views/complaint/SupportView.vue'),
  check: () => import('../views/complaint/CheckAnswersView.vue'),
  confirmation: () => import('../views/complaint/ConfirmationView.vue'),
  'sign-in': follow('sign-in'),
  'sign-in-link': follow('sign-in-link'),
  outbox: () => import('../views/OutboxView.vue'),
  // Its list of sent complaints uses the complaint pages' strings and code.
  drafts: follow('drafts'),
  'delete-draft': () => import('../views/DeleteDraftView.vue'),
  'complaint-page': follow('complaint-page'),
  'complaint-correction': follow('complaint-correction'),
  'complaint-answer': follow('complaint-answer'),
  'complaint-escalate': follow('complaint-escalate'),
  'complaint-summary': follow('complaint-summary'),
  'complaint-message': follow('complaint-message'),
  ombudsman: follow('ombudsman'),
  'not-found': () => import('../views/NotFoundView.vue'),
};

export const routes: RouteRecordRaw[] = ROUTE_TABLE.map(({ name, path }) => ({ name, path, component: VIEWS[name] }));

export function makeRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash } : { top: 0 }),
  });
  // The staff console (client/staff/): its routes, views and strings load only when a /staff page is opened.
  router.addRoute({ path: '/staff/:rest(.*)*', name: 'staff', component: () => import('../views/NotFoundView.vue'), beforeEnter: (to) => import('../staff/routes.ts').then(({ installStaffConsole }) => installStaffConsole(router, to)) });
  return router;
}

/** Where the installed app opens (the manifest's start_url): the home page, marked as a launch. */
export const LAUNCH_QUERY = { launch: 'app' } as const;

/**
 * The installed app opens at its start_url, not where the person was. After a flat
 * battery, a closed app or an update, a launch goes straight back to the page of the
 * unfinished complaint. A home page opened in a browser tab stays the home page.
 */
export function resumeOnLaunch(router: Router, drafts: { hasDraft: boolean; step: string }) {
  const stop = router.beforeEach((to, from) => {
    stop();
    if (from !== START_LOCATION || to.name !== 'home' || to.query.launch !== LAUNCH_QUERY.launch) return true;
    return drafts.hasDraft && router.hasRoute(drafts.step) ? { name: drafts.step, replace: true } : { name: 'home', replace: true };
  });
}

/** The route last reloaded for because its code would not load, so a reload is tried only once per route. */
const RELOADED_FOR_KEY = 'complaints:reloaded-for';
/** A route's code that no longer loads, as Chromium, Firefox, Safari and Vite's preload helper word it. */
const STALE_CHUNK = /dynamically imported module|Importing a module script failed|Unable to preload CSS/i;

/**
 * A new version was published while this tab ran the old one (another tab
 * pressed "Reload", or the old files are gone from the server): the next page's
 * code no longer loads. Saves what is needed, then loads that page afresh, in
 * the new version, once; never otherwise, so nothing typed is ever lost.
 */
export function reloadOnStaleCode(router: Router, beforeReload: () => Promise<void>) {
  router.onError(async (error: unknown, to) => {
    if (!(error instanceof Error) || !STALE_CHUNK.test(error.message)) return;
    try {
      // Once per route: if the new version cannot load it either, the error stands rather than a reload loop.
      if (sessionStorage.getItem(RELOADED_FOR_KEY) === to.fullPath) return;
      sessionStorage.setItem(RELOADED_FOR_KEY, to.fullPath);
    } catch {
      return; // No session storage, so no guard against a loop: no reload.
    }
    try {
      await beforeReload();
    } catch {
      // Not saved (out of space): no reload, so nothing typed is lost; the error stands.
      sessionStorage.removeItem(RELOADED_FOR_KEY);
      return;
    }
    window.location.assign(to.fullPath);
  });
  // A page shown means its code loads: a later version may reload once more.
  router.afterEach((_to, _from, failure) => {
    if (failure) return;
    try {
      sessionStorage.removeItem(RELOADED_FOR_KEY);
    } catch {
      // Nothing was stored.
    }
  });
}
