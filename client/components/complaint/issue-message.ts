/**
 * An issue's message in the reader's language: the field's own wording where
 * there is one (`errors.fields.resident.name.required`: "Enter the resident's
 * name"), else the general one (`errors.required`).
 */
import { useTranslation } from 'i18next-vue';
import type { FieldIssue } from '../../../shared/errors.ts';
import { LIMITS } from '../../../shared/schemas/complaint.ts';
import { useComplaintDraftStore } from '../../stores/complaint-draft.ts';

export function useIssueMessage() {
  const { t } = useTranslation();
  const store = useComplaintDraftStore();
  return (issue: FieldIssue): string => {
    const fieldPath = issue.path.filter((part) => typeof part === 'string').join('.');
    const fileIndex = issue.path[0] === 'attachments' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    const params = {
      context: store.draft.submittedBy || undefined,
      name: fileIndex !== undefined ? (store.draft.attachments[fileIndex]?.file.name ?? '') : '',
      maxFiles: LIMITS.attachments,
      maxMegabytes: LIMITS.attachmentBytes / 1024 / 1024,
    };
    return t([`errors.fields.${fieldPath}.${issue.code}`, `errors.${issue.code}`], params);
  };
}
