/**
 * Sends one resident action to the API exactly once: an Idempotency-Key made on
 * the device, a time limit that grows with the size, and every answer read as a
 * value, never thrown: done, refused for good, or worth sending again.
 */
import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/errors.ts';
import { isReceipt, type Receipt } from '../../shared/receipt.ts';

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

/** A JSON body, or multipart with the JSON as `jsonPart` and the files as `attachments`. */
export function actionBody(payload: unknown, files: File[], jsonPart: string): { body: BodyInit; headers: Record<string, string>; bytes: number } {
  const json = JSON.stringify(payload);
  const bytes = json.length + files.reduce((sum, file) => sum + file.size, 0);
  if (files.length === 0) return { body: json, headers: { 'Content-Type': 'application/json' }, bytes };
  const form = new FormData();
  form.append(jsonPart, new Blob([json], { type: 'application/json' }));
  for (const file of files) form.append('attachments', file, file.name);
  return { body: form, headers: {}, bytes };
}

/** POSTs an action once per idempotency key: repeating it never acts twice. */
export async function sendAction(url: string, idempotencyKey: string, request: { body: BodyInit; headers: Record<string, string>; bytes: number }): Promise<SubmitResult> {
  const headers = { ...request.headers, 'Idempotency-Key': idempotencyKey, Accept: 'application/json' };
  // A weak signal can leave a request hanging for minutes: past the timeout it is treated as not sent
  // (and goes to the outbox), which is safe because the same key never acts twice.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(sendTimeoutMs(request.bytes)) : undefined;
  let response: Response;
  let answer: unknown;
  try {
    response = await fetch(url, { method: 'POST', headers, body: request.body, signal });
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
  // page (a hotel Wi-Fi's 403, a proxy's 407) is not an answer about the action: it waits and is sent again.
  if (!error?.code && response.status !== 413 && response.status !== 415) return { ok: false, kind: 'network' };
  return { ok: false, kind: 'validation', issues: [{ path: [], code: refusalCode(response.status, error?.code) }] };
}

/** The code for a refusal that names no field: the server's own, or one that fits the status (a proxy's 413 has no body of ours). */
function refusalCode(status: number, code: ErrorBody['error']['code'] | undefined): ErrorCode {
  if (code && code !== 'validation') return code;
  return status === 413 ? 'body_too_large' : status === 415 ? 'content_type' : 'internal';
}
