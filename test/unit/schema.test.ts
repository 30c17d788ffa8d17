/**
 * The shared complaint schema and its error codes, the normaliser, complaint
 * references, the Code's date rules, and the server's environment.
 */
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readEnv } from '../../server/env.ts';
import { acknowledgeBy, isOlderThanTimeLimit } from '../../shared/code.ts';
import { ERROR_CODES, fieldId, toFieldIssues, type FieldIssue } from '../../shared/errors.ts';
import { newReference, parseReference, REFERENCE_ALPHABET } from '../../shared/reference.ts';
import {
  ComplaintSchema,
  LIMITS,
  normaliseComplaint,
  type Complaint,
} from '../../shared/schemas/complaint.ts';
import { londonDate } from '../../shared/working-days.ts';
import { representativeComplaint, validComplaint, type Payload } from '../support/complaint-fixtures.ts';

const DAY_MS = 86_400_000;

function edit(base: Payload, change: (payload: Payload) => void): Payload {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

/** The field issues for an input, as the API would report them. */
function issuesOf(input: unknown): FieldIssue[] {
  const result = v.safeParse(ComplaintSchema, input);
  return result.success ? [] : toFieldIssues(result.issues);
}

function parse(input: unknown): Complaint {
  const result = v.safeParse(ComplaintSchema, input);
  if (!result.success) throw new Error(JSON.stringify(toFieldIssues(result.issues)));
  return result.output;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ComplaintSchema', () => {
  it('accepts a full resident complaint and a representative complaint', () => {
    expect(issuesOf(validComplaint())).toEqual([]);
    expect(issuesOf(representativeComplaint())).toEqual([]);
  });

  it('accepts the least a resident must answer', () => {
    const least = {
      submittedBy: 'resident',
      resident: { name: 'A', tenancyReference: 'T1', preferredContact: 'phone', phone: '0113 496 0000' },
      complaint: {
        description: 'd',
        happenedOn: '2025-01-01',
        stillHappening: false,
        aboutServiceRequest: 'not_sure',
        othersAffected: 'no',
        desiredOutcome: 'o',
      },
      support: { needed: false },
    };
    expect(issuesOf(least)).toEqual([]);
  });

  it('takes "I\'m not sure yet" (null) for what would put it right, but not a missing or empty answer', () => {
    const notSure = edit(validComplaint(), (p) => (p.complaint.desiredOutcome = null));
    expect(issuesOf(notSure)).toEqual([]);
    expect(parse(notSure).complaint.desiredOutcome).toBeNull();
    expect(issuesOf(edit(validComplaint(), (p) => delete p.complaint.desiredOutcome))).toEqual([
      { path: ['complaint', 'desiredOutcome'], code: 'required' },
    ]);
    expect(issuesOf(edit(validComplaint(), (p) => (p.complaint.desiredOutcome = '  ')))).toEqual([
      { path: ['complaint', 'desiredOutcome'], code: 'required' },
    ]);
  });

  it('trims text', () => {
    const output = parse(edit(validComplaint(), (p) => (p.resident.name = '  Amina  ')));
    expect(output.resident.name).toBe('Amina');
  });

  it.each([
    ['complaint.description', LIMITS.longText],
    ['complaint.desiredOutcome', LIMITS.longText],
    ['complaint.delayReason', LIMITS.mediumText],
    ['resident.name', LIMITS.name],
    ['resident.address', LIMITS.address],
    ['resident.tenancyReference', LIMITS.reference],
    ['support.details', LIMITS.mediumText],
  ] as const)('takes %s up to %i characters', (field, limit) => {
    const [section, key] = field.split('.') as [string, string];
    expect(issuesOf(edit(validComplaint(), (p) => (p[section][key] = 'x'.repeat(limit))))).toEqual([]);
    expect(issuesOf(edit(validComplaint(), (p) => (p[section][key] = 'x'.repeat(limit + 1))))).toEqual([
      { path: [section, key], code: 'too_long' },
    ]);
  });

  it('counts the limit after trimming', () => {
    const padded = '  ' + 'x'.repeat(LIMITS.name) + '  ';
    expect(issuesOf(edit(validComplaint(), (p) => (p.resident.name = padded)))).toEqual([]);
  });

  it.each(['07700 900123', '+44 7700 900123', '+44 (0)20 7946 0958', '020-7946-0958', '0113.496.0000', '1234567'])(
    'accepts the phone number %j',
    (phone) => {
      expect(issuesOf(edit(validComplaint(), (p) => (p.resident.phone = phone)))).toEqual([]);
    },
  );

  it.each(['123456', '1234567890123456', 'call me', '07700 900123 ext 4', '+44 7700 9001#3', '++447700900123x'])(
    'refuses the phone number %j',
    (phone) => {
      expect(issuesOf(edit(validComplaint(), (p) => (p.resident.phone = phone)))).toEqual([
        { path: ['resident', 'phone'], code: 'phone' },
      ]);
    },
  );

  it.each(['a@b.co', 'amina.okafor+housing@example.org.uk'])('accepts the email %j', (email) => {
    expect(issuesOf(edit(validComplaint(), (p) => (p.resident.email = email)))).toEqual([]);
  });

  it.each(['amina', 'amina@example', '@example.org', 'amina@@example.org', 'amina okafor@example.org'])(
    'refuses the email %j',
    (email) => {
      expect(issuesOf(edit(validComplaint(), (p) => (p.resident.email = email)))).toEqual([
        { path: ['resident', 'email'], code: 'email' },
      ]);
    },
  );

  describe('happenedOn', () => {
    it('accepts today in London and refuses tomorrow', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-06-15T12:00:00Z'));
      const on = (date: string) => issuesOf(edit(validComplaint(), (p) => (p.complaint.happenedOn = date)));
      expect(on('2025-06-15')).toEqual([]);
      expect(on('2025-06-16')).toEqual([{ path: ['complaint', 'happenedOn'], code: 'date_future' }]);
    });

    it("uses London's day, not UTC's", () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      // 23:30 UTC on 15 June is 00:30 on 16 June in London (BST).
      vi.setSystemTime(new Date('2025-06-15T23:30:00Z'));
      expect(issuesOf(edit(validComplaint(), (p) => (p.complaint.happenedOn = '2025-06-16')))).toEqual([]);
    });

    it.each(['2027-02-30', '2025-02-29', '2025-13-01', '2025-00-10', '2025-1-5', '05/01/2025', '2025-01-05T00:00', '', '1899-12-31'])(
      'refuses %j as date_invalid',
      (date) => {
        expect(issuesOf(edit(validComplaint(), (p) => (p.complaint.happenedOn = date)))).toEqual([
          { path: ['complaint', 'happenedOn'], code: 'date_invalid' },
        ]);
      },
    );

    it('accepts 29 February in a leap year', () => {
      expect(issuesOf(edit(validComplaint(), (p) => (p.complaint.happenedOn = '2024-02-29')))).toEqual([]);
    });
  });

  describe('cross-field rules', () => {
    it.each([
      ['email', 'email', 'email_for_preferred'],
      ['phone', 'phone', 'phone_for_preferred'],
      ['text', 'phone', 'phone_for_preferred'],
      ['post', 'address', 'address_for_preferred'],
    ] as const)('preferredContact %s needs resident.%s', (preferredContact, field, code) => {
      const payload = edit(validComplaint(), (p) => {
        p.resident.preferredContact = preferredContact;
        p.resident[field] = ' ';
      });
      expect(issuesOf(payload)).toEqual([{ path: ['resident', field], code }]);
    });

    it('needs an address or a tenancy reference, either is enough', () => {
      const neither = edit(validComplaint(), (p) => {
        delete p.resident.address;
        delete p.resident.tenancyReference;
      });
      expect(issuesOf(neither)).toEqual([{ path: ['resident', 'address'], code: 'address_or_tenancy' }]);
      expect(issuesOf(edit(validComplaint(), (p) => delete p.resident.address))).toEqual([]);
      expect(issuesOf(edit(validComplaint(), (p) => delete p.resident.tenancyReference))).toEqual([]);
    });

    it('reports one problem per field: address_or_tenancy before address_for_preferred', () => {
      const payload = edit(validComplaint(), (p) => {
        p.resident.preferredContact = 'post';
        delete p.resident.address;
        delete p.resident.tenancyReference;
      });
      expect(issuesOf(payload)).toEqual([{ path: ['resident', 'address'], code: 'address_or_tenancy' }]);
    });

    it('needs a representative with permission and a way to contact them', () => {
      expect(issuesOf(edit(representativeComplaint(), (p) => delete p.representative))).toEqual([
        { path: ['representative'], code: 'required' },
      ]);
      expect(issuesOf(edit(representativeComplaint(), (p) => (p.representative.hasPermission = false)))).toEqual([
        { path: ['representative', 'hasPermission'], code: 'permission_required' },
      ]);
      const noContact = edit(representativeComplaint(), (p) => {
        p.representative.email = '';
        delete p.representative.phone;
      });
      expect(issuesOf(noContact)).toEqual([{ path: ['representative', 'email'], code: 'contact_for_representative' }]);
      expect(issuesOf(edit(representativeComplaint(), (p) => delete p.representative.email))).toEqual([]);
      expect(issuesOf(edit(representativeComplaint(), (p) => delete p.representative.phone))).toEqual([]);
    });

    it('needs consent only to keep support details', () => {
      const withoutConsent = (support: Payload) => issuesOf(edit(validComplaint(), (p) => (p.support = support)));
      expect(withoutConsent({ needed: true, details: 'Large print' })).toEqual([
        { path: ['support', 'consent'], code: 'consent_required' },
      ]);
      expect(withoutConsent({ needed: true, details: 'Large print', consent: false })).toEqual([
        { path: ['support', 'consent'], code: 'consent_required' },
      ]);
      expect(withoutConsent({ needed: true, details: 'Large print', consent: true })).toEqual([]);
      expect(withoutConsent({ needed: true })).toEqual([]);
      expect(withoutConsent({ needed: true, details: '   ' })).toEqual([]);
      expect(withoutConsent({ needed: false, details: 'Large print' })).toEqual([]);
    });

    it('runs alongside failures elsewhere', () => {
      const payload = edit(validComplaint(), (p) => {
        delete p.resident.name;
        p.support = { needed: true, details: 'Large print' };
      });
      expect(issuesOf(payload)).toEqual([
        { path: ['resident', 'name'], code: 'required' },
        { path: ['support', 'consent'], code: 'consent_required' },
      ]);
    });

    it('does not run on a field that is itself invalid', () => {
      const payload = edit(validComplaint(), (p) => {
        p.resident.preferredContact = 'pigeon';
        delete p.resident.email;
      });
      expect(issuesOf(payload)).toEqual([{ path: ['resident', 'preferredContact'], code: 'choice' }]);
    });
  });
});

describe('toFieldIssues', () => {
  it('maps each kind of failure to its code and path', () => {
    const payload = edit(validComplaint(), (p) => {
      p.extra = true;
      p.resident.extra = true;
      delete p.complaint.description;
      p.complaint.stillHappening = 'yes';
      p.complaint.othersAffected = 'maybe';
    });
    expect(issuesOf(payload)).toEqual([
      { path: ['resident', 'extra'], code: 'unknown_field' },
      { path: ['complaint', 'description'], code: 'required' },
      { path: ['complaint', 'stillHappening'], code: 'type' },
      { path: ['complaint', 'othersAffected'], code: 'choice' },
      { path: ['extra'], code: 'unknown_field' },
    ]);
  });

  it('reports a body that is not an object at the root', () => {
    for (const body of [null, undefined, 'complaint', 42, true]) {
      expect(issuesOf(body)).toEqual([{ path: [], code: 'type' }]);
    }
  });

  it('keeps the first problem for each field', () => {
    // An impossible date is also after today: only date_invalid is reported.
    expect(issuesOf(edit(validComplaint(), (p) => (p.complaint.happenedOn = '2999-02-30')))).toEqual([
      { path: ['complaint', 'happenedOn'], code: 'date_invalid' },
    ]);
  });

  it("falls back to 'type' for a message that is not an error code, and uses 'required' for a missing key", () => {
    const schema = v.object({ a: v.string(), b: v.pipe(v.string(), v.minLength(3)), c: v.string('email') });
    const result = v.safeParse(schema, { a: 1, b: 'x' });
    expect(result.success).toBe(false);
    expect(toFieldIssues(result.issues!)).toEqual([
      { path: ['a'], code: 'type' },
      { path: ['b'], code: 'type' },
      { path: ['c'], code: 'required' },
    ]);
  });

  it('only ever produces known codes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const issue of issuesOf(value)) expect(ERROR_CODES).toContain(issue.code);
      }),
    );
  });

  it('gives each field path a DOM id', () => {
    expect(fieldId(['resident', 'email'])).toBe('resident-email');
    expect(fieldId(['attachments', 2])).toBe('attachments-2');
  });
});

describe('normaliseComplaint', () => {
  it("drops a representative's details when the resident complains for themselves", () => {
    const output = normaliseComplaint(parse(edit(representativeComplaint(), (p) => (p.submittedBy = 'resident'))));
    expect(output.representative).toBeUndefined();
    expect('representative' in output).toBe(false);
  });

  it('keeps the representative, with blank contact details as undefined', () => {
    const output = normaliseComplaint(parse(edit(representativeComplaint(), (p) => (p.representative.phone = ' '))));
    expect(output.representative).toEqual({
      name: 'Grace Okafor',
      relationship: 'Daughter',
      email: 'grace@example.org',
      phone: undefined,
      hasPermission: true,
    });
  });

  it.each([
    ['yes', 'SR-1', 'SR-1'],
    ['yes', '  ', undefined],
    ['no', 'SR-1', undefined],
    ['not_sure', 'SR-1', undefined],
  ] as const)('aboutServiceRequest %s keeps reference %j as %j', (aboutServiceRequest, reference, expected) => {
    const output = normaliseComplaint(
      parse(
        edit(validComplaint(), (p) => {
          p.complaint.aboutServiceRequest = aboutServiceRequest;
          p.complaint.serviceRequestReference = reference;
        }),
      ),
    );
    expect(output.complaint.serviceRequestReference).toBe(expected);
  });

  it.each([
    ['yes', 'Next door too', 'Next door too'],
    ['no', 'Next door too', undefined],
    ['not_sure', 'Next door too', undefined],
  ] as const)('othersAffected %s keeps details %j as %j', (othersAffected, details, expected) => {
    const output = normaliseComplaint(
      parse(
        edit(validComplaint(), (p) => {
          p.complaint.othersAffected = othersAffected;
          p.complaint.othersAffectedDetails = details;
        }),
      ),
    );
    expect(output.complaint.othersAffectedDetails).toBe(expected);
  });

  it.each([
    [{ needed: false, details: 'Large print', consent: true }, { needed: false }],
    [{ needed: true }, { needed: true, details: undefined, consent: undefined }],
    [{ needed: true, consent: true }, { needed: true, details: undefined, consent: undefined }],
    [{ needed: true, details: ' ', consent: false }, { needed: true, details: undefined, consent: undefined }],
    [{ needed: true, details: 'Large print', consent: true }, { needed: true, details: 'Large print', consent: true }],
  ])('keeps support %j as %j', (support, expected) => {
    const output = normaliseComplaint(parse(edit(validComplaint(), (p) => (p.support = support))));
    expect(output.support).toStrictEqual(expected);
  });

  it('turns blank optional answers into undefined and keeps the rest', () => {
    const output = normaliseComplaint(
      parse(
        edit(validComplaint(), (p) => {
          p.resident.preferredContact = 'post';
          p.resident.email = '';
          p.resident.phone = ' ';
          p.resident.tenancyReference = '';
          p.complaint.delayReason = '';
          delete p.language;
        }),
      ),
    );
    expect(output.resident).toStrictEqual({
      name: 'Amina Okafor',
      address: 'Flat 4, 12 Canal Street, Leeds LS1 4AB',
      tenancyReference: undefined,
      email: undefined,
      phone: undefined,
      preferredContact: 'post',
    });
    expect(output.complaint.delayReason).toBeUndefined();
    expect(output.complaint.description).toBe(validComplaint().complaint.description);
    expect(output.language).toBeUndefined();
  });

  it('is idempotent, and its output is still a valid complaint', () => {
    for (const input of [validComplaint(), representativeComplaint()]) {
      const once = normaliseComplaint(parse(input));
      expect(normaliseComplaint(once)).toStrictEqual(once);
      expect(issuesOf(JSON.parse(JSON.stringify(once)))).toEqual([]);
    }
  });
});

describe('complaint references', () => {
  const PATTERN = new RegExp(`^[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`);
  const crypto = (bytes: Uint8Array) => webcrypto.getRandomValues(bytes);

  it('has an alphabet without look-alike characters', () => {
    expect(REFERENCE_ALPHABET).toHaveLength(30);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(30);
    for (const ch of '01ILOU') expect(REFERENCE_ALPHABET).not.toContain(ch);
  });

  it('makes references of two groups of four from the alphabet', () => {
    for (let i = 0; i < 2000; i++) expect(newReference(crypto)).toMatch(PATTERN);
  });

  it('maps bytes onto the alphabet and skips bytes that would bias it', () => {
    expect(newReference((bytes) => bytes.fill(0))).toBe('2222-2222');
    expect(newReference((bytes) => bytes.fill(239))).toBe('ZZZZ-ZZZZ');
    let calls = 0;
    // 240…255 would make the first 16 characters likelier: they are skipped.
    const reference = newReference((bytes) => bytes.fill(calls++ === 0 ? 240 : 31));
    expect(calls).toBe(2);
    expect(reference).toBe('3333-3333');
    let next = 0;
    expect(newReference((bytes) => bytes.map(() => next++))).toBe('2345-6789');
  });

  it.each([
    ['K7QM-4XPT', 'K7QM-4XPT'],
    ['k7qm-4xpt', 'K7QM-4XPT'],
    ['K7QM4XPT', 'K7QM-4XPT'],
    ['k7qm 4xpt', 'K7QM-4XPT'],
    [' K7 QM - 4X PT ', 'K7QM-4XPT'],
    ['K7QM--4XPT', 'K7QM-4XPT'],
  ])('reads %j as %s', (typed, canonical) => {
    expect(parseReference(typed)).toBe(canonical);
  });

  it.each(['', 'K7QM-4XP', 'K7QM-4XPTT', 'K0QM-4XPT', 'KOQM-4XPT', 'K1QM-4XPT', 'KIQM-4XPT', 'KLQM-4XPT', 'KUQM-4XPT', 'K7QM_4XPT', 'K7QM.4XPT'])(
    'refuses %j',
    (typed) => {
      expect(parseReference(typed)).toBeNull();
    },
  );

  it('reads back every reference it makes, however it is typed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.boolean(),
        fc.boolean(),
        (seed, lower, spaced) => {
          let offset = 0;
          // The generated bytes first, then real randomness so it always finishes.
          const source = (bytes: Uint8Array) => {
            if (offset >= seed.length) return crypto(bytes);
            bytes.set(seed.subarray(offset, offset + bytes.length));
            offset += bytes.length;
            return bytes;
          };
          const reference = newReference(source);
          expect(reference).toMatch(PATTERN);
          expect(parseReference(reference)).toBe(reference);
          let typed = spaced ? reference.replace('-', ' ') : reference.replace('-', '');
          if (lower) typed = typed.toLowerCase();
          expect(parseReference(typed)).toBe(reference);
        },
      ),
    );
  });

  it('returns either null or a canonical reference for anything typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (typed) => {
        const parsed = parseReference(typed);
        if (parsed !== null) expect(parsed).toMatch(PATTERN);
      }),
    );
  });
});

describe('isOlderThanTimeLimit (Code 2.3: 12 months)', () => {
  it.each([
    ['2024-05-10', '2024-05-10', false],
    ['2024-05-10', '2025-05-09', false],
    ['2024-05-10', '2025-05-10', false],
    ['2024-05-10', '2025-05-11', true],
    ['2024-12-31', '2025-12-31', false],
    ['2024-12-31', '2026-01-01', true],
    ['2024-01-31', '2025-01-31', false],
    ['2024-01-31', '2025-02-01', true],
    // 29 February + 12 months is read generously as 1 March.
    ['2024-02-29', '2025-02-28', false],
    ['2024-02-29', '2025-03-01', false],
    ['2024-02-29', '2025-03-02', true],
    ['2023-03-01', '2024-02-29', false],
    ['2023-03-01', '2024-03-01', false],
    ['2023-03-01', '2024-03-02', true],
    ['2025-06-01', '2025-05-01', false],
  ] as const)('%s is older on %s: %s', (happenedOn, today, older) => {
    expect(isOlderThanTimeLimit(happenedOn, today)).toBe(older);
  });

  const date = fc
    .integer({ min: Date.UTC(1990, 0, 1) / DAY_MS, max: Date.UTC(2200, 0, 1) / DAY_MS })
    .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10));
  const plusDays = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

  it('is never older within 365 days, always older after 366', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 365 }), (happenedOn, days) => {
        expect(isOlderThanTimeLimit(happenedOn, plusDays(happenedOn, days))).toBe(false);
      }),
    );
    fc.assert(
      fc.property(date, fc.integer({ min: 367, max: 5000 }), (happenedOn, days) => {
        expect(isOlderThanTimeLimit(happenedOn, plusDays(happenedOn, days))).toBe(true);
      }),
    );
  });

  it('once older, stays older', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 800 }), (happenedOn, days) => {
        const today = plusDays(happenedOn, days);
        if (isOlderThanTimeLimit(happenedOn, today)) {
          expect(isOlderThanTimeLimit(happenedOn, plusDays(today, 1))).toBe(true);
        }
      }),
    );
  });
});

describe('acknowledgeBy (Code 6.2: 5 working days)', () => {
  it.each([
    ['2025-06-02', '2025-06-09'], // Monday → next Monday
    ['2025-06-06', '2025-06-13'], // Friday → next Friday
    ['2025-06-07', '2025-06-13'], // Saturday: counting starts on Monday
    ['2025-06-08', '2025-06-13'], // Sunday
    ['2025-04-17', '2025-04-28'], // over Good Friday and Easter Monday
    ['2025-08-22', '2025-09-01'], // over the Summer bank holiday
    ['2025-12-22', '2025-12-31'], // over Christmas Day and Boxing Day
    ['2026-12-24', '2027-01-05'], // Christmas, the substitute Boxing Day and New Year's Day
  ])('received %s: acknowledge by %s', (received, due) => {
    expect(acknowledgeBy(received)).toBe(due);
  });

  it("counts from the London day a complaint arrives, not UTC's", () => {
    // 23:30 UTC on Sunday 8 June 2025 is 00:30 on Monday 9 June in London.
    const arrived = new Date('2025-06-08T23:30:00Z');
    expect(londonDate(arrived)).toBe('2025-06-09');
    expect(acknowledgeBy(londonDate(arrived))).toBe('2025-06-16');
  });
});

describe('readEnv', () => {
  it('has defaults for everything', () => {
    expect(readEnv({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: path.resolve('data'),
      staticDir: path.resolve('dist'),
      poolSize: 10,
      production: false,
      smtpUrl: undefined,
      mailFrom: 'Riverside Community Homes <no-reply@localhost>',
      publicUrl: 'http://localhost:3000',
      jobWorker: true,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    expect(
      readEnv({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://complaints@db.internal:5432/complaints',
        DATA_DIR: '/var/lib/complaints',
        STATIC_DIR: 'build',
        DATABASE_POOL_SIZE: '4',
        NODE_ENV: 'production',
        SMTP_URL: 'smtps://mailer:secret@smtp.example.org',
        MAIL_FROM: 'Complaints <complaints@example.org>',
        PUBLIC_URL: 'https://complaints.example.org/',
        JOB_WORKER: 'off',
        TRUST_PROXY: 'true',
        UNRELATED: 'ignored',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://complaints@db.internal:5432/complaints',
      dataDir: '/var/lib/complaints',
      staticDir: path.resolve('build'),
      poolSize: 4,
      production: true,
      smtpUrl: 'smtps://mailer:secret@smtp.example.org',
      mailFrom: 'Complaints <complaints@example.org>',
      publicUrl: 'https://complaints.example.org',
      jobWorker: false,
      trustProxy: true,
    });
  });

  it('defaults PUBLIC_URL to localhost on PORT, and refuses one that is not http(s) or TRUST_PROXY that is not true/false', () => {
    expect(readEnv({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(() => readEnv({ PUBLIC_URL: 'ftp://example.org' })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
    expect(() => readEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });

  it('takes PORT 0 (any free port) and 65535', () => {
    expect(readEnv({ PORT: '0' }).port).toBe(0);
    expect(readEnv({ PORT: '65535' }).port).toBe(65535);
  });

  it('treats an empty variable as unset', () => {
    expect(readEnv({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it.each(['abc', '65536', '-1', '3.5', ' ', '1e3', '0x50', '80 '])('refuses PORT=%j, naming PORT', (port) => {
    expect(() => readEnv({ PORT: port })).toThrow(/^Invalid environment: PORT: /);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      readEnv({ PORT: 'http', DATABASE_URL: 'not a url', DATABASE_POOL_SIZE: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: /);
    expect(message).toMatch(/DATABASE_POOL_SIZE: /);
  });

  it.each([
    ['SMTP_URL', 'http://smtp.example.org'],
    ['PUBLIC_URL', 'complaints.example.org'],
    ['JOB_WORKER', 'yes'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment: ${name}: `));
  });

  it('links to the port in use when PUBLIC_URL is unset', () => {
    expect(readEnv({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });
});
