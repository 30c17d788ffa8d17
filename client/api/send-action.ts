/**
 * Sends one resident action to the API (a new complaint, an escalation…): POST
 * with its Idempotency-Key, so repeating it never acts twice; a time limit that
 * grows with its size; and every answer read as a value, never thrown: done,
 * refused for good, or worth sending again with the same key.
 */
import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/errors.ts';

export type ActionResult<Answer = unknown> =
  | { ok: true; answer: Answer }
  /**
   * Refused for good: sending the same thing again would be refused again. A 422's issues name
   * their fields; any other refusal (too large, already used key, no access…) is one issue with
   * the path the API named, or an empty one.
   */
  | { ok: false; kind: 'validation'; issues: FieldIssue[] }
  /** Not reached, too slow, or unavailable for now: safe to send again with the same key. */
  | { ok: false; kind: 'network' };

export interface ActionRequest {
  /** `/api/complaints`, `/api/complaints/K7QM-4XPT/escalate`. */
  url: string;
  idempotencyKey: string;
  payload: unknown;
  /** Sent as multipart: the JSON in the part `jsonPart`, each file as `attachments`. */
  files?: File[];
  jsonPart?: string;
  /** `Authorization: Bearer …` (the complaint's access token, kept with its receipt). */
  accessToken?: string;
  /** Whether a 2xx answer is ours: anything else (a captive portal's page) is not an answer, and the action is tried again. */
  isAnswer(answer: unknown): boolean;
}

/** How long to wait for an answer: half a minute, plus time to upload at a poor 8 KB/s. */
export function sendTimeoutMs(bytes: number): number {
  return 30_000 + Math.ceil(bytes / 8);
}

export async function sendAction<Answer>(request: ActionRequest): Promise<ActionResult<Answer>> {
  const files = request.files ?? [];
  const headers: Record<string, string> = { 'Idempotency-Key': request.idempotencyKey, Accept: 'application/json' };
  if (request.accessToken) headers.Authorization = `Bearer ${request.accessToken}`;
  const json = JSON.stringify(request.payload);
  let body: BodyInit = json;
  if (files.length > 0) {
    const form = new FormData();
    form.append(request.jsonPart ?? 'payload', new Blob([json], { type: 'application/json' }));
    for (const file of files) form.append('attachments', file, file.name);
    body = form;
  } else {
    headers['Content-Type'] = 'application/json';
  }
  const bytes = json.length + files.reduce((sum, file) => sum + file.size, 0);
  // A weak signal can leave a request hanging for minutes: past the timeout it is treated as not sent
  // (and waits in the outbox), which is safe because the same key never acts twice.
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(sendTimeoutMs(bytes)) : undefined;
  let response: Response;
  let answer: unknown;
  try {
    response = await fetch(request.url, { method: 'POST', headers, body, signal });
    answer = await response.json().catch(() => null);
  } catch {
    // No connection, or no answer in time.
    return { ok: false, kind: 'network' };
  }
  // Unavailable for now (a restart, a proxy's error page, too many requests): safe to try again with the same key.
  if (response.status >= 500 || response.status === 429 || response.status === 408) return { ok: false, kind: 'network' };
  if (response.ok) {
    // An answer that is not ours (a captive portal's page): the same key will fetch the real one later.
    return request.isAnswer(answer) ? { ok: true, answer: answer as Answer } : { ok: false, kind: 'network' };
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
