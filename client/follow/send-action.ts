/**
 * The one place a resident's action on a sent complaint (an answer, a correction, a request for stage 2)
 * is sent from: through the one outbox (client/stores/device.ts), which writes it to the phone first with
 * its own Idempotency-Key and sends it now, or by itself when the connection returns: received once.
 * The form waits a moment for the answer, to show a refusal beside its field.
 */
import { watch } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import { useDeviceStore } from '../stores/device.ts';
import { keepRecord, type KeptRecord, type ResidentActionKind } from './store.ts';

export type SendOutcome =
  | { state: 'sent'; record: KeptRecord }
  | { state: 'queued' }
  | { state: 'refused'; issues: FieldIssue[] };

/** How long the form waits for the server before saying the action waits on the phone. */
const ANSWER_WAIT_MS = 15_000;

export async function sendResidentAction(reference: string, kind: ResidentActionKind, body: Record<string, unknown>): Promise<SendOutcome> {
  const device = useDeviceStore();
  const id = await device.queue({ kind, reference, payload: body as never });
  if (!navigator.onLine) return { state: 'queued' };
  const settled = await new Promise<boolean>((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer);
      stop();
      resolve(value);
    };
    const timer = setTimeout(() => done(false), ANSWER_WAIT_MS);
    const stop = watch(
      () => device.statusOf(id),
      (status) => {
        if (status === 'sent' || status === 'failed') done(true);
      },
      { immediate: true, flush: 'sync' },
    );
  });
  const action = device.actions.find((a) => a.id === id);
  if (!settled || !action) return { state: 'queued' };
  if (action.status === 'failed') {
    // Refused for good: the person is still on the form and reads why there; nothing is left waiting.
    await device.dismiss(id);
    return { state: 'refused', issues: action.issues ?? [{ path: [], code: 'internal' }] };
  }
  const record = await keepRecord(action.answer as ResidentComplaintView);
  await device.dismiss(id);
  return { state: 'sent', record };
}
