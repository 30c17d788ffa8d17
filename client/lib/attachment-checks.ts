/** The checks the server makes again on attachments (number, then size, then type: shared/attachments.ts), so problems show before sending. */
import type { FieldIssue } from '../../shared/errors.ts';
import { attachmentIssues as issuesInOrder } from '../../shared/attachments.ts';

/** On the phone the type is the one the browser gives the file; the server reads it from the bytes. */
export function attachmentIssues(files: File[]): FieldIssue[] {
  return issuesInOrder(files, (file) => file.type);
}
