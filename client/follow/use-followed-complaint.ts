/**
 * A complaint sent from this phone, for its pages: the record kept on the phone at once
 * (so it opens with no signal), then the server's, fetched with the token kept with the
 * receipt; and what is still waiting to be sent from it. Follows changes made in other tabs.
 */
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { headingReplaced } from '../composables/use-route-focus.ts';
import { fetchComplaint } from './api.ts';
import { FOLLOWING_CHANNEL } from './send-action.ts';
import { keepRecord, keptRecord, pendingActions, receiptFor, type KeptRecord, type PendingAction } from './store.ts';
import type { StoredReceipt } from '../stores/offline/db.ts';

/**
 * - `loading`: reading the phone;
 * - `shown`: a record to show (check `refreshed` for whether it is the server's latest);
 * - `not_on_phone`: no receipt with a token for this reference on this phone, or the server refused it;
 * - `unavailable`: on this phone but never fetched, and the server cannot be reached now.
 */
export type FollowedState = 'loading' | 'shown' | 'not_on_phone' | 'unavailable';

export function useFollowedComplaint(reference: Ref<string>) {
  const state = ref<FollowedState>('loading');
  const receipt = ref<StoredReceipt | null>(null);
  const record = ref<KeptRecord | null>(null);
  const pending = ref<PendingAction[]>([]);
  /** True once the server's answer arrived during this visit; false while offline. */
  const refreshed = ref(false);

  async function readPhone(ref: string) {
    const [r, kept, waiting] = await Promise.all([
      receiptFor(ref).catch(() => null),
      keptRecord(ref).catch(() => null),
      pendingActions(ref).catch(() => []),
    ]);
    receipt.value = r;
    if (kept) record.value = kept;
    pending.value = waiting;
  }

  async function load() {
    const wanted = reference.value;
    state.value = 'loading';
    refreshed.value = false;
    record.value = null;
    await readPhone(wanted);
    if (wanted !== reference.value) return;
    const token = receipt.value?.accessToken;
    if (!token) {
      state.value = 'not_on_phone';
      return;
    }
    if (record.value) state.value = 'shown';
    await refresh();
  }

  async function refresh() {
    const token = receipt.value?.accessToken;
    if (!token) return;
    const wanted = reference.value;
    const result = await fetchComplaint(wanted, token);
    if (wanted !== reference.value) return;
    if (result.ok) {
      record.value = await keepRecord(result.view).catch(() => ({ reference: wanted, view: result.view, fetchedAt: new Date().toISOString() }));
      refreshed.value = true;
      state.value = 'shown';
    } else if (result.kind === 'refused') {
      state.value = 'not_on_phone';
    } else if (!record.value) {
      state.value = 'unavailable';
    }
  }

  watch(reference, () => void load(), { immediate: true });

  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(FOLLOWING_CHANNEL);
    channel.onmessage = (message: MessageEvent<{ reference: string }>) => {
      if (message.data.reference === reference.value) void readPhone(reference.value).then(() => {
        if (record.value && state.value !== 'not_on_phone') state.value = 'shown';
      });
    };
    const onOnline = () => void refresh();
    window.addEventListener('online', onOnline);
    onScopeDispose(() => {
      channel.close();
      window.removeEventListener('online', onOnline);
    });
  }

  return { state, receipt, record, pending, refreshed, refresh, reload: () => readPhone(reference.value) };
}

/**
 * For the pages under /complaints/:reference: the complaint the address names, with the page's title and
 * focus following the heading once the phone has been read (use-route-focus.ts).
 */
export function useFollowedRoute() {
  const route = useRoute();
  const reference = computed(() => String(route.params.reference ?? ''));
  const followed = useFollowedComplaint(reference);
  watch(followed.state, () => void headingReplaced());
  return { ...followed, reference, route };
}
