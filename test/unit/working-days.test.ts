import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  bankHolidays,
  isBankHoliday,
  isIsoDate,
  isWorkingDay,
  londonDate,
  workingDaysBetween,
} from '../../shared/working-days.ts';

const DAY_MS = 86_400_000;

/** Official England and Wales lists (GOV.UK). */
const OFFICIAL: ReadonlyArray<[number, string[]]> = [
  [2020, ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28']],
  [2021, ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28']],
  [2022, ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27']],
  [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
  [2024, ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26']],
  [2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']],
  [2026, ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28']],
  [2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']],
];

/** Random valid dates, 1990-01-01 … 2200-12-31. */
const isoDate = fc
  .integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2200, 11, 31) / DAY_MS })
  .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10));

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

describe('bankHolidays', () => {
  it.each(OFFICIAL)('matches the official list for %i', (year, days) => {
    expect(bankHolidays(year)).toEqual(days.map((d) => `${year}-${d}`));
  });

  it.each([
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2000, '2000-04-23'],
    [2100, '2100-03-28'],
  ])('computes Easter %i (Good Friday and Easter Monday either side of %s)', (year, easter) => {
    const sunday = Date.parse(`${easter}T00:00:00Z`);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const list = bankHolidays(year);
    expect(list).toContain(iso(sunday - 2 * DAY_MS));
    expect(list).toContain(iso(sunday + DAY_MS));
  });

  it.each([
    [2010, ['2010-12-27', '2010-12-28']], // Christmas on Saturday
    [2016, ['2016-12-26', '2016-12-27']], // Christmas on Sunday
    [2015, ['2015-12-25', '2015-12-28']], // Boxing Day on Saturday
    [2011, ['2011-01-03']], // New Year's Day on Saturday
    [2017, ['2017-01-02']], // New Year's Day on Sunday
  ])('substitutes weekend holidays in %i', (year, expected) => {
    expect(bankHolidays(year)).toEqual(expect.arrayContaining(expected));
  });

  it('returns a fresh array each call (the cache cannot be mutated)', () => {
    const first = bankHolidays(2026);
    first.push('2026-07-04');
    expect(bankHolidays(2026)).toHaveLength(8);
  });

  it('throws on a non-integer year', () => {
    expect(() => bankHolidays(2026.5)).toThrow(RangeError);
    expect(() => bankHolidays(Number.NaN)).toThrow(RangeError);
  });

  it('has 8 bank holidays every year except the one-off years, all on weekdays, sorted and distinct', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2200 }), (year) => {
        const list = bankHolidays(year);
        const expected = year === 2022 ? 10 : year === 2023 ? 9 : 8;
        expect(list).toHaveLength(expected);
        expect(new Set(list).size).toBe(list.length);
        expect([...list].sort()).toEqual(list);
        for (const d of list) {
          expect(d.startsWith(`${year}-`)).toBe(true);
          expect([1, 2, 3, 4, 5]).toContain(weekday(d));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('isBankHoliday / isWorkingDay', () => {
  it('recognises bank holidays, weekends and ordinary days', () => {
    expect(isBankHoliday('2026-12-28')).toBe(true);
    expect(isBankHoliday('2026-12-26')).toBe(false); // Saturday: the holiday is substituted
    expect(isBankHoliday('2022-05-30')).toBe(false); // moved to 2 June
    expect(isBankHoliday('2020-05-04')).toBe(false); // moved to 8 May
    expect(isWorkingDay('2020-05-04')).toBe(true);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-06-27')).toBe(false); // Saturday
    expect(isWorkingDay('2026-06-28')).toBe(false); // Sunday
    expect(isWorkingDay('2026-06-29')).toBe(true); // Monday
  });

  it('throws on invalid dates', () => {
    expect(() => isBankHoliday('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('nope')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-12-23', 5, '2027-01-04', 'skips Christmas, the Boxing Day substitute, New Year and weekends'],
    ['2026-06-26', 1, '2026-06-29', 'Friday + 1 is Monday'],
    ['2026-06-27', 1, '2026-06-29', 'Saturday + 1 is Monday'],
    ['2026-06-28', 1, '2026-06-29', 'Sunday + 1 is Monday'],
    ['2026-05-04', 1, '2026-05-05', 'bank holiday + 1 is the next day'],
    ['2026-04-02', 1, '2026-04-07', 'Easter: Thursday + 1 skips Good Friday to Easter Monday'],
    ['2026-03-30', 5, '2026-04-08', 'Easter week'],
    ['2026-06-17', 0, '2026-06-17', 'n = 0 returns D'],
    ['2026-06-27', 0, '2026-06-27', 'n = 0 returns D even on a weekend'],
    ['2026-06-01', 5, '2026-06-08', 'acknowledge within 5 working days'],
    ['2026-06-01', 10, '2026-06-15', '10 working days'],
    ['2026-06-01', 20, '2026-06-29', '20 working days'],
    ['2026-08-20', 10, '2026-09-04', '10 working days over the summer bank holiday'],
    ['2026-12-14', 20, '2027-01-14', '20 working days over Christmas and New Year'],
    ['2022-05-27', 5, '2022-06-07', 'Platinum Jubilee weekend'],
  ])('addWorkingDays(%s, %i) = %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
    expect(workingDaysBetween(date, expected)).toBe(n);
  });

  it.each(['2027-02-30', '2027-2-3', '2026-13-01', '2026-00-10', '', '2026-06-01T00:00:00Z', ' 2026-06-01'])(
    'throws on invalid date %j',
    (date) => {
      expect(() => addWorkingDays(date, 1)).toThrow(RangeError);
    },
  );

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws on n = %s', (n) => {
    expect(() => addWorkingDays('2026-06-01', n)).toThrow(RangeError);
  });

  it('result is a working day after D, and workingDaysBetween inverts it', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 60 }), (date, n) => {
        const result = addWorkingDays(date, n);
        expect(workingDaysBetween(date, result)).toBe(n);
        if (n === 0) {
          expect(result).toBe(date);
        } else {
          expect(result > date).toBe(true);
          expect(isWorkingDay(result)).toBe(true);
          // No working day is skipped: the day before the deadline leaves one to go.
          expect(addWorkingDays(date, n - 1) < result).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is strictly monotonic in n', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 60 }), (date, n) => {
        expect(addWorkingDays(date, n + 1) > addWorkingDays(date, n)).toBe(true);
      }),
    );
  });

  it('composes: add(add(D, a), b) === add(D, a + b)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (date, a, b) => {
        expect(addWorkingDays(addWorkingDays(date, a), b)).toBe(addWorkingDays(date, a + b));
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween('2026-06-01', '2026-06-01')).toBe(0);
    expect(workingDaysBetween('2026-06-05', '2026-06-01')).toBe(0);
    expect(workingDaysBetween('2026-06-05', '2026-06-08')).toBe(1); // Fri → Mon
    expect(workingDaysBetween('2026-12-24', '2026-12-29')).toBe(1); // 25, 26-27 weekend, 28 substitute
    expect(workingDaysBetween('2025-12-31', '2026-12-31')).toBe(253);
  });

  it('is 0 when to <= from and additive over a midpoint', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (a, i, j) => {
        const plus = (iso: string, days: number) =>
          new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
        const b = plus(a, i);
        const c = plus(b, j);
        expect(workingDaysBetween(b, a)).toBe(0);
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
    );
  });

  it('throws on invalid dates', () => {
    expect(() => workingDaysBetween('2026-06-31', '2026-07-01')).toThrow(RangeError);
    expect(() => workingDaysBetween('2026-06-01', '26-07-01')).toThrow(RangeError);
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2026-06-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2027-02-28', true],
    ['2027-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2027-02-30', false],
    ['2027-04-31', false],
    ['2027-2-3', false],
    ['2027-02-3', false],
    ['20270203', false],
    ['2027/02/03', false],
    ['2027-02-03T00:00:00Z', false],
    ['2027-02-03\n', false],
    ['２０２７-02-03', false],
    ['0000-01-01', false],
    ['', false],
  ])('isIsoDate(%j) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('accepts every generated date and round-trips it through Date', () => {
    fc.assert(
      fc.property(isoDate, (date) => {
        expect(isIsoDate(date)).toBe(true);
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
      }),
    );
  });

  it('accepts a year/month/day triple exactly when the day exists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const value = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
          expect(isIsoDate(value)).toBe(d <= daysInMonth);
        },
      ),
    );
  });
});

describe('londonDate', () => {
  it.each([
    ['2026-06-30T23:30:00Z', '2026-07-01'], // BST: 00:30 next day
    ['2026-12-31T23:30:00Z', '2026-12-31'], // GMT
    ['2026-03-28T23:59:59Z', '2026-03-28'], // last second of GMT before clocks go forward
    ['2026-10-24T23:00:00Z', '2026-10-25'], // BST midnight on the day clocks go back
    ['2026-10-25T23:00:00Z', '2026-10-25'], // GMT again
  ])('londonDate(%s) is %s', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  it('throws on an invalid Date', () => {
    expect(() => londonDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agrees with the time zone database hour after hour', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
    const HOUR_MS = 3_600_000;
    // An instant in one hour, then two in the next (the second answered from the first's answer), anywhere
    // from 1947 to 2106, so across midnights and clock changes.
    const hourStart = fc.integer({ min: -200_000, max: 1_200_000 }).map((hour) => hour * HOUR_MS);
    const within = fc.integer({ min: 0, max: HOUR_MS - 1 });
    fc.assert(
      fc.property(hourStart, within, within, (start, first, second) => {
        for (const instant of [new Date(start - HOUR_MS + first), new Date(start + first), new Date(start + second)]) {
          expect(londonDate(instant)).toBe(zone.format(instant));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('range edges', () => {
  it('computes holidays outside the accepted input range (e.g. for deadlines past 2999)', () => {
    expect(bankHolidays(1066)).toHaveLength(8);
    expect(bankHolidays(3000)).toHaveLength(8);
    expect(addWorkingDays('2999-12-29', 3)).toBe('3000-01-02'); // Sun → Mon, Tue, (1 Jan), Thu
  });
});
