/**
 * The console offers each officer action of the state machine at the address the API
 * answers it on, and a form for every one whose fields are the API's body: a renamed
 * action, route or field fails here before it becomes a link that 404s, an action with
 * no form, or a form the server refuses whatever is typed.
 */
import { describe, expect, it } from 'vitest';
import { mayAct } from '../../../shared/lifecycle.ts';
import { STAFF_ACTION_SCHEMAS } from '../../../shared/schemas/lifecycle.ts';
import { toRouteName } from '../../../server/domain/lifecycle/views.ts';
import { ACTION_ORDER, ACTION_SLUGS, actionForSlug, simpleForm, type StaffActionType } from '../../../client/staff/case-actions.ts';

const ACTIONS = Object.keys(ACTION_SLUGS) as StaffActionType[];
/** Actions whose forms are components of their own (client/staff/components/actions). */
const OWN_FORMS: StaffActionType[] = ['acknowledge', 'amend_definition', 'respond', 'complete_action'];
const POLICY = { exclusions: ['over_12_months'] };

/** The fields of an action's body, and which of them must be given. */
function bodyFields(slug: keyof typeof STAFF_ACTION_SCHEMAS) {
  const entries = STAFF_ACTION_SCHEMAS[slug].entries as Record<string, { type: string }>;
  return {
    all: Object.keys(entries).sort(),
    required: Object.entries(entries)
      .filter(([, schema]) => schema.type !== 'optional')
      .map(([name]) => name)
      .sort(),
  };
}

describe('the console\'s actions', () => {
  it('are every action an officer may take, and only those', () => {
    for (const type of ACTIONS) expect(mayAct('staff', type), type).toBe(true);
    expect(mayAct('staff', 'escalate')).toBe(false);
    expect(ACTIONS).toHaveLength(14);
  });

  it('sit at the addresses the API answers and names in availableActions', () => {
    expect(Object.values(ACTION_SLUGS).sort()).toEqual(Object.keys(STAFF_ACTION_SCHEMAS).sort());
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

  it.each(ACTIONS.filter((type) => !OWN_FORMS.includes(type)))('%s: the form has the fields of the API\'s body, optional where the API says so', (type) => {
    const fields = simpleForm(type, POLICY)!;
    const { all, required } = bodyFields(ACTION_SLUGS[type]);
    expect(fields.map((field) => field.name).sort()).toEqual(all);
    const optional = (field: (typeof fields)[number]) => field.kind === 'textarea' && field.optional === true;
    expect(fields.filter((field) => !optional(field)).map((field) => field.name).sort()).toEqual(required);
  });

  it('offer only the exclusions the landlord\'s policy sets out (Code 2.2, 2.5)', () => {
    for (const type of ['not_accept', 'refuse_escalation'] as const) {
      const choice = simpleForm(type, { exclusions: ['legal_proceedings'] })!.find((field) => field.name === 'exclusion');
      expect(choice?.kind === 'radios' ? choice.options : []).toEqual(['legal_proceedings']);
    }
  });
});
