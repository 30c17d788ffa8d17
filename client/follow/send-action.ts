/**
 * What a resident sends about a complaint already made (an answer, a correction, a request for stage 2, a message), for
 * its form: through the one outbox (client/stores/device.ts), which keeps it on the phone with its own
 * Idempotency-Key and sends it now, or by itself when the connection returns: received once. The form never
 * waits on the network: it says at once that the action is saved on the phone, and follows the outbox
 * (device.onSettled, from this tab, another or the service worker) to "sent" or to a refusal with its reasons.
 */
import { onScopeDispose, ref } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import { newUuid } from '../lib/uuid.ts';
import { useDeviceStore } from '../stores/device.ts';

/** The resident's actions on a complaint with a form of their own: outbox kinds (client/offline/action-kinds.ts). */
export type ResidentActionKind = 'answer-clarification' | 'request-correction' | 'escalate' | 'send-message';

/** `idle`: not sent yet (or refused: see `issues`); `saved`: on the phone, to be sent; `sent`: received. */
export type ResidentActionState = 'idle' | 'saved' | 'sent';

export function useResidentAction(reference: () => string, kind: ResidentActionKind) {
  const device = useDeviceStore();
  const state = ref<ResidentActionState>('idle');
  const issues = ref<FieldIssue[]>([]);
  let current: string | null = null;

  // Listening before it is queued: the service worker may send it before `queue` returns.
  const stop = device.onSettled((change) => {
    if (change.id !== current) return;
    if (change.type === 'sent') {
      state.value = 'sent';
      return;
    }
    // Refused for good: the person reads why beside the field; nothing is left waiting.
    const id = change.id;
    issues.value = device.actions.find((a) => a.id === id)?.issues ?? [{ path: [], code: 'internal' }];
    state.value = 'idle';
    current = null;
    void device.dismiss(id);
  });
  onScopeDispose(stop);

  /**
   * Puts the action in the outbox, with its photos and documents if it takes them (a message's: kept on the phone
   * with it until sent); throws if the phone cannot keep it (the form says so, and keeps the text).
   */
  async function send(body: Record<string, unknown>, files: File[] = []): Promise<void> {
    issues.value = [];
    current = newUuid();
    await device.queue({ id: current, kind, reference: reference(), payload: body as never, ...(files.length > 0 ? { files } : {}) });
    if (state.value === 'idle' && current) state.value = 'saved';
  }

  return { state, issues, send };
}
