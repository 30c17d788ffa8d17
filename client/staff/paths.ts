/**
 * The staff console's addresses: its routes (routes.ts) and, through the build's
 * pages manifest, the server and service worker, which send the app's shell for
 * them (no console page is prerendered: each shows who is signed in).
 */
export const STAFF_PATHS = {
  home: '/staff',
  /** The queue again, under the address of its complaints. */
  complaints: '/staff/complaints',
  complaint: '/staff/complaints/:reference',
  action: '/staff/complaints/:reference/:action',
  reports: '/staff/reports',
  signIn: '/staff/sign-in',
  setPassword: '/staff/set-password',
  members: '/staff/members',
  removeMember: '/staff/members/:id/remove',
} as const;
