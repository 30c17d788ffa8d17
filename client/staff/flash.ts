/** What the officer just did, said once at the top of the case page it leads back to (a GOV.UK success banner). */
import { ref } from 'vue';
import type { StaffActionType } from './case-actions.ts';

export const lastDone = ref<{ reference: string; action: StaffActionType } | null>(null);
