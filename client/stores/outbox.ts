/**
 * What is kept on this device, for the pages that list it: drafts being
 * written, actions waiting in the outbox, and receipts of what was sent; kept
 * current as other tabs and the service worker change them. Pages never open
 * IndexedDB or a BroadcastChannel themselves.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { StoredDraft, StoredReceipt } from '../offline/database.ts';
import * as repository from '../offline/drafts-repository.ts';
import { onDeviceChange, type DeviceChange } from '../offline/changes.ts';
import type { FlushResult } from '../offline/outbox-sender.ts';

export type { StoredDraft, StoredReceipt };

export const useOutboxStore = defineStore('outbox', () => {
  const drafts = ref<StoredDraft[]>([]);
  const receipts = ref<StoredReceipt[]>([]);
  const loaded = ref(false);

  /** Drafts being written (or refused and back to fix), and actions waiting to be sent. */
  const editing = computed(() => drafts.value.filter((d) => d.status !== 'queued'));
  const queued = computed(() => drafts.value.filter((d) => d.status === 'queued'));

  async function refresh(): Promise<void> {
    try {
      [drafts.value, receipts.value] = await Promise.all([repository.listDrafts(), repository.listReceipts()]);
    } catch {
      // No IndexedDB (private browsing): nothing is kept to list.
      drafts.value = [];
      receipts.value = [];
    }
    loaded.value = true;
  }

  /** Refreshes now and whenever another tab or the service worker changes what is kept; returns a function that stops. */
  function follow(onChange?: (change: DeviceChange) => void | Promise<void>): () => void {
    void refresh();
    return onDeviceChange(async (change) => {
      await refresh();
      await onChange?.(change);
    });
  }

  /** "Try again now": sends what waits, then lists what is left. */
  async function tryNow(): Promise<FlushResult> {
    // Loaded when first needed, not with the home page.
    const { flushOutbox } = await import('../offline/outbox-sender.ts');
    const result = await flushOutbox();
    await refresh();
    return result;
  }

  /** A draft by its id, for the page that asks before deleting it. */
  const findDraft = (id: string) => repository.getDraft(id);

  return { drafts, receipts, loaded, editing, queued, refresh, follow, tryNow, findDraft };
});
