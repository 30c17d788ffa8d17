/**
 * The one channel between tabs (and the service worker) for changes to what is
 * kept on the device: a draft saved, queued, sent or refused. Pages listen
 * through `onDeviceChange` and never open a BroadcastChannel of their own.
 */
import type { StoredReceipt } from './database.ts';

const CHANNEL = 'complaints-outbox';

export type DeviceChange =
  | { type: 'sent'; draftId: string; receipt: StoredReceipt }
  | { type: 'rejected'; draftId: string }
  | { type: 'pending'; draftId: string }
  | { type: 'changed' };

/** Tells every other open tab (and the service worker's clients). */
export function announceChange(change: DeviceChange): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(change);
  channel.close();
}

/** Calls `listener` for each change announced by another tab or the service worker; returns a function that stops. */
export function onDeviceChange(listener: (change: DeviceChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message: MessageEvent<DeviceChange>) => listener(message.data);
  return () => channel.close();
}
