/**
 * Working days in England and Wales, for complaint deadlines (e.g. "acknowledge
 * within 5 working days"). Pure and dependency-free: runs in the browser and on
 * the server. Dates are UK local calendar dates as `'YYYY-MM-DD'` strings; all
 * arithmetic is done in UTC so the host timezone never matters.
 *
 * Bank holidays are computed from the standing rules for any year, plus the
 * one-off changes since 2020 in {@link ONE_OFF_CHANGES}. Earlier one-offs (1995,
 * 1999, 2002, 2011, 2012) and pre-1978 rules are deliberately not modelled.
 */

/** A calendar date in strict `'YYYY-MM-DD'` form (UK local date). */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/**
 * One-off changes to England and Wales bank holidays since 2020, from the
 * official GOV.UK list. `moved` maps the usual date to its replacement;
 * `added` lists extra days.
 */
const ONE_OFF_CHANGES: {
  readonly moved: Readonly<Record<IsoDate, IsoDate>>;
  readonly added: readonly IsoDate[];
} = {
  moved: {
    '2020-05-04': '2020-05-08', // Early May → VE Day 75th anniversary (Fri)
    '2022-05-30': '2022-06-02', // Spring → Platinum Jubilee (Thu)
  },
  added: [
    '2022-06-03', // Platinum Jubilee (Fri)
    '2022-09-19', // State Funeral of Queen Elizabeth II
    '2023-05-08', // Coronation of King Charles III
  ],
};

/** Days since 1970-01-01 for a UTC calendar date (month is 1-12). */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Day of week for a day number: 0 = Sunday … 6 = Saturday. */
function weekday(n: number): number {
  return new Date(n * DAY_MS).getUTCDay();
}

function isWeekend(n: number): boolean {
  const dow = weekday(n);
  return dow === 0 || dow === 6;
}

function format(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** Day number of a well-formed `'YYYY-MM-DD'` string (not validated). */
function toDayNumber(date: IsoDate): number {
  return dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Parses a valid IsoDate to a day number, or throws RangeError. */
function parse(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Invalid ISO date: ${JSON.stringify(date)}`);
  return toDayNumber(date);
}

/**
 * True only for a real calendar date in strict `'YYYY-MM-DD'` form with a year
 * from 1900 to 2999 (rejects `'2027-02-30'`, `'2027-2-3'`, `'2027-02-03T00:00'`).
 */
export function isIsoDate(value: string): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Easter Sunday as a day number (anonymous Gregorian algorithm). */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** First weekday on or after `n` that is not already in `taken`. */
function substitute(n: number, taken: ReadonlySet<number>): number {
  let d = n;
  while (isWeekend(d) || taken.has(d)) d += 1;
  return d;
}

interface YearHolidays {
  readonly list: readonly IsoDate[];
  /** The same dates as day numbers, for fast lookups while counting. */
  readonly days: ReadonlySet<number>;
}

const cache = new Map<number, YearHolidays>();

function holidaysFor(year: number): YearHolidays {
  const cached = cache.get(year);
  if (cached) return cached;

  const easter = easterSunday(year);
  const may1 = dayNumber(year, 5, 1);
  const may31 = dayNumber(year, 5, 31);
  const aug31 = dayNumber(year, 8, 31);
  const taken = new Set<number>();
  const christmas = substitute(dayNumber(year, 12, 25), taken);
  taken.add(christmas);
  const boxingDay = substitute(dayNumber(year, 12, 26), taken);

  const standard = [
    substitute(dayNumber(year, 1, 1), new Set()), // New Year's Day
    easter - 2, // Good Friday
    easter + 1, // Easter Monday
    may1 + ((8 - weekday(may1)) % 7), // Early May: first Monday of May
    may31 - ((weekday(may31) + 6) % 7), // Spring: last Monday of May
    aug31 - ((weekday(aug31) + 6) % 7), // Summer: last Monday of August
    christmas,
    boxingDay,
  ].map(format);

  const prefix = `${String(year).padStart(4, '0')}-`;
  const dates = standard
    .map((d) => ONE_OFF_CHANGES.moved[d] ?? d)
    .concat(ONE_OFF_CHANGES.added.filter((d) => d.startsWith(prefix)));
  const list = Object.freeze([...new Set(dates)].sort());
  const entry: YearHolidays = { list, days: new Set(list.map(toDayNumber)) };
  cache.set(year, entry);
  return entry;
}

/**
 * England and Wales bank holidays for `year`, sorted ascending: New Year's Day,
 * Good Friday, Easter Monday, Early May, Spring and Summer bank holidays,
 * Christmas Day and Boxing Day (with substitute weekdays), adjusted by the
 * one-off changes since 2020. Results are cached per year; a fresh array is
 * returned each call. Throws RangeError unless `year` is an integer 1000-9999.
 */
export function bankHolidays(year: number): IsoDate[] {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invalid year: ${year}`);
  }
  return [...holidaysFor(year).list];
}

/** True if `date` is an England and Wales bank holiday. Throws RangeError on an invalid date. */
export function isBankHoliday(date: IsoDate): boolean {
  const n = parse(date);
  return holidaysFor(Number(date.slice(0, 4))).days.has(n);
}

function isWorkingDayNumber(n: number): boolean {
  if (isWeekend(n)) return false;
  return !holidaysFor(new Date(n * DAY_MS).getUTCFullYear()).days.has(n);
}

/**
 * True if `date` is a working day: not a Saturday, Sunday or bank holiday.
 * Throws RangeError on an invalid date.
 */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(parse(date));
}

/**
 * The deadline `n` working days from `date`: the nth working day after it.
 * `date` itself never counts, whether or not it is a working day; `n = 0`
 * returns `date` unchanged. Throws RangeError on an invalid date or unless `n`
 * is a non-negative integer.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  const start = parse(date);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Working days must be a non-negative integer, got ${n}`);
  }
  if (n === 0) return date;
  let day = start;
  let remaining = n;
  while (remaining > 0) {
    day += 1;
    if (isWorkingDayNumber(day)) remaining -= 1;
  }
  return format(day);
}

/**
 * The number of working days `d` with `from < d <= to` (0 if `to <= from`).
 * Inverse of {@link addWorkingDays}: `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 * Throws RangeError on an invalid date.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const start = parse(from);
  const end = parse(to);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isWorkingDayNumber(day)) count += 1;
  }
  return count;
}

let londonFormatter: Intl.DateTimeFormat | undefined;
const HOUR_MS = 3_600_000;
/**
 * The last answer, for its whole UTC hour: London's offsets (GMT, BST) are whole hours and change on
 * the hour, so its date changes only on a UTC hour. Kept only from 1970 on.
 */
let lastHour: { hour: number; date: IsoDate } | undefined;

/**
 * The calendar date in the Europe/London timezone (GMT or BST) at `instant`.
 * Throws RangeError for an invalid Date.
 */
export function londonDate(instant: Date): IsoDate {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  const hour = Math.floor(time / HOUR_MS);
  if (lastHour?.hour === hour) return lastHour.date;
  londonFormatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = londonFormatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  if (time >= 0) lastHour = { hour, date };
  return date;
}
