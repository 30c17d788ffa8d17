/** Checks a draft with the shared schema: the same rules the server applies. */
import * as v from 'valibot';
import { toFieldIssues, type FieldIssue } from '../../shared/errors.ts';
import { ComplaintSchema } from '../../shared/schemas/complaint.ts';
import type { ComplaintDraft } from './draft.ts';
import { toPayload } from './payload.ts';

/** Every problem the shared schema finds with the draft as it stands. */
export function validateDraft(draft: ComplaintDraft): FieldIssue[] {
  const result = v.safeParse(ComplaintSchema, toPayload(draft, 'en'));
  return result.success ? [] : toFieldIssues(result.issues);
}
