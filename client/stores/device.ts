/**
 * What is kept on this device, for the pages: drafts, the outbox's actions with
 * their status, the receipts of complaints sent and each one's last record from
 * the server (`complaints`, to show it with no signal); kept current as any tab or
 * the service worker changes them. Pages use this store and never open IndexedDB
 * or a BroadcastChannel themselves. Its IndexedDB code loads when first used.
 *
 * For a page that lets a resident act on a complaint (client/offline/action-kinds.ts lists the kinds):
 *
 *   const device = useDeviceStore();
 *   const id = await device.queue({ kind: 'escalate', reference, payload: { reason } });  // sent now if online, else when back
 *   device.statusOf(id)           // 'waiting' | 'sending' | 'sent' | 'failed' (reactive)
 *   device.actionsFor(reference)  // that complaint's actions, newest first, each with its status and, if failed, `issues`
 *   device.dismiss(id)            // forgets a failed one (a sent one's answer is kept as its complaint's record)
 *   device.onSettled((change) => …)  // sent or refused, from any tab or the service worker
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import { onDeviceChange, type DeviceChange } from '../offline/changes.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import type { KeptComplaint, StoredAction, StoredDraft, StoredReceipt } from '../offline/database.ts';
import type { ActionKindName } from '../offline/action-kinds.ts';
import type { FlushResult, NewAction } from '../offline/outbox.ts';

export type { KeptComplaint, StoredReceipt };

export type ActionStatus = 'waiting' | 'sending' | 'sent' | 'failed';

/** An action as the pages show it (its files are not held here). */
export interface ActionView {
  id: string;
  kind: string;
  reference?: string;
  about: string;
  queuedAt: string;
  status: ActionStatus;
  settledAt?: string;
  /** Why it was refused: what the person can act on (each code has its message, `errors.<code>`). */
  issues?: FieldIssue[];
  payload: unknown;
  /** The API's answer once sent (for an action on a complaint: the complaint as the resident sees it). */
  answer?: unknown;
}

/** A draft as the lists show it. */
export type DraftSummary = Pick<StoredDraft, 'id' | 'about' | 'updatedAt' | 'status' | 'step'>;

const repository = () => import('../offline/repository.ts');
const outbox = () => import('../offline/outbox.ts');

export const useDeviceStore = defineStore('device', () => {
  const drafts = ref<DraftSummary[]>([]);
  const receipts = ref<StoredReceipt[]>([]);
  /** The last record of each complaint sent from this phone, by reference. */
  const complaints = ref<Record<string, KeptComplaint>>({});
  const stored = ref<StoredAction[]>([]);
  /** Actions some tab or the service worker is sending at this moment. */
  const sending = reactive(new Set<string>());
  const loaded = ref(false);

  const actions = computed<ActionView[]>(() =>
    stored.value.map(({ files: _files, ...action }) => ({ ...action, status: sending.has(action.id) && action.status === 'waiting' ? 'sending' : action.status })),
  );
  /** Drafts being written, or refused and back to fix (not those waiting in the outbox). */
  const unfinished = computed(() => drafts.value.filter((d) => d.status !== 'queued'));
  /** Actions not yet sent: waiting or being sent. */
  const waiting = computed(() => actions.value.filter((a) => a.status === 'waiting' || a.status === 'sending'));

  const statusOf = (id: string): ActionStatus | undefined => actions.value.find((a) => a.id === id)?.status;
  const actionsFor = (reference: string) => actions.value.filter((a) => a.reference === reference);

  const settledListeners = new Set<(change: DeviceChange) => void>();
  let following = false;

  /** Reads everything again (and, the first time, starts following other tabs' changes). */
  async function refresh(): Promise<void> {
    if (!following && typeof window !== 'undefined') {
      following = true;
      onDeviceChange(async (change) => {
        if (change.type === 'sending') sending.add(change.id);
        else if (change.type !== 'changed') sending.delete(change.id);
        if (change.type !== 'sending') await refresh();
        if (change.type === 'sent' || change.type === 'refused') for (const listener of settledListeners) listener(change);
      });
    }
    try {
      const repo = await repository();
      const [d, r, a, c] = await Promise.all([repo.listDrafts(), repo.listReceipts(), repo.listActions(), repo.listComplaints()]);
      drafts.value = d.map(({ id, about, updatedAt, status, step }) => ({ id, about, updatedAt, status, step }));
      receipts.value = r;
      stored.value = a;
      complaints.value = Object.fromEntries(c.map((kept) => [kept.reference, kept]));
    } catch {
      // No IndexedDB (private browsing): nothing is kept to list.
    }
    loaded.value = true;
  }

  /** How many unfinished drafts the phone keeps. */
  async function countUnfinished(): Promise<number> {
    await refresh();
    return unfinished.value.length;
  }

  /** Puts an action in the outbox and, if the phone is online, sends it now; returns its id (its Idempotency-Key). */
  async function queue<K extends ActionKindName>(action: NewAction<K>): Promise<string> {
    const { queueAction, flushOutbox } = await outbox();
    const { id } = await queueAction(action);
    await refresh();
    if (navigator.onLine) void flushOutbox({ only: id }).catch(() => undefined);
    return id;
  }

  /** "Try again now": sends what waits, then lists what is left. */
  async function tryNow(): Promise<FlushResult> {
    const result = await (await outbox()).flushOutbox();
    await refresh();
    return result;
  }

  async function dismiss(id: string): Promise<void> {
    await (await repository()).removeAction(id);
  }

  async function findDraft(id: string): Promise<DraftSummary | null> {
    await refresh();
    return drafts.value.find((d) => d.id === id) ?? null;
  }

  async function findReceipt(reference: string): Promise<StoredReceipt | null> {
    return (await repository()).findReceipt(reference);
  }

  /** Keeps a complaint's record as the server just gave it (or the later one the phone has): what its page shows. */
  async function keepComplaint(view: ResidentComplaintView): Promise<KeptComplaint> {
    const kept = await (await repository()).keepComplaint(view);
    complaints.value = { ...complaints.value, [kept.reference]: kept };
    return kept;
  }

  async function findComplaint(reference: string): Promise<KeptComplaint | null> {
    return (await repository()).findComplaint(reference);
  }

  /** On signing out: the records of complaints not sent from this phone are forgotten. */
  async function forgetSignedInRecords(): Promise<void> {
    await (await repository()).forgetSignedInRecords();
    const sentHere = new Set(receipts.value.map((r) => r.reference));
    complaints.value = Object.fromEntries(Object.entries(complaints.value).filter(([reference]) => sentHere.has(reference)));
  }

  /** Calls `listener` when an action is sent or refused (here, in another tab, or by the service worker); returns a function that stops. */
  function onSettled(listener: (change: Extract<DeviceChange, { type: 'sent' | 'refused' }>) => void): () => void {
    const wrapped = listener as (change: DeviceChange) => void;
    settledListeners.add(wrapped);
    return () => settledListeners.delete(wrapped);
  }

  return {
    drafts,
    receipts,
    complaints,
    actions,
    loaded,
    unfinished,
    waiting,
    statusOf,
    actionsFor,
    refresh,
    countUnfinished,
    queue,
    tryNow,
    dismiss,
    findDraft,
    findReceipt,
    keepComplaint,
    forgetSignedInRecords,
    findComplaint,
    onSettled,
  };
});
