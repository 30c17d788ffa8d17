/**
 * The one channel between tabs (and the service worker) for changes to what is
 * kept on the device: a draft saved or deleted, an action queued, being sent,
 * sent, refused or still waiting. Every tab hears its own changes too. Pages
 * never open a channel: the stores listen (stores/device.ts).
 */
import type { StoredReceipt } from './database.ts';

const CHANNEL = 'complaints-outbox';

export type DeviceChange =
  /** Drafts or the outbox changed (saved, queued, deleted): read them again. */
  | { type: 'changed' }
  | { type: 'sending'; id: string; kind: string }
  /** Sent; for a new complaint, its receipt (kept on the device). */
  | { type: 'sent'; id: string; kind: string; receipt?: StoredReceipt }
  /** Refused for good: a complaint is back as a draft (`id` is the draft's), another action is `failed`. */
  | { type: 'refused'; id: string; kind: string }
  /** Tried and not reached (no signal, the service down): it is tried again. */
  | { type: 'waiting'; id: string; kind: string };

/** Tells every open tab, this one included (and the service worker's clients). */
export function announceChange(change: DeviceChange): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(change);
  channel.close();
}

/** Calls `listener` for each change announced by any tab or the service worker; returns a function that stops. */
export function onDeviceChange(listener: (change: DeviceChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (message: MessageEvent<DeviceChange>) => listener(message.data);
  return () => channel.close();
}
