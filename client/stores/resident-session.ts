/**
 * Whether someone is signed in on this device, and the complaints made by them or for them
 * (GET /api/my/complaints): fetched when online, and kept on the device (with when) for when
 * it is not, until they sign out.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MyComplaint, MyComplaints } from '../../shared/schemas/sign-in.ts';
import { endSession, fetchMyComplaints, openSignInLink } from '../api/sign-in.ts';
import { useDeviceStore } from './device.ts';

const KEPT_KEY = 'complaints:my-complaints';
type Kept = MyComplaints & { fetchedAt: string };

function readKept(): Kept | null {
  try {
    const text = localStorage.getItem(KEPT_KEY);
    return text ? (JSON.parse(text) as Kept) : null;
  } catch {
    return null;
  }
}
function writeKept(kept: Kept | null) {
  try {
    if (kept) localStorage.setItem(KEPT_KEY, JSON.stringify(kept));
    else localStorage.removeItem(KEPT_KEY);
  } catch {
    // No storage (private mode, full): the list is shown while the page is open.
  }
}

export const useResidentSessionStore = defineStore('resident-session', () => {
  const device = useDeviceStore();
  /** `unknown` until asked; `signed-in` with the list (fresh or kept), `signed-out` with none. */
  const state = ref<'unknown' | 'signed-in' | 'signed-out'>('unknown');
  const email = ref('');
  const complaints = ref<MyComplaint[]>([]);
  /** When the list was fetched: now, or when it was kept if the server cannot be reached. */
  const fetchedAt = ref<string | null>(null);
  /** The list is the one kept on the device: the server could not be reached. */
  const offline = ref(false);

  function show(kept: Kept) {
    state.value = 'signed-in';
    email.value = kept.email;
    complaints.value = kept.complaints;
    fetchedAt.value = kept.fetchedAt;
  }

  /** Asks the server who is signed in and what they may see; with no answer, shows what was kept. */
  async function refresh(): Promise<void> {
    const result = await fetchMyComplaints();
    if (result.ok) {
      const kept = { ...result.data, fetchedAt: new Date().toISOString() };
      writeKept(kept);
      offline.value = false;
      show(kept);
      return;
    }
    if (result.status === 401) return forget();
    // No connection or the service down: the list as last seen, if any.
    const kept = readKept();
    offline.value = true;
    if (kept) show(kept);
    else state.value = 'signed-out';
  }

  /** Opens the emailed link: a session, then the list. The refusal (a used or expired link) comes back as it is. */
  async function signInWith(token: string) {
    const result = await openSignInLink(token);
    if (result.ok) await refresh();
    return result;
  }

  /** Ends the session, and forgets the list kept on this device. */
  async function signOut() {
    const result = await endSession();
    if (result.ok || result.status === 401) forget();
    return result;
  }

  /** Signed out (here, or the session ended): the list and the records of complaints not sent from this phone go. */
  function forget() {
    writeKept(null);
    void device.forgetSignedInRecords().catch(() => undefined);
    state.value = 'signed-out';
    email.value = '';
    complaints.value = [];
    fetchedAt.value = null;
  }

  return { state, email, complaints, fetchedAt, offline, refresh, signInWith, signOut };
});
