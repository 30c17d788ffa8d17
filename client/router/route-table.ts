/**
 * Every page of the residents' app, by name and path: the one list. The router
 * (index.ts) gives each its view, the journey (complaint/flow.ts) takes the
 * order of its questions from STEP_SLUGS, and the browser tests open each path.
 * Pure data, no Vue, so the tests can import it.
 */

/** The questions of "make a complaint", in order: /complaint/<slug>. */
export const STEP_SLUGS = [
  'who',
  'representative',
  'name',
  'address',
  'contact',
  'what-happened',
  'when',
  'time-limit',
  'service-request',
  'others-affected',
  'outcome',
  'evidence',
  'support',
] as const;
export type StepSlug = (typeof STEP_SLUGS)[number];

export const ROUTE_TABLE = [
  { name: 'home', path: '/' },
  ...STEP_SLUGS.map((slug) => ({ name: slug, path: `/complaint/${slug}` }) as const),
  { name: 'check', path: '/complaint/check' },
  { name: 'confirmation', path: '/complaint/confirmation' },
  // Residents and representatives sign in by email on another device (server/routes/resident-sessions.ts).
  { name: 'sign-in', path: '/sign-in' },
  { name: 'sign-in-link', path: '/sign-in/link' },
  { name: 'outbox', path: '/complaint/outbox' },
  { name: 'drafts', path: '/drafts' },
  { name: 'delete-draft', path: '/drafts/:id/delete' },
  { name: 'complaint-page', path: '/complaints/:reference' },
  { name: 'complaint-correction', path: '/complaints/:reference/not-quite-right' },
  { name: 'complaint-answer', path: '/complaints/:reference/questions/:id' },
  { name: 'complaint-escalate', path: '/complaints/:reference/stage-2' },
  { name: 'complaint-summary', path: '/complaints/:reference/summary' },
  { name: 'complaint-message', path: '/complaints/:reference/message' },
  { name: 'ombudsman', path: '/ombudsman' },
  { name: 'not-found', path: '/:pathMatch(.*)*' },
] as const;
export type RouteName = (typeof ROUTE_TABLE)[number]['name'];
