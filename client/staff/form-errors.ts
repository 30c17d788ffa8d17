/**
 * A console form's errors as the API sent them (shared/errors.ts): each issue's message beside its
 * field, and all of them in the error summary at the top, linking to the fields (GOV.UK). A refusal
 * that names no field (the state machine's, such as `same_officer_stage2`) is shown in the summary.
 */
import { computed, ref } from 'vue';
import { useTranslation } from 'i18next-vue';
import { fieldId, type FieldIssue, type IssuePath } from '../../shared/errors.ts';
import type { Refusal } from './api.ts';

/** Items in the order their targets stand on the page. */
function inPageOrder<T extends { href: string }>(items: T[]): T[] {
  const position = (item: T) => document.getElementById(item.href.slice(1));
  return [...items].sort((a, b) => {
    const [x, y] = [position(a), position(b)];
    if (!x || !y || x === y) return 0;
    return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}

/** Parts of a request the API names when it refuses the whole request, not one of its fields. */
const REQUEST_PARTS = new Set(['url', 'body', 'headers']);

/**
 * `idPrefix` keeps ids apart between forms (`extend-reason`, `withdraw-reason`); `target` names the
 * element an issue about a whole list links to (its first item, or its "add" button).
 */
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

  /**
   * A refusal of the request as a whole (the complaint's state, who is asking: the API names the `url`,
   * `body` or `headers` it refused) has no field of its own: it is said in the summary, linking to the button.
   */
  function show(refusal: Refusal) {
    const { code, issues: given = [] } = refusal.error;
    const fieldIssues = given.map((issue) => (REQUEST_PARTS.has(String(issue.path[0])) ? { ...issue, path: [] } : issue));
    issues.value = fieldIssues.length > 0 ? fieldIssues : [{ path: [], code: code === 'validation' ? 'internal' : code }];
    focusKey.value += 1;
  }

  function clear() {
    issues.value = [];
  }

  return { issues, summary, focusKey, idFor, errorFor, show, clear };
}
