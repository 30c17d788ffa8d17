/**
 * Every user-visible string comes from the translation files: a test fails when
 * a key is missing from any language (plural forms by Intl's rules included),
 * when a key is unused, or when text in a `.vue` template is not translated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, NodeTypes, type RootNode, type TemplateChildNode } from '@vue/compiler-dom';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, STAFF_ERROR_CODES } from '../../shared/errors.ts';
import { LANGUAGES, LANGUAGE_INFO } from '../../shared/languages.ts';
import { ACTION_KINDS } from '../../client/offline/action-kinds.ts';

const CLIENT = path.resolve(import.meta.dirname, '../../client');
/** Shared code that words things for the app through a `t` it is given (opening hours). */
const SHARED = path.resolve(import.meta.dirname, '../../shared/config');
const LOCALES = path.join(CLIENT, 'i18n/locales');
/** The staff console's strings: loaded with its lazy chunk, never by the residents' pages (client/staff/i18n.ts). */
const STAFF_LOCALES = path.join(CLIENT, 'staff/locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | boolean | Tree };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return /\.(vue|ts)$/.test(entry.name) ? [full] : [];
  });
}

function flatten(value: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, child] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof child === 'object') for (const [k, v] of flatten(child, name)) out.set(k, v);
    else out.set(name, String(child));
  }
  return out;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Tree;
const readStaffLocale = (lng: string) => readJson(path.join(STAFF_LOCALES, `${lng}.json`));
/** A language's strings as the app has them once the console has loaded: its file with the console's merged in. */
function readLocale(lng: string): Tree {
  const merge = (into: Tree, from: Tree): Tree => {
    for (const [key, value] of Object.entries(from)) {
      const existing = into[key];
      into[key] = typeof value === 'object' && typeof existing === 'object' ? merge(existing, value) : value;
    }
    return into;
  };
  // …and the complaint pages' (client/follow/locales), loaded with those pages.
  return merge(merge(readJson(path.join(LOCALES, `${lng}.json`)), readStaffLocale(lng)), readJson(path.join(CLIENT, 'follow/locales', `${lng}.json`)));
}
const en = flatten(readLocale('en'));
/** Keys as the app asks for them: plural forms folded to their base. */
const baseKeys = new Set([...en.keys()].filter((k) => !k.startsWith('_meta.')).map((k) => k.replace(PLURAL, '')));
const pluralBases = new Set([...en.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const sources = [...sourceFiles(CLIENT), ...sourceFiles(SHARED)].map((file) => ({
  file: path.relative(CLIENT, file),
  text: fs.readFileSync(file, 'utf8'),
}));
/** Literal keys passed to t(): `t('a.b')`, `t('a.b', { count })`. */
const literalUses = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/\bt\(\s*'([a-z_][\w.]*)'\s*(,\s*\{([^}]*)\})?/g)].map((m) => ({
    key: m[1]!,
    counted: /\bcount\b/.test(m[3] ?? ''),
    file,
  })),
);
/** Keys built from a value at run time, each family named here with where its values come from. */
const DYNAMIC_FAMILIES = [
  /^errors\.(?!fields\.)\w+$/, // errors.<code>: shared/errors.ts ERROR_CODES
  /^errors\.fields\./, // errors.fields.<path>.<code>: components/complaint/issue-message.ts
  /^check\.who_values\.\w+$/, // check.who_values.<submittedBy>
  /^common\.(yes|no|not_sure)$/, // choice('common', answer)
  /^common\.date\.(day|month|year)$/, // DateField parts
  /^complaint\.contact\.(email|phone|text|post)$/, // preferred contact labels
  /^settings\.text_size_\w+$/, // TEXT_SIZES
  /^landlord_contact\.days\.\w+$/, // shared/config/opening-hours.ts: the days in landlord.json's phoneHours
  /^staff\.fields\./, // staff.fields.<field id>.<code>: client/staff/form.ts
  /^follow\.(status|status_short|checklist\.part|checklist\.state|response\.outcome)\.\w+$/, // shared/lifecycle.ts STATUSES, response-checklist.ts, DECISIONS
  /^follow\.deadline\.(acknowledge|respond|update|action)_(due|met)$/, // DeadlineKind (shared/lifecycle-events.ts), met or not
  /^follow\.explain\.from_\w+$/, // client/follow/DeadlineLine.vue: the day a deadline counts from
  /^follow\.list\.next_\w+$/, // DeadlineKind of a complaint's next deadline
  /^follow\.pending\.kind_\w+$/, // client/follow/send-action.ts ResidentActionKind
  /^follow\.messages\.from_(you|landlord|representative|resident)$/, // client/follow/message-writer.ts: Message.from, or "you"
  /^follow\.errors\.\w+$/, // follow.errors.<field>_<code>: client/follow/ActionForm.vue
  /^outbox\.kinds\.[\w-]+$/, // outbox.kinds.<kind>: client/offline/action-kinds.ts ACTION_KINDS
  // The console (client/staff): names of the state machine's values, shared/lifecycle*.ts and shared/code.ts
  /^console\.(actor|statuses|categories|outcomes|exclusions|new_complaint_reasons|deadline_kinds|deadline_states|flags|events|done)\.\w+$/,
  /^console\.items\.(remedy|action)$/, // TrackedItem kind
  /^console\.messages\.from\.(resident|representative|landlord)$/, // shared/lifecycle.ts Message.from
  /^console\.complaint\.(others|contact_ways)\.\w+$/, // the complaint's answers
  /^console\.queue\.status_filters\.\w+$/, // the queue's status filter
  /^console\.reports\.(from|to)$/, // the period's two fields
  /^console\.forms\.[a-z_]+\.(title|lead|submit)$/, // every action: client/staff/case-actions.ts
  /^console\.forms\.[a-z_]+\.[a-zA-Z]+(_hint)?$/, // a field of an action's form, by its name in the API
  /^console\.forms\.respond\.(remedies|actions)_\w+$/, // remedies and actions, the same form twice
  /^console\.(errors|field_errors)\./, // client/staff/form-errors.ts: by the API's code and field path
];

describe('translation keys', () => {
  it('finds the keys the app uses', () => {
    expect(literalUses.length).toBeGreaterThan(150);
  });

  it('has in English every literal key the app uses, with plural forms where it counts', () => {
    const missing = literalUses
      .filter(({ key, counted }) => (counted ? !pluralBases.has(key) : !baseKeys.has(key)))
      .map(({ key, file }) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('has a message for every error code', () => {
    expect(ERROR_CODES.filter((code) => !en.has(`errors.${code}`))).toEqual([]);
  });

  it('names every kind of action in the outbox but a new complaint (shown by its own words), and no other', () => {
    const kinds = Object.keys(ACTION_KINDS).filter((kind) => kind !== 'submit-complaint');
    expect(kinds.length).toBeGreaterThan(0);
    expect([...en.keys()].filter((key) => key.startsWith('outbox.kinds.')).sort()).toEqual(kinds.map((kind) => `outbox.kinds.${kind}`).sort());
  });

  it('has no unused key', () => {
    const used = new Set(literalUses.map((u) => u.key));
    const unused = [...baseKeys].filter((key) => {
      const base = key.replace(/_representative$/, '');
      return !used.has(key) && !used.has(base) && !DYNAMIC_FAMILIES.some((family) => family.test(key));
    });
    expect(unused).toEqual([]);
  });
});

describe('the console\'s strings', () => {
  const residents = flatten(readJson(path.join(LOCALES, 'en.json')));
  const consoleStrings = flatten(readStaffLocale('en'));
  const staffErrors = new Set(STAFF_ERROR_CODES.map((code) => `errors.${code}`));

  it('hold only the console\'s keys (under staff. and console., and its error messages)', () => {
    const consoleKey = (key: string) => key.startsWith('staff.') || key.startsWith('console.') || staffErrors.has(key);
    expect([...consoleStrings.keys()].filter((key) => !consoleKey(key))).toEqual([]);
  });

  it('are not in the residents\' files, which the home page downloads', () => {
    expect([...consoleStrings.keys()].filter((key) => residents.has(key))).toEqual([]);
    expect([...residents.keys()].filter((key) => key.startsWith('staff.') || key.startsWith('console.') || staffErrors.has(key))).toEqual([]);
  });

  it.each(LANGUAGES)('exist for %s', (lng) => {
    expect(fs.existsSync(path.join(STAFF_LOCALES, `${lng}.json`))).toBe(true);
  });
});

describe.each(LANGUAGES.filter((lng) => lng !== 'en'))('the %s translation', (lng) => {
  // Read inside each test, so a missing file fails as a test rather than stopping the file.
  const tree = () => readLocale(lng);
  const keys = () => flatten(tree());
  const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;

  it('says in its file which language it is, and whether a fluent speaker has reviewed it', () => {
    const meta = tree()._meta as Tree;
    expect(meta.language).toBe(lng);
    expect(meta.name).toBe(LANGUAGE_INFO[lng].name);
    expect(meta.dir).toBe(LANGUAGE_INFO[lng].dir);
    expect(typeof meta.reviewed).toBe('boolean');
  });

  it('has every key, and no key English does not have', () => {
    const expected = new Set<string>();
    for (const key of baseKeys) {
      if (pluralBases.has(key)) for (const category of categories) expected.add(`${key}_${category}`);
      else expected.add(key);
    }
    const actual = new Set([...keys().keys()].filter((k) => !k.startsWith('_meta.')));
    expect([...expected].filter((k) => !actual.has(k)), 'missing').toEqual([]);
    expect([...actual].filter((k) => !expected.has(k)), 'extra').toEqual([]);
  });

  it('keeps every placeholder and leaves nothing empty', () => {
    const problems: string[] = [];
    for (const [key, value] of keys()) {
      if (key.startsWith('_meta.')) continue;
      if (value.trim() === '') problems.push(`${key}: empty`);
      const base = key.replace(PLURAL, '');
      const english = pluralBases.has(base) ? en.get(`${base}_other`)! : en.get(key);
      if (english === undefined) continue;
      const want = placeholders(english).filter((p) => !(pluralBases.has(base) && p === 'count'));
      const have = placeholders(value);
      for (const p of want) if (!have.includes(p)) problems.push(`${key}: lost {{${p}}}`);
      for (const p of have) if (!placeholders(english).includes(p)) problems.push(`${key}: unknown {{${p}}}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('templates', () => {
  /** Text a person would see or hear that does not come from t(): text nodes with letters, and static accessible attributes. */
  function untranslated(root: RootNode | TemplateChildNode, file: string, found: string[]) {
    const children = 'children' in root ? (root.children as TemplateChildNode[]) : [];
    for (const node of children) {
      if (node.type === NodeTypes.TEXT && /\p{L}/u.test(node.content)) found.push(`${file}: "${node.content.trim()}"`);
      if (node.type === NodeTypes.ELEMENT) {
        for (const prop of node.props) {
          if (
            prop.type === NodeTypes.ATTRIBUTE &&
            ['aria-label', 'alt', 'title', 'placeholder', 'aria-description'].includes(prop.name) &&
            prop.value &&
            /\p{L}/u.test(prop.value.content)
          ) {
            found.push(`${file}: ${prop.name}="${prop.value.content}"`);
          }
        }
      }
      untranslated(node, file, found);
    }
  }

  it('has no text that bypasses the translation files', () => {
    const found: string[] = [];
    const vueFiles = sources.filter((s) => s.file.endsWith('.vue'));
    expect(vueFiles.length).toBeGreaterThan(20);
    for (const { file, text } of vueFiles) {
      const template = /<template>([\s\S]*)<\/template>/.exec(text)?.[1] ?? '';
      untranslated(parse(template), file, found);
    }
    // The one allowed exception: the word "Language" in English beside the switcher, so anyone can find it.
    expect(found.filter((f) => !f.includes('"(Language)"'))).toEqual([]);
  });

  it('catches untranslated text (the check can fail)', () => {
    const found: string[] = [];
    untranslated(parse('<p>Send your complaint</p><img alt="A photo">'), 'example.vue', found);
    expect(found).toHaveLength(2);
  });
});

describe('plurals through i18next and Intl', () => {
  it.each([
    ['cy', [0, 1, 2, 3, 6, 10]],
    ['ar', [0, 1, 2, 3, 11, 100]],
  ] as const)('gives %s its six forms', async (lng, counts) => {
    const { createInstance } = await import('i18next');
    const i18n = createInstance();
    await i18n.init({ lng, resources: { [lng]: { translation: readLocale(lng) } }, interpolation: { escapeValue: false } });
    const forms = counts.map((count) => i18n.t('drafts.unfinished', { count }));
    // Six counts in six different categories: six different sentences, none of them a key.
    expect(new Set(forms).size).toBe(6);
    for (const form of forms) expect(form).not.toContain('drafts.unfinished');
    const categories = counts.map((count) => new Intl.PluralRules(lng).select(count));
    expect(new Set(categories).size).toBe(6);
  });
});
