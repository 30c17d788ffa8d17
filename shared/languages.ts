/**
 * The languages a resident can choose, each named in itself. The one in use
 * goes with the complaint, so letters and emails can follow it.
 */
export const LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ur', 'ar', 'pa', 'bn', 'pt', 'so'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_INFO: Record<Language, { name: string; dir: 'ltr' | 'rtl' }> = {
  en: { name: 'English', dir: 'ltr' },
  cy: { name: 'Cymraeg', dir: 'ltr' },
  pl: { name: 'Polski', dir: 'ltr' },
  ro: { name: 'Română', dir: 'ltr' },
  ur: { name: 'اردو', dir: 'rtl' },
  ar: { name: 'العربية', dir: 'rtl' },
  pa: { name: 'ਪੰਜਾਬੀ', dir: 'ltr' },
  bn: { name: 'বাংলা', dir: 'ltr' },
  pt: { name: 'Português', dir: 'ltr' },
  so: { name: 'Soomaali', dir: 'ltr' },
};

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Our Panjabi is in Gurmukhi script. Panjabi in Shahmukhi (Arabic script, `pa-Arab`,
 * or `pa-PK`, where Shahmukhi is what is written) is not readable to someone who
 * reads only Gurmukhi, and the reverse: those readers get the next language they
 * prefer, else Urdu, which shares Shahmukhi's script.
 */
function isShahmukhi(subtags: string[]): boolean {
  if (subtags.includes('guru')) return false;
  return subtags.includes('arab') || subtags.includes('pk');
}

/** The first of the browser's preferred languages that we have (`pt-BR` → `pt`), else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  let shahmukhi = false;
  for (const tag of preferred) {
    const [base = '', ...subtags] = tag.toLowerCase().split('-');
    if (base === 'pa' && isShahmukhi(subtags)) {
      shahmukhi = true;
      continue;
    }
    if (isLanguage(base)) return base;
  }
  return shahmukhi ? 'ur' : 'en';
}
