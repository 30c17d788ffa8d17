/**
 * Errors on a console form, the GOV.UK way: a message beside each field and an
 * error summary linking to them, "Error:" in the title while they show. Fields
 * have their own wording where there is one (`staff.fields.email.required`).
 */
import { reactive, ref } from 'vue';
import { useRouter, type RouteLocationRaw } from 'vue-router';
import { useTranslation } from 'i18next-vue';
import type { FieldIssue } from '../../shared/errors.ts';
import type { ApiFailure } from './api.ts';
import { useStaffSessionStore, type StaffNotice } from './session.ts';
import type { SummaryItem } from '../components/common/ErrorSummary.vue';
import { mainHeadingText, setPageTitle } from '../router/page-title.ts';

/** `fieldOrder`: the form's fields top to bottom, so the summary lists problems in the order the page shows them. */
export function useStaffForm(fieldOrder: string[] = []) {
  const { t } = useTranslation();
  const errors = reactive<Record<string, string | undefined>>({});
  const summary = ref<SummaryItem[]>([]);
  /** Changes each time errors are shown: the summary takes focus again. */
  const focusKey = ref(0);

  const message = (field: string, code: string) => t([`staff.fields.${field}.${code}`, `errors.${code}`]);

  function clear() {
    for (const key of Object.keys(errors)) delete errors[key];
    summary.value = [];
    setPageTitle(mainHeadingText());
  }

  /** Shows the given problems: `field` is the input's id; `text` overrides the message for the code. */
  function show(problems: { field: string; code: string; text?: string }[]) {
    clear();
    const position = (field: string) => (fieldOrder.includes(field) ? fieldOrder.indexOf(field) : fieldOrder.length);
    for (const { field, code, text } of [...problems].sort((a, b) => position(a.field) - position(b.field))) {
      const wording = text ?? message(field, code);
      if (errors[field] === undefined) errors[field] = wording;
      summary.value.push({ href: `#${field}`, text: wording });
    }
    focusKey.value++;
    setPageTitle(mainHeadingText(), { error: true });
  }

  /** The server's (or the shared schema's) field issues, each beside its field. */
  function showIssues(issues: FieldIssue[]) {
    show(issues.map((issue) => ({ field: issue.path.join('-'), code: issue.code })));
  }

  return { errors, summary, focusKey, show, showIssues, clear, message };
}

/**
 * A console page's form that sends: its errors (useStaffForm), `sending` while its one request is under way
 * (the button says so with aria-disabled; the page ignores a second submit meanwhile), a refusal shown the
 * usual way, and once done, the next page with a notice for it.
 */
export function useStaffSubmit(fieldOrder: string[] = []) {
  const form = useStaffForm(fieldOrder);
  const router = useRouter();
  const session = useStaffSessionStore();
  const sending = ref(false);

  /** Sends the request, `sending` meanwhile (the staff API answers with values, never throws: ./api.ts). */
  async function send<T>(request: () => Promise<T>): Promise<T> {
    sending.value = true;
    try {
      return await request();
    } finally {
      sending.value = false;
    }
  }

  /**
   * The API's field issues beside their fields (answers true); any other refusal beside `field`, by its
   * code (answers false).
   */
  function refused(error: ApiFailure['error'], field: string): boolean {
    if (error.code === 'validation' && error.issues) {
      form.showIssues(error.issues);
      return true;
    }
    form.show([{ field, code: error.code }]);
    return false;
  }

  /** Done: on to `to`, where `notice` is said once. */
  async function done(to: RouteLocationRaw, notice: StaffNotice) {
    session.notice = notice;
    await router.push(to);
  }

  return { form, sending, send, refused, done, session, router };
}
