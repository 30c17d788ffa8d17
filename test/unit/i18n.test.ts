/**
 * Dates in the reader's language (Intl.DateTimeFormat through client/i18n/format.ts),
 * and the first language chosen from the browser's preferences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { i18next } from '../../client/i18n/index.ts';
import { formatDate, formatDateTime } from '../../client/i18n/format.ts';
import { pickLanguage } from '../../shared/languages.ts';

/** Arabic-Indic digits (which some ICU versions use for `ar`) as Latin ones, so the words are what is compared. */
const latinDigits = (text: string) => text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

describe('dates in the chosen language', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'en', resources: {}, initAsync: false });
  });

  it.each([
    ['en', 'Tuesday 12 January 2027'],
    // GOV.UK Welsh style: no comma, "dydd" in lower case.
    ['cy', 'dydd Mawrth 12 Ionawr 2027'],
    ['ar', 'الثلاثاء، 12 يناير 2027'],
    ['ur', 'منگل، 12 جنوری، 2027'],
  ])('writes a day in %s: %s', async (lng, expected) => {
    await i18next.changeLanguage(lng);
    expect(latinDigits(formatDate('2027-01-12'))).toBe(expected);
  });

  it.each([
    // 09:05 UTC in July is 10:05 in London (British Summer Time).
    ['en', '12 July 2027 at 10:05'],
    ['cy', '12 Gorffennaf 2027 am 10:05'],
    ['ar', '12 يوليو 2027 في 10:05 ص'],
    ['ur', '12 جولائی، 2027 کو 10:05 AM'],
  ])('writes an instant as the UK day and time in %s: %s', async (lng, expected) => {
    await i18next.changeLanguage(lng);
    expect(latinDigits(formatDateTime('2027-07-12T09:05:00Z'))).toBe(expected);
  });
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
