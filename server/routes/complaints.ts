/**
 * POST /api/complaints: a resident, or someone acting for them, makes a complaint.
 * JSON alone, or multipart/form-data with a `complaint` JSON part and up to five
 * `attachments`. Bad input never stores anything.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { fileTypeFromBuffer } from 'file-type';
import * as v from 'valibot';
import { toFieldIssues, type FieldIssue, type IssuePath } from '../../shared/errors.ts';
import {
  ComplaintSchema,
  LIMITS,
  normaliseComplaint,
} from '../../shared/schemas/complaint.ts';
import { attachmentIssues, attachmentSizeIssue } from '../../shared/attachments.ts';
import { bodyLimit } from '../body-limit.ts';
import type { Database } from '../db/client.ts';
import { IdempotencyConflictError, receiptForKey, receiveComplaint, type VerifiedAttachment } from '../domain/complaints.ts';
import { apiError, refusal, validationError } from '../http-errors.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** JSON plus the largest set of attachments, with room for multipart framing. */
export const MULTIPART_BODY_BYTES = LIMITS.jsonBodyBytes + LIMITS.attachments * LIMITS.attachmentBytes + 64 * 1024;

const limitFor = (contentType: string) =>
  contentType.startsWith('multipart/form-data') ? MULTIPART_BODY_BYTES : LIMITS.jsonBodyBytes;

const jsonLimit = bodyLimit(LIMITS.jsonBodyBytes);
const multipartLimit = bodyLimit(MULTIPART_BODY_BYTES);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** PostgreSQL cannot store U+0000 or a lone surrogate (in jsonb): the insert would fail with a 500. No one means to type either. */
const storable = (_key: string, value: unknown) =>
  typeof value === 'string' ? value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD') : value;
/** JSON text that may hold U+0000 or a surrogate, as a character or an escape (`\u0000`, `\ud83d`). */
const MAY_NEED_CLEANING = /\\u(?:0000|[dD][89a-fA-F])|[\u0000\uD800-\uDFFF]/;

/**
 * JSON.parse, with every string made storable. A reviver makes V8 parse several times slower, so
 * it is used only when the text holds a character or escape it would change (any emoji included).
 */
export const parseStorable = (text: string): unknown => JSON.parse(text, MAY_NEED_CLEANING.test(text) ? storable : undefined);

/** Parses a JSON body: 400 `body_empty` or `malformed_json` at `where`, the body itself (`['body']`) or the `complaint` part of a multipart body. */
export function parseJson(text: string, where: IssuePath): unknown {
  if (text.trim() === '') throw refusal(400, 'body_empty', where);
  try {
    return parseStorable(text);
  } catch {
    throw refusal(400, 'malformed_json', where);
  }
}

function safeFilename(name: string, index: number): string {
  // Keep the base name only, without control characters; the file is never served from disk.
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || `attachment-${index + 1}`;
}

/**
 * Checks each file by its own bytes, not the name or type the browser claims, in the order the phone checks
 * (shared/attachments.ts); then refuses a claimed type that the bytes contradict.
 */
async function verifyAttachments(files: File[]): Promise<{ verified: VerifiedAttachment[]; issues: FieldIssue[] }> {
  // The bytes are read only for files whose count and size pass.
  const read = files.length > LIMITS.attachments ? [] : await Promise.all(files.map(readWithinSize));
  const issues = attachmentIssues(files, (_, index) => read[index]?.mime);
  const verified: VerifiedAttachment[] = [];
  if (files.length > LIMITS.attachments) return { verified, issues };
  for (const [index, file] of files.entries()) {
    const bytes = read[index];
    if (!bytes?.mime || issues.some((issue) => issue.path[1] === index)) continue;
    // No claim, or the generic one browsers send for a type they do not know, is not a mismatch.
    if (file.type && file.type !== 'application/octet-stream' && file.type !== bytes.mime) {
      issues.push({ path: ['attachments', index], code: 'file_mismatch' });
      continue;
    }
    verified.push({ filename: safeFilename(file.name, index), mediaType: bytes.mime, content: bytes.content });
  }
  issues.sort((a, b) => Number(a.path[1]) - Number(b.path[1]));
  return { verified, issues };
}

async function readWithinSize(file: File): Promise<{ content: Uint8Array; mime: string | undefined } | undefined> {
  if (attachmentSizeIssue(file.size)) return undefined;
  const content = new Uint8Array(await file.arrayBuffer());
  return { content, mime: (await fileTypeFromBuffer(content))?.mime };
}

/**
 * The size limit for a body that may carry files: `application/json` up to a complaint's JSON,
 * `multipart/form-data` up to the JSON and the largest set of attachments; anything else is 415.
 */
export const submissionBodyLimit: MiddlewareHandler = async (c, next) => {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json') && !type.startsWith('multipart/form-data')) {
    throw refusal(415, 'content_type', ['headers', 'content-type']);
  }
  return limitFor(type) === LIMITS.jsonBodyBytes ? jsonLimit(c, next) : multipartLimit(c, next);
};

/** A body that may carry files, read but not yet checked. */
export interface Submission {
  /** The JSON: the body itself, or the multipart body's JSON part. */
  body: unknown;
  files: File[];
  /** Problems found in reading it (an unknown part, text where a file belongs). */
  issues: FieldIssue[];
}

/**
 * Reads a body that may carry files, as a complaint's or a message's: JSON alone, or multipart with the
 * JSON as its `part` and the files as `attachments`. 400 when the JSON is missing or malformed.
 */
export async function readSubmission(c: Context, part: string): Promise<Submission> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) return { body: parseJson(await c.req.text(), ['body']), files: [], issues: [] };
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw apiError(400, 'malformed_json', [{ path: [part], code: 'type' }]);
  }
  const issues: FieldIssue[] = [];
  for (const name of Object.keys(form)) {
    if (name !== part && name !== 'attachments') issues.push({ path: [name], code: 'unknown_field' });
  }
  const json = form[part];
  if (json === undefined) throw apiError(400, 'body_empty', [{ path: [part], code: 'required' }]);
  if (Array.isArray(json)) throw validationError([{ path: [part], code: 'type' }]);
  const body = parseJson(typeof json === 'string' ? json : await json.text(), [part]);
  const raw = form.attachments;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.some((item) => typeof item === 'string')) issues.push({ path: ['attachments'], code: 'type' });
  return { body, files: list.filter((item): item is File => typeof item !== 'string'), issues };
}

/**
 * A submission checked: its JSON against `schema`, then its files by their own bytes. Every problem
 * comes back with its field path (the JSON's own paths, `['attachments', i]` for a file).
 */
export async function checkSubmission<S extends v.GenericSchema>(
  schema: S,
  submission: Submission,
): Promise<{ ok: true; output: v.InferOutput<S>; files: VerifiedAttachment[] } | { ok: false; issues: FieldIssue[] }> {
  // valibot's object schemas take an array for an object (reporting every field as missing): an array body is the wrong type.
  const parsed = v.safeParse(schema, Array.isArray(submission.body) ? null : submission.body);
  const issues = [...submission.issues, ...(parsed.success ? [] : toFieldIssues(parsed.issues))];
  const { verified, issues: fileIssues } = await verifyAttachments(submission.files);
  issues.push(...fileIssues);
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, output: parsed.output, files: verified };
}

export function complaintRoutes(database: Database) {
  return new Hono().post(
    '/',
    async (c, next) => {
      const key = c.req.header('idempotency-key');
      if (!key) throw apiError(400, 'idempotency_key', [{ path: ['headers', 'idempotency-key'], code: 'required' }]);
      if (!UUID.test(key)) throw apiError(400, 'idempotency_key', [{ path: ['headers', 'idempotency-key'], code: 'type' }]);
      return submissionBodyLimit(c, next);
    },
    async (c) => {
      const key = c.req.header('idempotency-key')!.toLowerCase();
      const checked = await checkSubmission(ComplaintSchema, await readSubmission(c, 'complaint'));
      if (!checked.ok) {
        // The key already made a complaint: the same device asking again (after an app update, say) gets its receipt.
        // A courtesy to a replaying phone: if storage cannot be asked, the answer is about the input (422).
        const stored = await receiptForKey(database.db, key).catch(() => null);
        if (stored) {
          c.header('Idempotent-Replayed', 'true');
          return c.json(stored, 201);
        }
        throw validationError(checked.issues);
      }

      try {
        const { receipt, created } = await receiveComplaint(database.db, {
          idempotencyKey: key,
          complaint: normaliseComplaint(checked.output),
          attachments: checked.files,
        });
        if (!created) c.header('Idempotent-Replayed', 'true');
        return c.json(receipt, 201);
      } catch (error) {
        if (error instanceof IdempotencyConflictError) {
          throw apiError(409, 'idempotency_conflict', [{ path: ['headers', 'idempotency-key'], code: 'idempotency_conflict' }]);
        }
        throw error;
      }
    },
  );
}
