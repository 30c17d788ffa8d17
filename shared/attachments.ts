/**
 * The checks of photos and documents, in one order for the phone and the server:
 * how many, then for each file empty, too large, then its type. The phone knows
 * the type the browser claims; the server reads it from the file's bytes (and then
 * also refuses a claim that does not match what the bytes are).
 */
import type { ErrorCode, FieldIssue } from './errors.ts';
import { ATTACHMENT_TYPES, LIMITS } from './schemas/complaint.ts';

/** Whether a file's size passes, so its type is worth reading. */
export function attachmentSizeIssue(size: number): ErrorCode | null {
  if (size === 0) return 'file_empty';
  if (size > LIMITS.attachmentBytes) return 'file_too_large';
  return null;
}

/**
 * Every problem with the files, in the one order. `typeOf` gives a file's type
 * (asked only for a file whose size passed): claimed on the phone, detected on the server.
 */
export function attachmentIssues<F extends { size: number }>(files: F[], typeOf: (file: F, index: number) => string | undefined): FieldIssue[] {
  if (files.length > LIMITS.attachments) return [{ path: ['attachments'], code: 'too_many_files' }];
  const issues: FieldIssue[] = [];
  files.forEach((file, index) => {
    const code =
      attachmentSizeIssue(file.size) ??
      ((ATTACHMENT_TYPES as readonly (string | undefined)[]).includes(typeOf(file, index)) ? null : 'file_type');
    if (code) issues.push({ path: ['attachments', index], code });
  });
  return issues;
}
