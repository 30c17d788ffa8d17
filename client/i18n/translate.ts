/**
 * Looks up a string the way i18next (JSON v4) does, for the subset this app
 * uses: keys by dots, `{{name}}` values, plurals through `count` (the
 * language's Intl.PluralRules categories, `_zero` first for 0), `context`
 * (`key_context`, falling back to `key`), and English for anything a language
 * lacks. About 1 KB instead of i18next's 15 KB on a phone's first visit; a unit
 * test compares it with i18next on every key of every language. No DOM, no
 * Vue: the build's prerenderer uses it too.
 */
export type Messages = { [key: string]: string | boolean | Messages };

export interface TranslateOptions {
  count?: number;
  context?: string | undefined;
  [name: string]: unknown;
}

/** A value from a language's file (a string, or `_meta.reviewed`), or undefined. */
export function resource(messages: Messages | undefined, key: string): Messages[string] | undefined {
  let node: Messages[string] | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return node;
}

function lookup(messages: Messages | undefined, key: string): string | undefined {
  const node = resource(messages, key);
  return typeof node === 'string' ? node : undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(language: string, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

/** The keys to try, most specific first, as i18next tries them. */
function candidates(key: string, language: string, options: TranslateOptions): string[] {
  const { count, context } = options;
  const plural = typeof count === 'number';
  const suffixes = plural ? [...(count === 0 ? ['_zero'] : []), `_${pluralCategory(language, count)}`] : [];
  const keys: string[] = [];
  if (context) keys.push(...suffixes.map((s) => `${key}_${context}${s}`), `${key}_${context}`);
  keys.push(...suffixes.map((s) => `${key}${s}`), key);
  return keys;
}

const fill = (text: string, options: TranslateOptions) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in options && options[name] !== undefined ? String(options[name]) : whole));

/**
 * The string for `key` in `language` (else in `fallback`), with its values filled in; the key itself if
 * neither has it. Several keys: the first any language has (`['errors.fields.name.required', 'errors.required']`).
 */
export function translate(
  resources: { readonly [language: string]: Messages | undefined },
  language: string,
  key: string | readonly string[],
  options: TranslateOptions = {},
  fallback = 'en',
): string {
  const keys = typeof key === 'string' ? [key] : key;
  for (const each of keys) {
    for (const lng of language === fallback ? [language] : [language, fallback]) {
      for (const candidate of candidates(each, lng, options)) {
        const text = lookup(resources[lng], candidate);
        if (text !== undefined) return fill(text, options);
      }
    }
  }
  return keys.at(-1) ?? '';
}
