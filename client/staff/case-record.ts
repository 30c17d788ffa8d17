/** One complaint's whole record for a console page, loaded again whenever `reference` changes. */
import { ref, watch, type WatchSource } from 'vue';
import { headingReplaced } from '../composables/use-route-focus.ts';
import type { Refusal } from './api.ts';
import { fetchCase, type CaseRecord } from './api/complaints.ts';
import { useSessionEnded } from './session.ts';

/**
 * `reference` is the complaint's; `reloadOn` what else loads it again (the page's whole address);
 * `isShown` whether the page is still the one shown (leaving it changes the address too).
 */
export function useCaseRecord(reference: () => string, isShown: () => boolean, reloadOn: WatchSource = reference) {
  const record = ref<CaseRecord | null>(null);
  const failure = ref<Refusal | null>(null);
  const signedOut = useSessionEnded();

  async function load() {
    const result = await fetchCase(reference());
    if (result.ok) record.value = result.data;
    else if (await signedOut(result)) return;
    else failure.value = result;
    await headingReplaced();
  }
  watch(reloadOn, () => isShown() && load(), { immediate: true });

  return { record, failure, signedOut };
}
