/**
 * A console form's errors as the API sent them (shared/errors.ts): each issue's message beside its
 * field, and all of them in the error summary at the top, linking to the fields (GOV.UK). A refusal
 * that names no field (the state machine's, such as `same_officer_stage2`) is shown in the summary.
 */
import { computed, ref } from 'vue';
import { useTranslation } from 'i18next-vue';
import { fieldId, type FieldIssue, type IssuePath } from '../../shared/errors.ts';
import type { Refusal } from './api/request.ts';

/**
 * `idPrefix` keeps ids apart between forms (`extend-reason`, `withdraw-reason`); `target` names the
 * element an issue about a whole list links to (its first item, or its "add" button).
 */
function inPageOrder<T extends { href: string }>(items: T[]): T[] {
  const position = (item: T) => document.getElementById(item.href.slice(1));
  return [...items].sort((a, b) => {
    const [x, y] = [position(a), position(b)];
    if (!x || !y || x === y) return 0;
    return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}

export function useFormErrors(idPrefix: () => string, target: (path: IssuePath) => string | undefined = () => undefined) {
  const { t } = useTranslation();
  const issues = ref<FieldIssue[]>([]);
  /** Changes each time errors are shown, so the summary takes focus again. */
  const focusKey = ref(0);

  /** The id of a field's input: `extend-workingDays`, `respond-decisions-0-reasons`. */
  const idFor = (path: IssuePath) => [idPrefix(), fieldId(path)].filter(Boolean).join('-');

  const message = (issue: FieldIssue) => {
    const field = issue.path.filter((part) => typeof part === 'string').join('.');
    return t([`console.field_errors.${field}.${issue.code}`, `console.errors.${issue.code}`, `errors.${issue.code}`]);
  };

  /** In the order the fields stand on the page (GOV.UK), whatever order the API listed them in. */
  const summary = computed(() =>
    inPageOrder(issues.value.map((issue) => ({
      href: `#${issue.path.length === 0 ? `${idPrefix()}-submit` : (target(issue.path) ?? idFor(issue.path))}`,
      text: message(issue),
    }))),
  );

  /** The message for the field at `path`, if the API found fault with it. */
  function errorFor(...path: IssuePath): string | undefined {
    const key = path.join('.');
    const issue = issues.value.find((i) => i.path.join('.') === key);
    return issue ? message(issue) : undefined;
  }

  function show(refusal: Refusal) {
    issues.value = refusal.issues.length > 0 ? refusal.issues : [{ path: [], code: refusal.code === 'validation' ? 'internal' : refusal.code }];
    focusKey.value += 1;
  }

  function clear() {
    issues.value = [];
  }

  return { issues, summary, focusKey, idFor, errorFor, show, clear };
}
