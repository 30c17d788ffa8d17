/** The API client for complaints: one function per call, results as values, never thrown. */
import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/errors.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import { isReceipt, type Receipt } from '../../shared/receipt.ts';

export type { Receipt };

export type SubmitResult =
  | { ok: true; receipt: Receipt }
  /**
   * Refused for good: sending the same thing again would be refused again. A 422's issues name
   * their fields; any other refusal (too large, already used key…) is one issue with an empty path,
   * shown at the top of "Check your answers".
   */
  | { ok: false; kind: 'validation'; issues: FieldIssue[] }
  /** Not reached, too slow, or unavailable for now: safe to send again with the same key. */
  | { ok: false; kind: 'network' };

/** How long to wait for an answer: half a minute, plus time to upload at a poor 8 KB/s. */
export function sendTimeoutMs(bytes: number): number {
  return 30_000 + Math.ceil(bytes / 8);
}

/** Sends a complaint once per idempotency key: repeating it never makes a second complaint. */
export async function submitComplaint(
  idempotencyKey: string,
  complaint: ComplaintInput,
  attachments: File[],
): Promise<SubmitResult> {
  let body: BodyInit;
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey, Accept: 'application/json' };
  const json = JSON.stringify(complaint);
  if (attachments.length > 0) {
    const form = new FormData();
    form.append('complaint', new Blob([json], { type: 'application/json' }));
    for (const file of attachments) form.append('attachments', file, file.name);
    body = form;
  } else {
    body = json;
    headers['Content-Type'] = 'application/json';
  }
  const bytes = json.length + attachments.reduce((sum, file) => sum + file.size, 0);
  // A weak signal can leave a request hanging for minutes: past the timeout it is treated as not sent
  // (and goes to the outbox), which is safe because the same key never makes a second complaint.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(sendTimeoutMs(bytes)) : undefined;
  let response: Response;
  let answer: unknown;
  try {
    response = await fetch('/api/complaints', { method: 'POST', headers, body, signal });
    answer = await response.json().catch(() => null);
  } catch {
    // No connection, or no answer in time.
    return { ok: false, kind: 'network' };
  }
  // Unavailable for now (a restart, a proxy's error page, too many requests): safe to try again with the same key.
  if (response.status >= 500 || response.status === 429 || response.status === 408) return { ok: false, kind: 'network' };
  if (response.ok) {
    // An answer that is not ours (a captive portal's page): the same key will fetch the real receipt later.
    return isReceipt(answer) ? { ok: true, receipt: answer } : { ok: false, kind: 'network' };
  }
  const error = (answer as Partial<ErrorBody> | null)?.error;
  if (response.status === 422 && error?.issues?.length) return { ok: false, kind: 'validation', issues: error.issues };
  // Refused for good only by our API (its error envelope), or for size or type by anything on the way. Any other
  // page (a hotel Wi-Fi's 403, a proxy's 407) is not an answer about the complaint: it waits and is sent again.
  if (!error?.code && response.status !== 413 && response.status !== 415) return { ok: false, kind: 'network' };
  return { ok: false, kind: 'validation', issues: [{ path: [], code: refusalCode(response.status, error?.code) }] };
}

/** The code for a refusal that names no field: the server's own, or one that fits the status (a proxy's 413 has no body of ours). */
function refusalCode(status: number, code: ErrorBody['error']['code'] | undefined): ErrorCode {
  if (code && code !== 'validation') return code;
  return status === 413 ? 'body_too_large' : status === 415 ? 'content_type' : 'internal';
}
