/**
 * Complaint references: short, read aloud over the phone and typed from a
 * letter, so the alphabet leaves out 0/O, 1/I/L and U (no accidental words).
 * Eight characters in two groups of four: `K7QM-4XPT`, about 8 × 10^11 values.
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;

/** A new random reference from the given random bytes source (Web Crypto in browser and Node). */
export function newReference(random: (bytes: Uint8Array) => Uint8Array): string {
  const chars: string[] = [];
  const n = REFERENCE_ALPHABET.length;
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % n);
  while (chars.length < LENGTH) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < limit && chars.length < LENGTH) chars.push(REFERENCE_ALPHABET[byte % n]!);
    }
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** A reference in its canonical form: the one pattern for the API's description, its checks and the tests. */
export const REFERENCE_PATTERN = new RegExp(`^[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`);

/**
 * Reads a reference as a person might type it: any case, with or without the
 * dash or spaces. Returns the canonical form, or null if it cannot be one of ours.
 */
export function parseReference(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== LENGTH) return null;
  const canonical = `${compact.slice(0, 4)}-${compact.slice(4)}`;
  return REFERENCE_PATTERN.test(canonical) ? canonical : null;
}
