/**
 * Names of days and months, and the long date and date-and-time patterns, in each
 * language, from CLDR (as Node's full ICU gives them; Welsh without the comma and
 * with "dydd" in lower case, as GOV.UK writes it). Used by format.ts only where the
 * browser's Intl lacks the language: Chromium has no Welsh or Somali, and Panjabi
 * only in part. Data, not translations: they are not reviewed like the locale files.
 */
import type { Language } from '../../shared/languages.ts';

export interface DateWords {
  /** {{weekday}} {{day}} {{month}} {{year}} */
  long: string;
  /** {{day}} {{month}} {{year}} {{time}} */
  dateTime: string;
  /** Monday first. */
  weekdays: readonly string[];
  /** The month as it is written in a date (Polish: "stycznia"). */
  months: readonly string[];
}

export const DATE_WORDS: Record<Language, DateWords> = {
  en: {
    long: '{{weekday}} {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} at {{time}}',
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  },
  cy: {
    long: '{{weekday}} {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} am {{time}}',
    weekdays: ['dydd Llun', 'dydd Mawrth', 'dydd Mercher', 'dydd Iau', 'dydd Gwener', 'dydd Sadwrn', 'dydd Sul'],
    months: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
  },
  pl: {
    long: '{{weekday}}, {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} {{time}}',
    weekdays: ['poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota', 'niedziela'],
    months: ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'],
  },
  ro: {
    long: '{{weekday}}, {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} la {{time}}',
    weekdays: ['luni', 'marți', 'miercuri', 'joi', 'vineri', 'sâmbătă', 'duminică'],
    months: ['ianuarie', 'februarie', 'martie', 'aprilie', 'mai', 'iunie', 'iulie', 'august', 'septembrie', 'octombrie', 'noiembrie', 'decembrie'],
  },
  ur: {
    long: '{{weekday}}، {{day}} {{month}}، {{year}}',
    dateTime: '{{day}} {{month}}، {{year}} کو {{time}}',
    weekdays: ['پیر', 'منگل', 'بدھ', 'جمعرات', 'جمعہ', 'ہفتہ', 'اتوار'],
    months: ['جنوری', 'فروری', 'مارچ', 'اپریل', 'مئی', 'جون', 'جولائی', 'اگست', 'ستمبر', 'اکتوبر', 'نومبر', 'دسمبر'],
  },
  ar: {
    long: '{{weekday}}، {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} في {{time}}',
    weekdays: ['الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد'],
    months: ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'],
  },
  pa: {
    long: '{{weekday}}, {{day}} {{month}} {{year}}',
    dateTime: '{{day}} {{month}} {{year}} {{time}}',
    weekdays: ['ਸੋਮਵਾਰ', 'ਮੰਗਲਵਾਰ', 'ਬੁੱਧਵਾਰ', 'ਵੀਰਵਾਰ', 'ਸ਼ੁੱਕਰਵਾਰ', 'ਸ਼ਨੀਵਾਰ', 'ਐਤਵਾਰ'],
    months: ['ਜਨਵਰੀ', 'ਫ਼ਰਵਰੀ', 'ਮਾਰਚ', 'ਅਪ੍ਰੈਲ', 'ਮਈ', 'ਜੂਨ', 'ਜੁਲਾਈ', 'ਅਗਸਤ', 'ਸਤੰਬਰ', 'ਅਕਤੂਬਰ', 'ਨਵੰਬਰ', 'ਦਸੰਬਰ'],
  },
  bn: {
    long: '{{weekday}}, {{day}} {{month}}, {{year}}',
    dateTime: '{{day}} {{month}}, {{year}} এ {{time}}',
    weekdays: ['সোমবার', 'মঙ্গলবার', 'বুধবার', 'বৃহস্পতিবার', 'শুক্রবার', 'শনিবার', 'রবিবার'],
    months: ['জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টেম্বর', 'অক্টোবর', 'নভেম্বর', 'ডিসেম্বর'],
  },
  pt: {
    long: '{{weekday}}, {{day}} de {{month}} de {{year}}',
    dateTime: '{{day}} de {{month}} de {{year}} às {{time}}',
    weekdays: ['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado', 'domingo'],
    months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  },
  so: {
    long: '{{weekday}}, {{month}} {{day}}, {{year}}',
    dateTime: '{{month}} {{day}}, {{year}} ee {{time}}',
    weekdays: ['Isniin', 'Talaado', 'Arbaco', 'Khamiis', 'Jimco', 'Sabti', 'Axad'],
    months: ['Janaayo', 'Febraayo', 'Maarso', 'Abriil', 'Maayo', 'Juun', 'Luulyo', 'Agosto', 'Sebtembar', 'Oktoobar', 'Noofeembar', 'Diseembar'],
  },
};
