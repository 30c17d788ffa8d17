/** Who is signed in to the console (asked of the server, never stored on the device), and one-off notices between pages. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { staffApi, type SignedInMember } from './api.ts';

/** A one-off message for the next page. */
export type StaffNotice =
  | { kind: 'signed_out' }
  | { kind: 'password_set' }
  | { kind: 'session_ended' }
  | { kind: 'removed'; name: string };

export const useStaffSessionStore = defineStore('staff-session', () => {
  const member = ref<SignedInMember | null>(null);
  /** A notice for the next page (shown once): "You have signed out", "Your password is set". */
  const notice = ref<StaffNotice | null>(null);

  /** Asks the server who is signed in; false when nobody is (or it cannot be reached). */
  async function refresh(): Promise<boolean> {
    const result = await staffApi.me();
    member.value = result.ok ? result.staff : null;
    return member.value !== null;
  }

  function signedIn(who: SignedInMember) {
    member.value = who;
  }

  async function signOut() {
    await staffApi.signOut();
    member.value = null;
    notice.value = { kind: 'signed_out' };
  }

  /** The notice, once. */
  function takeNotice(): StaffNotice | null {
    const current = notice.value;
    notice.value = null;
    return current;
  }

  /** The server said the session is over (401): back to sign-in, coming back to `here` after. */
  function sessionEnded() {
    member.value = null;
    notice.value = { kind: 'session_ended' };
  }

  return { member, notice, refresh, signedIn, signOut, takeNotice, sessionEnded };
});
