/**
 * A complaint sent from this phone, for its pages: the record kept on the phone at once (so it opens with no
 * signal), then the server's, fetched with the token kept with the receipt; and what the outbox still holds
 * for it. Records live in the device database (client/offline/, through the device store): when one of its
 * actions is sent (here, in another tab or by the service worker), the sender keeps the answer as the record.
 */
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { headingReplaced } from '../router/route-focus.ts';
import { useDeviceStore, type KeptComplaint, type StoredReceipt } from '../stores/device.ts';
import { fetchComplaint } from './api.ts';

/**
 * - `loading`: reading the phone;
 * - `shown`: a record to show (check `refreshed` for whether it is the server's latest);
 * - `not_on_phone`: neither the receipt's token on this phone nor a signed-in session opens it (the server refused it);
 * - `unavailable`: on this phone but never fetched, and the server cannot be reached now.
 */
export type FollowedState = 'loading' | 'shown' | 'not_on_phone' | 'unavailable';

export function useFollowedComplaint(reference: Ref<string>) {
  const device = useDeviceStore();
  const state = ref<FollowedState>('loading');
  const receipt = ref<StoredReceipt | null>(null);
  const record = ref<KeptComplaint | null>(null);
  /** What the outbox holds for this complaint: waiting, being sent, or refused. */
  const pending = computed(() => device.actionsFor(reference.value).filter((a) => a.status !== 'sent'));
  /** True once the server's answer arrived during this visit; false while offline. */
  const refreshed = ref(false);

  async function load() {
    const wanted = reference.value;
    state.value = 'loading';
    refreshed.value = false;
    record.value = null;
    const [r, kept] = await Promise.all([device.findReceipt(wanted).catch(() => null), device.findComplaint(wanted).catch(() => null), device.refresh().catch(() => undefined)]);
    if (wanted !== reference.value) return;
    receipt.value = r;
    if (kept) record.value = kept;
    if (record.value) state.value = 'shown';
    await refresh();
  }

  /** The server's latest: with the receipt's token, or with none through the session of someone signed in by email. */
  async function refresh() {
    const token = receipt.value?.accessToken;
    const wanted = reference.value;
    const result = await fetchComplaint(wanted, token);
    if (wanted !== reference.value) return;
    if (result.ok) {
      record.value = await device.keepComplaint(result.view).catch(() => ({ reference: wanted, view: result.view, fetchedAt: new Date().toISOString() }));
      refreshed.value = true;
      state.value = 'shown';
    } else if (result.kind === 'refused') {
      state.value = 'not_on_phone';
    } else if (!record.value) {
      // Never seen on this phone and no answer now: unavailable if the phone sent it, else nothing to show.
      state.value = token ? 'unavailable' : 'not_on_phone';
    }
  }

  watch(reference, () => void load(), { immediate: true });

  if (typeof window !== 'undefined') {
    // An action was sent: if it was this complaint's, its answer is now the record kept on the phone.
    const stop = device.onSettled(async (change) => {
      if (change.type !== 'sent') return;
      const kept = await device.findComplaint(reference.value).catch(() => null);
      if (kept && kept.fetchedAt !== record.value?.fetchedAt) {
        record.value = kept;
        state.value = 'shown';
      }
    });
    const onOnline = () => void refresh();
    window.addEventListener('online', onOnline);
    onScopeDispose(() => {
      stop();
      window.removeEventListener('online', onOnline);
    });
  }

  return { state, receipt, record, pending, refreshed, refresh };
}

/**
 * For the pages under /complaints/:reference: the complaint the address names, with the page's title and
 * focus following the heading once the phone has been read (route-focus.ts).
 */
export function useFollowedRoute() {
  const route = useRoute();
  const reference = computed(() => String(route.params.reference ?? ''));
  const followed = useFollowedComplaint(reference);
  watch(followed.state, () => void headingReplaced());
  return { ...followed, reference, route };
}
