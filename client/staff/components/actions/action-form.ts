/**
 * What every console action form shares. The case action page (client/staff/views/CaseActionView.vue) gives
 * each form its fields' ids and the API's errors for them (client/staff/form-errors.ts); the form sends one
 * `submit` with the body, as typed, for the server to check.
 */
import { nextTick } from 'vue';
import type { IssuePath } from '../../../../shared/errors.ts';

export interface ActionFormProps {
  /** The id of the field at `path` (`extend-workingDays`). */
  idFor: (path: IssuePath) => string;
  /** The message for the field at `path`, if the API found fault with it. */
  errorFor: (...path: IssuePath) => string | undefined;
}

export interface ActionFormEmits {
  submit: [body: Record<string, unknown>];
}

/** A field's id and its error together, named by one path: `v-bind="field('definition', 'understanding')"`. */
export function fieldBinding(props: ActionFormProps) {
  return (...path: IssuePath) => ({ id: props.idFor(path), error: props.errorFor(...path) });
}

/** After an item is added to or taken from a list, focus goes to `id` once the list shows the change. */
export async function focusWhenShown(id: string) {
  await nextTick();
  document.getElementById(id)?.focus();
}
