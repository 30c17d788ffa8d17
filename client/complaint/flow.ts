/**
 * The "make a complaint" journey: one question per page (the GOV.UK pattern).
 * The order, which pages apply to which answers, and which fields each page
 * owns (so a problem is shown on the page that asks about it) live here.
 */
import type { ErrorCode, FieldIssue, IssuePath } from '../../shared/errors.ts';
import type { ComplaintDraft } from './draft.ts';
import { isLate } from './time-limit.ts';
import { STEP_SLUGS, type StepSlug } from '../router/route-table.ts';

export interface Step {
  /** Route name and path segment: /complaint/<slug>. */
  slug: StepSlug;
  /** Whether the page is part of the journey given the answers so far. */
  applies: (draft: ComplaintDraft) => boolean;
  /** The fields this page asks about, optionally only for some problems. */
  owns: { path: IssuePath; codes?: ErrorCode[] }[];
}

const always = () => true;

/** What each question page asks about and when it applies; their order is the route table's (STEP_SLUGS). */
const RULES: Record<StepSlug, Omit<Step, 'slug'>> = {
  who: { applies: always, owns: [{ path: ['submittedBy'] }] },
  representative: {
    applies: (d) => d.submittedBy === 'representative',
    owns: [{ path: ['representative'] }],
  },
  name: { applies: always, owns: [{ path: ['resident', 'name'] }] },
  address: {
    applies: always,
    owns: [
      { path: ['resident', 'address'], codes: ['address_or_tenancy', 'too_long', 'type'] },
      { path: ['resident', 'tenancyReference'] },
    ],
  },
  contact: {
    applies: always,
    owns: [
      { path: ['resident', 'preferredContact'] },
      { path: ['resident', 'email'] },
      { path: ['resident', 'phone'] },
      { path: ['resident', 'address'], codes: ['address_for_preferred'] },
    ],
  },
  'what-happened': { applies: always, owns: [{ path: ['complaint', 'description'] }] },
  when: {
    applies: always,
    owns: [{ path: ['complaint', 'happenedOn'] }, { path: ['complaint', 'stillHappening'] }],
  },
  'time-limit': { applies: isLate, owns: [{ path: ['complaint', 'delayReason'] }] },
  'service-request': {
    applies: always,
    owns: [{ path: ['complaint', 'aboutServiceRequest'] }, { path: ['complaint', 'serviceRequestReference'] }],
  },
  'others-affected': {
    applies: always,
    owns: [{ path: ['complaint', 'othersAffected'] }, { path: ['complaint', 'othersAffectedDetails'] }],
  },
  outcome: { applies: always, owns: [{ path: ['complaint', 'desiredOutcome'] }] },
  evidence: { applies: always, owns: [{ path: ['attachments'] }] },
  support: { applies: always, owns: [{ path: ['support'] }] },
};

export const STEPS: Step[] = STEP_SLUGS.map((slug) => ({ slug, ...RULES[slug] }));

export const CHECK_ANSWERS = 'check';

const startsWith = (path: IssuePath, prefix: IssuePath) => prefix.every((part, i) => path[i] === part);

/** The step whose page asks about the field with this problem. */
export function stepFor(issue: FieldIssue): Step | undefined {
  return STEPS.find((step) =>
    step.owns.some((own) => startsWith(issue.path, own.path) && (!own.codes || own.codes.includes(issue.code))),
  );
}

export function issuesFor(step: Step, issues: FieldIssue[]): FieldIssue[] {
  return issues.filter((issue) => stepFor(issue) === step);
}

export function stepBySlug(slug: string): Step | undefined {
  return STEPS.find((step) => step.slug === slug);
}

/** The next page after `slug`, skipping pages that do not apply; the check page after the last. */
export function nextSlug(slug: string, draft: ComplaintDraft): string {
  const index = STEPS.findIndex((step) => step.slug === slug);
  const next = STEPS.slice(index + 1).find((step) => step.applies(draft));
  return next ? next.slug : CHECK_ANSWERS;
}

/** The page before `slug`, or null for the first question (back to the start page). */
export function previousSlug(slug: string, draft: ComplaintDraft): string | null {
  const index = slug === CHECK_ANSWERS ? STEPS.length : STEPS.findIndex((step) => step.slug === slug);
  const previous = STEPS.slice(0, index).reverse().find((step) => step.applies(draft));
  return previous ? previous.slug : null;
}
