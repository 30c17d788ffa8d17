/**
 * The "make a complaint" journey: one question per page (the GOV.UK pattern).
 * The order, which pages apply to which answers, and which fields each page
 * owns (so a problem is shown on the page that asks about it) live here.
 */
import type { ErrorCode, FieldIssue, IssuePath } from '../../shared/errors.ts';
import { isLate, type ComplaintDraft } from './draft.ts';

export interface Step {
  /** Route name and path segment: /complaint/<slug>. */
  slug: string;
  /** Whether the page is part of the journey given the answers so far. */
  applies: (draft: ComplaintDraft) => boolean;
  /** The fields this page asks about, optionally only for some problems. */
  owns: { path: IssuePath; codes?: ErrorCode[] }[];
}

const always = () => true;

export const STEPS: Step[] = [
  { slug: 'who', applies: always, owns: [{ path: ['submittedBy'] }] },
  {
    slug: 'representative',
    applies: (d) => d.submittedBy === 'representative',
    owns: [{ path: ['representative'] }],
  },
  { slug: 'name', applies: always, owns: [{ path: ['resident', 'name'] }] },
  {
    slug: 'address',
    applies: always,
    owns: [
      { path: ['resident', 'address'], codes: ['address_or_tenancy', 'too_long', 'type'] },
      { path: ['resident', 'tenancyReference'] },
    ],
  },
  {
    slug: 'contact',
    applies: always,
    owns: [
      { path: ['resident', 'preferredContact'] },
      { path: ['resident', 'email'] },
      { path: ['resident', 'phone'] },
      { path: ['resident', 'address'], codes: ['address_for_preferred'] },
    ],
  },
  { slug: 'what-happened', applies: always, owns: [{ path: ['complaint', 'description'] }] },
  {
    slug: 'when',
    applies: always,
    owns: [{ path: ['complaint', 'happenedOn'] }, { path: ['complaint', 'stillHappening'] }],
  },
  { slug: 'time-limit', applies: isLate, owns: [{ path: ['complaint', 'delayReason'] }] },
  {
    slug: 'service-request',
    applies: always,
    owns: [{ path: ['complaint', 'aboutServiceRequest'] }, { path: ['complaint', 'serviceRequestReference'] }],
  },
  {
    slug: 'others-affected',
    applies: always,
    owns: [{ path: ['complaint', 'othersAffected'] }, { path: ['complaint', 'othersAffectedDetails'] }],
  },
  { slug: 'outcome', applies: always, owns: [{ path: ['complaint', 'desiredOutcome'] }] },
  { slug: 'evidence', applies: always, owns: [{ path: ['attachments'] }] },
  { slug: 'support', applies: always, owns: [{ path: ['support'] }] },
];

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
