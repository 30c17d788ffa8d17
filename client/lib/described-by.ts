/** The `aria-describedby` of a field: its hint and error (GOV.UK ids `<id>-hint`, `<id>-error`), then any others. */
export function describedBy(id: string, hint: unknown, error: unknown, ...others: string[]): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', ...others].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
