/**
 * Errors on a console form, the GOV.UK way: a message beside each field and an
 * error summary linking to them, "Error:" in the title while they show. Fields
 * have their own wording where there is one (`staff.fields.email.required`).
 */
import { reactive, ref } from 'vue';
import { useTranslation } from 'i18next-vue';
import type { FieldIssue } from '../../shared/errors.ts';
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
