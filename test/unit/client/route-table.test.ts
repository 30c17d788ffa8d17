/**
 * The route table is the one list of pages: the journey's questions follow its
 * order, each question is a route, and no name or path is there twice.
 */
import { describe, expect, it } from 'vitest';
import { ROUTE_TABLE, STEP_SLUGS } from '../../../client/router/route-table.ts';
import { CHECK_ANSWERS, STEPS, nextSlug, previousSlug } from '../../../client/complaint/flow.ts';
import { emptyDraft } from '../../../client/complaint/draft.ts';

describe('route table', () => {
  it('names each page once, at one path', () => {
    const names = ROUTE_TABLE.map((r) => r.name);
    const paths = ROUTE_TABLE.map((r) => r.path);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths[0]).toBe('/');
    // The catch-all comes last, or it would hide the routes after it.
    expect(paths.at(-1)).toBe('/:pathMatch(.*)*');
  });

  it('has every question of the journey, in the order the journey asks them, and the check page', () => {
    expect(STEPS.map((s) => s.slug)).toEqual([...STEP_SLUGS]);
    for (const slug of [...STEP_SLUGS, CHECK_ANSWERS]) {
      expect(ROUTE_TABLE.find((r) => r.name === slug)?.path, slug).toBe(`/complaint/${slug}`);
    }
  });

  it('walks a resident through the questions that apply, to "Check your answers" and back', () => {
    const draft = emptyDraft();
    draft.submittedBy = 'resident';
    const forward: string[] = ['who'];
    while (forward.at(-1) !== CHECK_ANSWERS) forward.push(nextSlug(forward.at(-1)!, draft));
    expect(forward).toEqual(['who', 'name', 'address', 'contact', 'what-happened', 'when', 'service-request', 'others-affected', 'outcome', 'evidence', 'support', 'check']);
    const back: (string | null)[] = [CHECK_ANSWERS];
    while (back.at(-1) !== null) back.push(previousSlug(back.at(-1)!, draft));
    expect(back.slice(0, -1).reverse()).toEqual(forward);
  });
});
