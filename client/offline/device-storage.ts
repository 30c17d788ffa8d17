/**
 * What the app needs to know about the phone's storage without loading the database's code
 * (database.ts) on a first visit: the database's name, whether it may exist, and whether an
 * error means the phone is out of space.
 */

export const DB_NAME = 'complaints';

/**
 * Whether this phone may have anything saved: false only where the browser can say for certain that the
 * database was never made, so a first visit does not load IndexedDB's code to find nothing.
 */
export async function mayHaveSaved(): Promise<boolean> {
  try {
    const databases = await indexedDB.databases?.();
    return !databases || databases.some((db) => db.name === DB_NAME);
  } catch {
    return true;
  }
}


/** True when the error means the device is out of space. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}
