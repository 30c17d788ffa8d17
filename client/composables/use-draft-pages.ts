/** Going to a complaint draft's pages: a new draft from its first question, a kept one where it was left. */
import { useRouter } from 'vue-router';
import { useComplaintDraftStore } from '../stores/complaint-draft.ts';

export function useDraftPages() {
  const router = useRouter();
  const store = useComplaintDraftStore();

  /** A new complaint, at its first question: one in progress is kept, in "Your complaints and drafts". */
  async function startNew() {
    await store.startNew();
    await router.push({ name: 'who' });
  }

  /**
   * A kept draft, opened on the page where it was left or on `page`; with `replace`, this page leaves the
   * history. Nothing happens if the draft is no longer on the device.
   */
  async function reopen(id: string, { page, replace = false }: { page?: string; replace?: boolean } = {}) {
    const left = await store.open(id);
    if (!left) return;
    const to = { name: page ?? left };
    await (replace ? router.replace(to) : router.push(to));
  }

  return { store, startNew, reopen };
}
