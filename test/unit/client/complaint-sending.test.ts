/**
 * The draft as sent (only the answers a person could see), the Code 2.3 delay
 * question, drafts saved by an older version, and how the API client reads each
 * kind of answer: sent, refused for good, or worth trying again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { submitComplaint, sendTimeoutMs, type SubmitResult } from '../../../client/api/complaints.ts';
import { emptyDraft, savedDraft, withDefaults, type ComplaintDraft } from '../../../client/complaint/draft.ts';
import { validateDraft } from '../../../client/complaint/validate.ts';
import { isLate } from '../../../client/complaint/time-limit.ts';
import { toPayload as toPayloadIn } from '../../../client/complaint/payload.ts';

const toPayload = (draft: ComplaintDraft) => toPayloadIn(draft, 'en');

function draftWith(change: (d: ComplaintDraft) => void): ComplaintDraft {
  const d = emptyDraft();
  d.submittedBy = 'resident';
  d.resident.name = 'Amina Khan';
  d.complaint.description = 'Mould in the bedroom';
  change(d);
  return d;
}

const yearsAgo = (years: number) => {
  const date = new Date();
  return { day: String(date.getDate()), month: String(date.getMonth() + 1), year: String(date.getFullYear() - years) };
};

describe('toPayload', () => {
  it.each([
    ['email', { email: 'amina@example.org' }],
    ['phone', { phone: '07700 900982' }],
    ['text', { phone: '07700 900982' }],
    ['post', {}],
  ] as const)('sends only the contact detail asked for with %s', (way, expected) => {
    const payload = toPayload(
      draftWith((d) => {
        // Both typed at some point: the one for another choice is hidden on the page, so never sent.
        d.resident.email = 'amina@example.org';
        d.resident.phone = '07700 900982';
        d.resident.preferredContact = way;
      }),
    );
    const { email, phone } = payload.resident;
    expect(JSON.parse(JSON.stringify({ email, phone }))).toEqual(expected);
  });

  it('does not send a half-typed email once the person chose phone instead', () => {
    const payload = toPayload(
      draftWith((d) => {
        d.resident.email = 'pat';
        d.resident.phone = '07700 900982';
        d.resident.preferredContact = 'phone';
      }),
    );
    expect(payload.resident).not.toHaveProperty('email');
  });

  it('sends the reason for a delay only while the question applies (Code 2.3)', () => {
    const late = draftWith((d) => {
      d.complaint.happenedOn = yearsAgo(2);
      d.complaint.delayReason = 'I was in hospital';
    });
    expect(toPayload(late).complaint.delayReason).toBe('I was in hospital');
    late.complaint.happenedOn = yearsAgo(0);
    expect(toPayload(late).complaint).not.toHaveProperty('delayReason');
  });
});

describe('toPayload: what would put it right (Code 5.6)', () => {
  it('sends null for "I\'m not sure yet", whatever was typed, and the text otherwise', () => {
    const typed = draftWith((d) => (d.complaint.desiredOutcome = 'Fix the roof'));
    expect(toPayload(typed).complaint.desiredOutcome).toBe('Fix the roof');
    typed.complaint.desiredOutcomeNotSure = true;
    expect(toPayload(typed).complaint.desiredOutcome).toBeNull();
  });

  it('gives a draft saved before the question had "I\'m not sure yet" the unticked answer', () => {
    const old = emptyDraft() as unknown as { complaint: Record<string, unknown> };
    delete old.complaint.desiredOutcomeNotSure;
    expect(withDefaults(emptyDraft(), old).complaint.desiredOutcomeNotSure).toBe(false);
  });
});

describe('toPayload: support details, sent only with consent', () => {
  const typed = (consent: ComplaintDraft['support']['consent']) =>
    draftWith((d) => (d.support = { needed: 'yes', details: 'Large print: I have low vision.', consent }));

  it('sends the details with consent when the resident chose "Send these details"', () => {
    expect(toPayload(typed('yes')).support).toEqual({ needed: true, details: 'Large print: I have low vision.', consent: true });
    expect(validateDraft(typed('yes')).filter((i) => i.path[0] === 'support')).toEqual([]);
  });

  it('sends that support is needed, and not the details, for "Send my complaint without them", keeping them in the draft', () => {
    const draft = typed('no');
    const payload = toPayload(draft);
    expect(payload.support).toEqual({ needed: true, consent: false });
    expect(JSON.stringify(payload)).not.toContain('low vision');
    expect(validateDraft(draft).filter((i) => i.path[0] === 'support')).toEqual([]);
    expect(draft.support.details).toBe('Large print: I have low vision.');
  });

  it('asks the choice before sending when details are typed and none is made', () => {
    expect(validateDraft(typed('')).filter((i) => i.path[0] === 'support')).toEqual([{ path: ['support', 'consent'], code: 'consent_required' }]);
    // Nothing typed: nothing to choose.
    const untyped = draftWith((d) => (d.support = { needed: 'yes', details: ' ', consent: '' }));
    expect(validateDraft(untyped).filter((i) => i.path[0] === 'support')).toEqual([]);
    expect(toPayload(untyped).support).toEqual({ needed: true });
  });

  it('sends neither details nor consent when no support is needed', () => {
    const draft = draftWith((d) => (d.support = { needed: 'no', details: 'Large print', consent: 'yes' }));
    expect(toPayload(draft).support).toEqual({ needed: false });
  });
});

describe('isLate (Code 2.3)', () => {
  it('asks about a delay for a problem over 12 months old that has stopped', () => {
    expect(isLate(draftWith((d) => (d.complaint.happenedOn = yearsAgo(2))))).toBe(true);
  });
  it('does not for a problem that is still happening, however long ago it began', () => {
    const d = draftWith((x) => {
      x.complaint.happenedOn = yearsAgo(2);
      x.complaint.stillHappening = true;
    });
    expect(isLate(d)).toBe(false);
  });
  it('does not for a recent problem, nor for a date not given or not a date', () => {
    expect(isLate(draftWith((d) => (d.complaint.happenedOn = yearsAgo(0))))).toBe(false);
    expect(isLate(draftWith(() => undefined))).toBe(false);
    expect(isLate(draftWith((d) => (d.complaint.happenedOn = { day: '31', month: '2', year: '2020' })))).toBe(false);
  });
});

describe('withDefaults', () => {
  it('gives a draft saved by an older version every answer today’s form has, at any depth', () => {
    const saved = { submittedBy: 'resident', complaint: { description: 'Mould', happenedOn: { day: '1' } } };
    const merged = withDefaults(emptyDraft(), saved);
    expect(merged.submittedBy).toBe('resident');
    expect(merged.complaint.description).toBe('Mould');
    expect(merged.complaint.happenedOn).toEqual({ day: '1', month: '', year: '' });
    expect(merged.complaint.desiredOutcome).toBe('');
    expect(merged.support).toEqual({ needed: '', details: '', consent: '' });
    expect(merged.attachments).toEqual([]);
  });
  it('keeps what was saved, Files and lists included', () => {
    const file = new File(['x'], 'wall.jpg', { type: 'image/jpeg' });
    const merged = withDefaults(emptyDraft(), { attachments: [{ id: 'a', file }] });
    expect(merged.attachments[0]!.file).toBe(file);
  });
});

describe('savedDraft', () => {
  it('turns the consent tick box of a draft saved before the choice into the choice: ticked is "Send these details", not ticked is still to be asked', () => {
    const saved = (consent: boolean) => ({ submittedBy: 'resident', support: { needed: 'yes', details: 'Large print', consent } });
    expect(savedDraft(saved(true)).support).toEqual({ needed: 'yes', details: 'Large print', consent: 'yes' });
    expect(savedDraft(saved(false)).support).toEqual({ needed: 'yes', details: 'Large print', consent: '' });
    expect(savedDraft({ support: { needed: 'yes', details: 'x', consent: 'no' } }).support.consent).toBe('no');
    expect(savedDraft({}).support).toEqual({ needed: '', details: '', consent: '' });
  });
});

describe('submitComplaint', () => {
  afterEach(() => vi.unstubAllGlobals());

  const answer = (status: number, body: unknown) => () =>
    Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json' },
      }),
    );
  const send = async (fetchImpl: () => Promise<Response>): Promise<SubmitResult> => {
    vi.stubGlobal('fetch', vi.fn(fetchImpl));
    return submitComplaint('6f1c2c9e-3b5a-4d8e-9f00-123456789abc', toPayload(draftWith(() => undefined)), []);
  };
  const receipt = { reference: 'K7QM-4XPT', receivedAt: '2026-11-24T09:00:00.000Z', acknowledgeBy: '2026-12-01' };

  it('returns the receipt of a complaint received', async () => {
    expect(await send(answer(201, receipt))).toEqual({ ok: true, receipt });
  });
  it('returns the fields a 422 names', async () => {
    const issues = [{ path: ['resident', 'name'], code: 'required' }];
    expect(await send(answer(422, { error: { code: 'validation', issues } }))).toEqual({ ok: false, kind: 'validation', issues });
  });
  it.each([
    [409, { error: { code: 'idempotency_conflict' } }, 'idempotency_conflict'],
    [413, { error: { code: 'body_too_large' } }, 'body_too_large'],
    [413, '<html>Request Entity Too Large</html>', 'body_too_large'],
    [415, '<html>Unsupported</html>', 'content_type'],
    [400, { error: { code: 'malformed_json' } }, 'malformed_json'],
    [404, { error: { code: 'not_found' } }, 'not_found'],
  ])('treats a %i as refused for good, to come back to the person, not to retry forever', async (status, body, code) => {
    expect(await send(answer(status, body))).toEqual({ ok: false, kind: 'validation', issues: [{ path: [], code }] });
  });
  it.each([
    ['a 503', answer(503, { error: { code: 'unavailable' } })],
    ['a proxy’s 502 page', answer(502, '<html>Bad gateway</html>')],
    ['a 429', answer(429, { error: { code: 'rate_limited' } })],
    ['a 408', answer(408, '')],
    ['no connection', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['a captive portal’s 200 page', answer(200, '<html>Sign in to Wi-Fi</html>')],
    ['a 200 that is not a receipt', answer(200, { hello: 'world' })],
    ['a hotel Wi-Fi’s 403 page', answer(403, '<html>Sign in to continue</html>')],
    ['a proxy’s 407', answer(407, '<html>Proxy authentication required</html>')],
    ['a 404 that is not ours', answer(404, '<html>Not found</html>')],
  ])('treats %s as worth trying again with the same key', async (_name, fetchImpl) => {
    expect(await send(fetchImpl)).toEqual({ ok: false, kind: 'network' });
  });
  it('gives up waiting in time, longer for bigger uploads', async () => {
    let signal: AbortSignal | undefined;
    vi.stubGlobal('fetch', vi.fn((_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      return Promise.resolve(new Response(JSON.stringify(receipt), { status: 201 }));
    }));
    await submitComplaint('6f1c2c9e-3b5a-4d8e-9f00-123456789abc', toPayload(draftWith(() => undefined)), []);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(sendTimeoutMs(0)).toBe(30_000);
    expect(sendTimeoutMs(1_600_000)).toBe(230_000);
  });
});
