/**
 * Sending the complaint on the page: at once when online, otherwise (no
 * connection, no answer in time, the service down) into the outbox, as an
 * action of kind `submit-complaint`, which sends itself. Loaded when "Send" is
 * pressed, not with the home page.
 */
import type { Ref } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import { submitComplaint } from '../api/complaints.ts';
import { announceChange } from '../offline/changes.ts';
import type { DraftAnswers, StoredDraft, StoredReceipt } from '../offline/database.ts';
import { isQuotaError } from '../offline/device-storage.ts';
import { queueAction } from '../offline/outbox.ts';
import { keepReceipt } from '../offline/repository.ts';
import { draftAbout, type ComplaintDraft } from './draft.ts';
import { toPayload } from './payload.ts';

/** `unsaved`: not sent, and the phone could not keep the complaint to send later (out of space); `busy`: already sending. */
export type SendOutcome = 'sent' | 'queued' | 'invalid' | 'unsaved' | 'busy';

export interface SendContext {
  draft: ComplaintDraft;
  createdAt: string;
  language: string;
  saveNow(): Promise<void>;
  /** Clears the page for a new complaint (the sent or queued one is the outbox's now). */
  forgetCurrent(): void;
  sendIssues: Ref<FieldIssue[]>;
  receipt: Ref<StoredReceipt | null>;
  saveError: Ref<'quota' | 'failed' | null>;
}

export async function sendComplaint(ctx: SendContext): Promise<SendOutcome> {
  const payload = toPayload(ctx.draft, ctx.language);
  if (!navigator.onLine) return toOutbox(ctx, payload);
  const result = await submitComplaint(ctx.draft.idempotencyKey, payload, ctx.draft.attachments.map((a) => a.file));
  if (result.ok) {
    const stored: StoredReceipt = { ...result.receipt, draftId: ctx.draft.idempotencyKey, about: draftAbout(ctx.draft) };
    try {
      await keepReceipt(stored);
    } catch (error) {
      // Out of space: the confirmation is still shown from memory; sending the draft again returns the same receipt.
      ctx.saveError.value = isQuotaError(error) ? 'quota' : 'failed';
    }
    ctx.receipt.value = stored;
    ctx.forgetCurrent();
    announceChange({ type: 'changed' });
    return 'sent';
  }
  if (result.kind === 'validation') {
    ctx.sendIssues.value = result.issues;
    return 'invalid';
  }
  return toOutbox(ctx, payload);
}

/**
 * Queues the complaint; the outbox then owns it: no copy stays on the page to be saved over it (it comes back
 * if refused). If the phone cannot keep it (out of space), nothing is lost: the answers stay on the page, and
 * the person is told.
 */
async function toOutbox(ctx: SendContext, payload: ComplaintInput): Promise<'queued' | 'unsaved'> {
  const raw = ctx.draft;
  const about = draftAbout(raw);
  try {
    await ctx.saveNow();
    await queueAction({ kind: 'submit-complaint', id: raw.idempotencyKey, payload, files: raw.attachments.map((a) => a.file), about }, async (tx) => {
      const drafts = tx.objectStore('drafts');
      // The draft as saved, or as it stands if it could not be saved before.
      const fallback: StoredDraft = { id: raw.idempotencyKey, answers: raw as unknown as DraftAnswers, step: 'check', about, createdAt: ctx.createdAt, updatedAt: '', status: 'editing' };
      const draft = (await drafts.get(raw.idempotencyKey)) ?? fallback;
      await drafts.put({ ...draft, updatedAt: new Date().toISOString(), status: 'queued', sendIssues: [] });
    });
  } catch (error) {
    ctx.saveError.value = isQuotaError(error) ? 'quota' : 'failed';
    return 'unsaved';
  }
  ctx.forgetCurrent();
  return 'queued';
}
