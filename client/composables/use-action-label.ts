/** How an action in the outbox is named in the lists, in the reader's language. */
import { useTranslation } from 'i18next-vue';
import type { ActionView } from '../stores/device.ts';

export function useActionLabel() {
  const { t } = useTranslation();
  // A complaint by its own words; an action on one by its kind and the complaint's reference.
  return (action: Pick<ActionView, 'kind' | 'about'>): string =>
    action.kind === 'submit-complaint' ? action.about || t('drafts.untitled') : `${t(`outbox.kinds.${action.kind}`)}: ${action.about}`;
}
