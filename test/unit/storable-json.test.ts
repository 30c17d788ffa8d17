/**
 * parseStorable (server/routes/complaints.ts): JSON with every string storable in PostgreSQL
 * (no U+0000, no lone surrogate), cleaning only when the text needs it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStorable } from '../../server/routes/complaints.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('\u0000') || LONE_SURROGATE.test(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(unstorable);

/** JSON text as a phone could send it: escapes in either case, or characters as themselves. */
const jsonText = fc
  .tuple(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string(), fc.string({ unit: 'binary' }), { maxKeys: 4 }))
  .chain(([value, strings]) =>
    fc.constantFrom(
      JSON.stringify({ value, strings }),
      JSON.stringify({ value, strings }).replace(/\\u([0-9a-f]{4})/g, (_all, hex: string) => `\\u${hex.toUpperCase()}`),
      JSON.stringify({ value, strings }).replace(/\\u([0-9a-f]{4})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    ),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false; // a control character put back as itself is not JSON
    }
  });

describe('parseStorable', () => {
  it('never gives a string PostgreSQL cannot store, and changes nothing else', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const parsed = parseStorable(text);
        expect(unstorable(parsed)).toBe(false);
        const plain = JSON.parse(text) as unknown;
        if (!unstorable(plain)) expect(parsed).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('cleans NUL and lone surrogates however they are written', () => {
    for (const text of ['"a\\u0000b"', '"a\\uD800b"', '"a\\udc00b"', '"a\uD800b"', '{"k":["\\uDBFF"]}']) {
      expect(unstorable(parseStorable(text))).toBe(false);
    }
    expect(parseStorable('"\\ud83d\\ude00 ok"')).toBe('😀 ok');
  });
});
