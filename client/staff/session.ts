/** Who is signed in to the console (asked of the server, never stored on the device), and one-off notices between pages. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { staffApi, type ApiFailure, type SignedInMember } from './api.ts';

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

/**
 * For a page's refusals: signed out (401, the session ended meanwhile) goes to sign-in, coming back to this
 * page after, and answers true; anything else is the page's to show.
 */
export function useSessionEnded() {
  const route = useRoute();
  const router = useRouter();
  const session = useStaffSessionStore();
  return async (failure: Pick<ApiFailure, 'status'>): Promise<boolean> => {
    if (failure.status !== 401) return false;
    session.sessionEnded();
    await router.push({ name: 'staff-sign-in', query: { next: route.fullPath } });
    return true;
  };
}
