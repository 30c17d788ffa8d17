/** The API client for complaints: one function per call, results as values, never thrown. */
import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/errors.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';

export interface Receipt {
  reference: string;
  receivedAt: string;
  acknowledgeBy: string;
}

export type SubmitResult =
  | { ok: true; receipt: Receipt }
  | { ok: false; kind: 'validation'; issues: FieldIssue[] }
  /** Not reached, or unavailable for now: safe to send again with the same key. */
  | { ok: false; kind: 'network' }
  | { ok: false; kind: 'server'; code: ErrorCode | 'validation' };

/** Sends a complaint once per idempotency key: repeating it never makes a second complaint. */
export async function submitComplaint(
  idempotencyKey: string,
  complaint: ComplaintInput,
  attachments: File[],
): Promise<SubmitResult> {
  let body: BodyInit;
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey, Accept: 'application/json' };
  if (attachments.length > 0) {
    const form = new FormData();
    form.append('complaint', new Blob([JSON.stringify(complaint)], { type: 'application/json' }));
    for (const file of attachments) form.append('attachments', file, file.name);
    body = form;
  } else {
    body = JSON.stringify(complaint);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch('/api/complaints', { method: 'POST', headers, body });
  } catch {
    return { ok: false, kind: 'network' };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { ok: false, kind: response.ok ? 'server' : 'network', code: 'internal' } as SubmitResult;
  }
  if (response.ok) return { ok: true, receipt: json as Receipt };
  // Unavailable for now (a proxy's 502, a restart, too many requests): safe to try again with the same key.
  if (response.status >= 500 || response.status === 429 || response.status === 408) return { ok: false, kind: 'network' };
  const error = (json as ErrorBody).error;
  if (response.status === 422 && error?.issues) return { ok: false, kind: 'validation', issues: error.issues };
  return { ok: false, kind: 'server', code: error?.code ?? 'internal' };
}
