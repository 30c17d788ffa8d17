/**
 * Dates in the reader's language (Intl.DateTimeFormat through client/i18n/format.ts),
 * and the first language chosen from the browser's preferences.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18next } from '../../client/i18n/index.ts';
import { formatDate, formatDateTime, intlKnows } from '../../client/i18n/format.ts';
import { formatOpeningHours } from '../../client/i18n/opening-hours.ts';
import { landlord } from '../../shared/config/landlord.ts';
import { checkLandlordConfig } from '../../shared/config/landlord-schema.ts';
import welshExample from '../../shared/config/examples/landlord-wales.json' with { type: 'json' };
import { LANGUAGES, LANGUAGE_INFO, pickLanguage, type Language } from '../../shared/languages.ts';

const resources = Object.fromEntries(
  LANGUAGES.map((lng) => [
    lng,
    { translation: JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../client/i18n/locales/${lng}.json`), 'utf8')) },
  ]),
);

/** Arabic-Indic digits (which some ICU versions use for `ar`) as Latin ones, so the words are what is compared. */
const latinDigits = (text: string) => text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

describe('dates in the chosen language', () => {
  beforeAll(async () => {
    for (const lng of LANGUAGES) i18next.addResources(lng, resources[lng]!.translation);
    await i18next.changeLanguage('en');
  });

  it.each([
    ['en', 'Tuesday 12 January 2027'],
    // GOV.UK Welsh style: no comma, "dydd" in lower case.
    ['cy', 'dydd Mawrth 12 Ionawr 2027'],
    ['ar', 'الثلاثاء، 12 يناير 2027'],
    ['ur', 'منگل، 12 جنوری، 2027'],
  ])('writes a day in %s: %s', async (lng, expected) => {
    await i18next.changeLanguage(lng as Language);
    expect(latinDigits(formatDate('2027-01-12'))).toBe(expected);
  });

  it.each([
    // 09:05 UTC in July is 10:05 in London (British Summer Time).
    ['en', '12 July 2027 at 10:05'],
    ['cy', '12 Gorffennaf 2027 am 10:05'],
    ['ar', '12 يوليو 2027 في 10:05 ص'],
    ['ur', '12 جولائی، 2027 کو 10:05 AM'],
  ])('writes an instant as the UK day and time in %s: %s', async (lng, expected) => {
    await i18next.changeLanguage(lng as Language);
    expect(latinDigits(formatDateTime('2027-07-12T09:05:00Z'))).toBe(expected);
  });
});

describe('dates in a browser whose Intl lacks the language (Chromium has no Welsh or Somali)', () => {
  beforeAll(async () => {
    for (const lng of LANGUAGES) i18next.addResources(lng, resources[lng]!.translation);
    await i18next.changeLanguage('en');
  });
  const withoutIntl = <T>(lng: string, write: () => T): T => {
    intlKnows.set(lng, false);
    try {
      return write();
    } finally {
      intlKnows.delete(lng);
    }
  };

  it.each(LANGUAGES.filter((lng) => lng !== 'en'))('writes days in %s from date-words.ts as Intl writes them', async (lng) => {
    await i18next.changeLanguage(lng as Language);
    for (const iso of ['2027-01-12', '2026-03-01', '2026-06-20', '2026-12-31', '2027-08-05', '2027-10-03', '2027-11-28']) {
      expect(withoutIntl(lng, () => formatDate(iso))).toBe(latinDigits(formatDate(iso)));
    }
  });

  it.each([
    ['cy', '12 Gorffennaf 2027 am 10:05'],
    ['so', 'Luulyo 12, 2027 ee 10:05'],
  ])('writes an instant in %s from date-words.ts', async (lng, instant) => {
    await i18next.changeLanguage(lng as Language);
    expect(withoutIntl(lng, () => formatDateTime('2027-07-12T09:05:00Z'))).toBe(instant);
  });
});

describe("the landlord's phone hours, in the chosen language", () => {
  const hours = landlord.contact.phoneHours;

  it.each([
    ['en', 'Monday to Friday, 8am to 6pm'],
    ['cy', 'dydd Llun i dydd Gwener, 08:00 i 18:00'],
    ['pl', 'poniedziałek – piątek, godz. 08:00–18:00'],
    ['ar', 'من الاثنين إلى الجمعة، من 08:00 إلى 18:00'],
    ['so', 'Isniin ilaa Jimco, 08:00 ilaa 18:00'],
  ])('in %s: %s', async (lng, expected) => {
    expect(hours).toEqual([{ from: 'monday', to: 'friday', opens: '08:00', closes: '18:00' }]);
    await i18next.changeLanguage(lng as Language);
    expect(latinDigits(formatOpeningHours(hours))).toBe(expected);
  });

  it('says a single day, and several ranges one after another', async () => {
    await i18next.changeLanguage('en');
    const week = { from: 'monday', to: 'friday', opens: '08:00', closes: '18:30' } as const;
    const saturday = { from: 'saturday', to: 'saturday', opens: '09:00', closes: '12:00' } as const;
    expect(formatOpeningHours([week, saturday])).toBe('Monday to Friday, 8am to 6:30pm; Saturday, 9am to 12pm');
    await i18next.changeLanguage('cy');
    expect(formatOpeningHours([week, saturday])).toBe('dydd Llun i dydd Gwener, 08:00 i 18:30; dydd Sadwrn, 09:00 i 12:00');
  });

  it('is days and times in the configuration, checked: words that only English could show are refused', () => {
    expect(() => checkLandlordConfig(landlord)).not.toThrow();
    const withHours = (phoneHours: unknown) => ({ ...landlord, contact: { ...landlord.contact, phoneHours } });
    expect(() => checkLandlordConfig(withHours('Monday to Friday, 8am to 6pm'))).toThrow(/contact\.phoneHours/);
    expect(() => checkLandlordConfig(withHours([]))).toThrow(/contact\.phoneHours/);
    expect(() => checkLandlordConfig(withHours([{ from: 'Mon', to: 'friday', opens: '08:00', closes: '18:00' }]))).toThrow(/from/);
    expect(() => checkLandlordConfig(withHours([{ from: 'monday', to: 'friday', opens: '8am', closes: '18:00' }]))).toThrow(/opens/);
    expect(() => checkLandlordConfig(withHours([{ from: 'monday', to: 'friday', opens: '18:00', closes: '08:00' }]))).toThrow(/before/);
    expect(() => checkLandlordConfig(withHours([{ from: 'friday', to: 'monday', opens: '08:00', closes: '18:00' }]))).toThrow(/before/);
  });

  it('says whether the landlord is a council (the Ombudsman page then names the LGSCO), as true or false only', () => {
    expect(checkLandlordConfig({ ...landlord, council: true }).council).toBe(true);
    expect(() => checkLandlordConfig({ ...landlord, council: 'yes' })).toThrow(/council/);
  });

  it("names the landlord's ombudsman with the date its details were checked: the Welsh example (PSOW) is valid, a block without checkedOn is refused", () => {
    const wales = checkLandlordConfig(welshExample);
    expect(wales.ombudsman.scheme).toBe('psow');
    expect(wales.ombudsman.name).toBe('Public Services Ombudsman for Wales');
    const { checkedOn: _, ...unchecked } = landlord.ombudsman;
    expect(() => checkLandlordConfig({ ...landlord, ombudsman: unchecked })).toThrow(/ombudsman\.checkedOn/);
    expect(() => checkLandlordConfig({ ...landlord, ombudsman: { ...landlord.ombudsman, checkedOn: '2 December 2026' } })).toThrow(/ombudsman\.checkedOn/);
    expect(() => checkLandlordConfig({ ...landlord, ombudsman: { ...landlord.ombudsman, scheme: 'scotland' } })).toThrow(/ombudsman\.scheme/);
  });
});

describe('right-to-left translations', () => {
  it.each(LANGUAGES.filter((lng) => LANGUAGE_INFO[lng].dir === 'rtl'))(
    'in %s, keeps every example phone number left to right (isolated), so its groups of digits are not shown in reverse',
    (lng) => {
      const all = JSON.stringify(resources[lng]!.translation);
      const phoneNumbers = [...all.matchAll(/.?\b0\d{3,4}(?: \d{3,6})+.?/gu)].map((m) => m[0]);
      expect(phoneNumbers.length).toBeGreaterThan(0);
      for (const phone of phoneNumbers) expect(phone, phone).toMatch(/^\u2066.*\u2069$/u);
    },
  );
});

describe('the first language, from the browser', () => {
  it.each([
    [['cy-GB', 'en-GB'], 'cy'],
    [['pt-BR'], 'pt'],
    [['de-DE', 'pl'], 'pl'],
    [['de-DE'], 'en'],
    [['pa'], 'pa'],
    [['pa-IN'], 'pa'],
    [['pa-Guru-IN'], 'pa'],
  ])('%j → %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });

  it.each([
    // Our Panjabi is Gurmukhi: Shahmukhi readers get their next choice, else Urdu (the same script).
    [['pa-Arab'], 'ur'],
    [['pa-Arab-PK'], 'ur'],
    [['pa-PK'], 'ur'],
    [['pa-Arab', 'en-GB'], 'en'],
    [['pa-Arab', 'ar'], 'ar'],
  ])('does not send Panjabi readers of Arabic script to Gurmukhi: %j → %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});
