/**
 * The console's pages for complaints, lazy like the rest of the console: the queue, a case, an
 * action on a case, and the performance figures. Named so the pages link to each other by name.
 */
import type { RouteRecordRaw } from 'vue-router';

export const caseRoutes: RouteRecordRaw[] = [
  { path: 'complaints', name: 'staff-queue', component: () => import('./views/QueueView.vue') },
  { path: 'complaints/:reference', name: 'staff-case', component: () => import('./views/CaseView.vue') },
  { path: 'complaints/:reference/:action', name: 'staff-case-action', component: () => import('./views/CaseActionView.vue') },
  { path: 'reports', name: 'staff-reports', component: () => import('./views/ReportsView.vue') },
];
