/**
 * The console offers each officer action of the state machine at the address the API
 * answers it on, and a form for every one: a renamed action or route fails here before
 * it becomes a link that 404s or an action with no form.
 */
import { describe, expect, it } from 'vitest';
import { mayAct } from '../../../shared/lifecycle.ts';
import { toRouteName } from '../../../server/domain/lifecycle/views.ts';
import { STAFF_ACTION_ROUTES } from '../../../server/routes/staff-complaints.ts';
import { ACTION_ORDER, ACTION_SLUGS, actionForSlug, simpleForm, type StaffActionType } from '../../../client/staff/case-actions.ts';

const ACTIONS = Object.keys(ACTION_SLUGS) as StaffActionType[];
/** Actions whose forms are components of their own (client/staff/components/actions). */
const OWN_FORMS: StaffActionType[] = ['acknowledge', 'amend_definition', 'respond', 'complete_action'];
const POLICY = { exclusions: ['over_12_months'] };

describe('the console\'s actions', () => {
  it('are every action an officer may take, and only those', () => {
    for (const type of ACTIONS) expect(mayAct('staff', type), type).toBe(true);
    expect(mayAct('staff', 'escalate')).toBe(false);
    expect(ACTIONS).toHaveLength(13);
  });

  it('sit at the addresses the API answers and names in availableActions', () => {
    expect(Object.values(ACTION_SLUGS).sort()).toEqual(Object.keys(STAFF_ACTION_ROUTES).sort());
    for (const type of ACTIONS) expect(ACTION_SLUGS[type], type).toBe(toRouteName(type));
  });

  it('are found again from their address', () => {
    for (const type of ACTIONS) expect(actionForSlug(ACTION_SLUGS[type])).toBe(type);
    expect(actionForSlug('delete-everything')).toBeUndefined();
  });

  it('each have a form and a place on the case page', () => {
    expect(ACTIONS.filter((type) => !simpleForm(type, POLICY) && !OWN_FORMS.includes(type))).toEqual([]);
    expect([...ACTION_ORDER].sort()).toEqual([...ACTIONS].sort());
  });

  it('offer only the exclusions the landlord\'s policy sets out (Code 2.2, 2.5)', () => {
    for (const type of ['not_accept', 'refuse_escalation'] as const) {
      const choice = simpleForm(type, { exclusions: ['legal_proceedings'] })!.find((field) => field.name === 'exclusion');
      expect(choice?.kind === 'radios' ? choice.options : []).toEqual(['legal_proceedings']);
    }
  });
});
