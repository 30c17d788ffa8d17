/**
 * The resident's side of the API for a complaint already sent (server/routes/resident-complaints.ts),
 * opened with the access token its receipt carries, or by someone signed in by email (the session cookie).
 * Results as values, never thrown.
 */
import type { ErrorBody } from '../../shared/errors.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';

export type FetchResult =
  | { ok: true; view: ResidentComplaintView }
  /** The token does not open it (401) or there is no such complaint (404): asking again will not help. */
  | { ok: false; kind: 'refused' }
  | { ok: false; kind: 'network' };

const TIMEOUT_MS = 30_000;

const isView = (value: unknown): value is ResidentComplaintView =>
  typeof (value as ResidentComplaintView | null)?.reference === 'string' && Array.isArray((value as ResidentComplaintView).deadlines);

async function call(url: string, init: RequestInit): Promise<{ response: Response; body: unknown } | null> {
  try {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
    const response = await fetch(url, { ...init, signal, cache: 'no-store' });
    return { response, body: await response.json().catch(() => null) };
  } catch {
    return null;
  }
}

/** With the complaint's access token from its receipt, or, with none, the signed-in session's cookie. */
export async function fetchComplaint(reference: string, token: string | undefined): Promise<FetchResult> {
  const answer = await call(`/api/complaints/${encodeURIComponent(reference)}`, {
    headers: token ? { Authorization: `Bearer ${token}`, Accept: 'application/json' } : { Accept: 'application/json' },
  });
  if (!answer) return { ok: false, kind: 'network' };
  if (answer.response.ok && isView(answer.body)) return { ok: true, view: answer.body };
  const ours = (answer.body as Partial<ErrorBody> | null)?.error?.code !== undefined;
  if (ours && (answer.response.status === 401 || answer.response.status === 404)) return { ok: false, kind: 'refused' };
  return { ok: false, kind: 'network' };
}

export type FileResult = { ok: true; file: Blob } | { ok: false; kind: 'refused' | 'network' };

/**
 * A photo or document of a message (Code 6.8), either way: GET …/messages/:id/attachments/:position, with the
 * complaint's access token, or with none the resident's session cookie (sent by the browser).
 */
export async function fetchMessageFile(reference: string, token: string | undefined, messageId: string, position: number): Promise<FileResult> {
  const url = `/api/complaints/${encodeURIComponent(reference)}/messages/${encodeURIComponent(messageId)}/attachments/${position}`;
  try {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
    const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal, cache: 'no-store' });
    if (response.ok) return { ok: true, file: await response.blob() };
    return { ok: false, kind: response.status === 401 || response.status === 404 ? 'refused' : 'network' };
  } catch {
    return { ok: false, kind: 'network' };
  }
}
