/**
 * How many unfinished complaints this phone keeps, for the home page: the store of what is kept on the phone
 * (stores/device.ts) and IndexedDB's code load only where something may be saved, never on a first visit.
 */
import { mayHaveSaved } from '../offline/device-storage.ts';

export async function countUnfinished(): Promise<number> {
  if (!(await mayHaveSaved())) return 0;
  const { useDeviceStore } = await import('./device.ts');
  return useDeviceStore().countUnfinished();
}
