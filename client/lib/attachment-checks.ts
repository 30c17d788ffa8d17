/** The checks the server makes again on attachments: number, size and type, so problems show before sending. */
import type { FieldIssue } from '../../shared/errors.ts';
import { ATTACHMENT_TYPES, LIMITS } from '../../shared/schemas/complaint.ts';

export function attachmentIssues(files: File[]): FieldIssue[] {
  if (files.length > LIMITS.attachments) return [{ path: ['attachments'], code: 'too_many_files' }];
  const issues: FieldIssue[] = [];
  files.forEach((file, index) => {
    if (file.size === 0) issues.push({ path: ['attachments', index], code: 'file_empty' });
    else if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) issues.push({ path: ['attachments', index], code: 'file_type' });
    else if (file.size > LIMITS.attachmentBytes) issues.push({ path: ['attachments', index], code: 'file_too_large' });
  });
  return issues;
}
