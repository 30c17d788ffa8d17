/**
 * The console's routes, added to the app's router when /staff is first opened
 * (client/router/index.ts has the one route that loads them): every page but
 * sign-in and set-password needs a signed-in member; the staff members pages
 * need an administrator.
 */
import type { NavigationGuard, RouteLocationNormalized, RouteRecordRaw, Router } from 'vue-router';
import { STAFF_PATHS } from './paths.ts';
import { useStaffSessionStore } from './session.ts';
import { useStaffStrings } from './i18n.ts';
import CaseActionView from './views/CaseActionView.vue';
import CaseView from './views/CaseView.vue';
import QueueView from './views/QueueView.vue';
import ReportsView from './views/ReportsView.vue';
import StaffMembersView from './views/StaffMembersView.vue';
import StaffRemoveMemberView from './views/StaffRemoveMemberView.vue';
import StaffSetPasswordView from './views/StaffSetPasswordView.vue';
import StaffSignInView from './views/StaffSignInView.vue';

/** Signed out: to the sign-in page, coming back here after. (Guards take no `next`: they return where to go.) */
async function signedIn(to: RouteLocationNormalized) {
  const session = useStaffSessionStore();
  if (await session.refresh()) return true;
  return { name: 'staff-sign-in', query: to.fullPath === '/staff' ? {} : { next: to.fullPath } };
}

const requireSignedIn: NavigationGuard = (to) => signedIn(to);

/** Officers are sent to the console's first page. */
const requireAdmin: NavigationGuard = async (to) => {
  const allowed = await signedIn(to);
  if (allowed !== true) return allowed;
  return useStaffSessionStore().member?.role === 'admin' ? true : { name: 'staff-home' };
};

// The console is one lazy chunk (vite.config.ts): its views are imported here, not one by one.
export const staffRoutes: RouteRecordRaw[] = [
  // The console opens on the queue of open complaints.
  { path: STAFF_PATHS.home, alias: STAFF_PATHS.complaints, name: 'staff-home', component: QueueView, beforeEnter: requireSignedIn },
  { path: STAFF_PATHS.complaint, name: 'staff-case', component: CaseView, beforeEnter: requireSignedIn },
  { path: STAFF_PATHS.action, name: 'staff-case-action', component: CaseActionView, beforeEnter: requireSignedIn },
  { path: STAFF_PATHS.reports, name: 'staff-reports', component: ReportsView, beforeEnter: requireSignedIn },
  { path: STAFF_PATHS.signIn, name: 'staff-sign-in', component: StaffSignInView },
  { path: STAFF_PATHS.setPassword, name: 'staff-set-password', component: StaffSetPasswordView },
  { path: STAFF_PATHS.members, name: 'staff-members', component: StaffMembersView, beforeEnter: requireAdmin },
  { path: STAFF_PATHS.removeMember, name: 'staff-remove-member', component: StaffRemoveMemberView, beforeEnter: requireAdmin },
];

/** Adds the console's routes and strings; the navigation then starts again, to the page asked for. */
export async function installStaffConsole(router: Router, to: RouteLocationNormalized) {
  await useStaffStrings();
  for (const route of staffRoutes) if (!router.hasRoute(route.name!)) router.addRoute(route);
  // Anything else under /staff is the app's own "page not found".
  if (router.hasRoute('staff')) router.removeRoute('staff');
  return { path: to.path, query: to.query, hash: to.hash, replace: true };
}
