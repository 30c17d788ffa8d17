/**
 * The pages of complaints already sent ("Your complaints and drafts" lists them), signing in by email to see
 * them from another device, and the Ombudsman page: one
 * chunk, loaded when one of them first opens, with their strings (client/follow/locales/), so the home page
 * downloads neither (test/e2e/budget.test.ts). The strings are loaded only from here: a chunk of their own would
 * reach the app's i18n module without Vue's runtime and split both out of the home page's files.
 */
import type { RouteComponent } from 'vue-router';
import ComplaintView from '../views/follow/ComplaintView.vue';
import CorrectionView from '../views/follow/CorrectionView.vue';
import AnswerView from '../views/follow/AnswerView.vue';
import EscalateView from '../views/follow/EscalateView.vue';
import SummaryView from '../views/follow/SummaryView.vue';
import MessageView from '../views/follow/MessageView.vue';
import OmbudsmanView from '../views/OmbudsmanView.vue';
import DraftsView from '../views/DraftsView.vue';
import SignInView from '../views/sign-in/SignInView.vue';
import SignInLinkView from '../views/sign-in/SignInLinkView.vue';
import { useFollowStrings } from './strings.ts';

const PAGES = {
  'complaint-page': ComplaintView,
  'complaint-correction': CorrectionView,
  'complaint-answer': AnswerView,
  'complaint-escalate': EscalateView,
  'complaint-summary': SummaryView,
  'complaint-message': MessageView,
  ombudsman: OmbudsmanView,
  drafts: DraftsView,
  'sign-in': SignInView,
  'sign-in-link': SignInLinkView,
} satisfies Record<string, RouteComponent>;

export type FollowPageName = keyof typeof PAGES;

/** A page, once its strings (in the language in use, and English) are loaded. */
export async function followPage(name: FollowPageName): Promise<RouteComponent> {
  await useFollowStrings();
  return PAGES[name];
}
