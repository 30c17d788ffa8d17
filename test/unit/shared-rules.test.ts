/**
 * Rules that cross the line between phone and server, once in shared/: which
 * answers apply (the phone does not send, and the server does not keep, an
 * answer made irrelevant), and the order of the attachment checks.
 */
import { describe, expect, it } from 'vitest';
import { withoutInapplicableAnswers } from '../../shared/complaint-answers.ts';
import { attachmentIssues } from '../../shared/attachments.ts';
import { LIMITS, normaliseComplaint, type Complaint } from '../../shared/schemas/complaint.ts';

const TODAY = '2026-12-02';

const complaint = (change: (c: Complaint) => void = () => undefined): Complaint => {
  const c: Complaint = {
    submittedBy: 'resident',
    resident: { name: 'Amina Khan', address: '4 Mill Lane', preferredContact: 'phone', phone: '07700 900982', email: 'amina@example.org' },
    complaint: {
      description: 'Mould',
      happenedOn: '2026-10-01',
      stillHappening: false,
      delayReason: 'I was in hospital',
      aboutServiceRequest: 'no',
      serviceRequestReference: 'R-1',
      othersAffected: 'no',
      othersAffectedDetails: 'Next door too',
      desiredOutcome: 'Fix it',
    },
    support: { needed: false, details: 'Large print', consent: true },
  } as Complaint;
  change(c);
  return c;
};

describe('withoutInapplicableAnswers (phone and server)', () => {
  it('drops what the other answers made irrelevant', () => {
    const kept = withoutInapplicableAnswers(complaint(), TODAY);
    expect(kept.resident.email).toBeUndefined();
    expect(kept.resident.phone).toBe('07700 900982');
    // Code 2.3: two months ago is within the time limit, so no reason for a delay is asked.
    expect(kept.complaint.delayReason).toBeUndefined();
    expect(kept.complaint.serviceRequestReference).toBeUndefined();
    expect(kept.complaint.othersAffectedDetails).toBeUndefined();
    expect(kept.support.details).toBeUndefined();
  });

  it('keeps what applies: a delay over 12 months that has stopped, the contact detail chosen', () => {
    const kept = withoutInapplicableAnswers(
      complaint((c) => {
        c.complaint.happenedOn = '2025-12-01';
        c.resident.preferredContact = 'email';
      }),
      TODAY,
    );
    expect(kept.complaint.delayReason).toBe('I was in hospital');
    expect(kept.resident.email).toBe('amina@example.org');
    expect(kept.resident.phone).toBeUndefined();
    // Still happening: within the time limit however long ago it began.
    const ongoing = withoutInapplicableAnswers(complaint((c) => ((c.complaint.happenedOn = '2020-01-01'), (c.complaint.stillHappening = true))), TODAY);
    expect(ongoing.complaint.delayReason).toBeUndefined();
  });

  it('is what the server keeps', () => {
    const stored = normaliseComplaint(complaint(), TODAY);
    expect(stored.resident).not.toHaveProperty('email', 'amina@example.org');
    expect(stored.complaint.delayReason).toBeUndefined();
    expect(stored.support).toEqual({ needed: false });
  });
});

describe('attachmentIssues: one order on both sides', () => {
  it('says "too large" before "wrong type", and "empty" before either', () => {
    const files = [
      { size: LIMITS.attachmentBytes + 1, type: 'text/plain' },
      { size: 0, type: 'text/plain' },
      { size: 10, type: 'text/plain' },
      { size: 10, type: 'image/png' },
    ];
    expect(attachmentIssues(files, (f) => f.type)).toEqual([
      { path: ['attachments', 0], code: 'file_too_large' },
      { path: ['attachments', 1], code: 'file_empty' },
      { path: ['attachments', 2], code: 'file_type' },
    ]);
  });

  it('counts first', () => {
    const files = Array.from({ length: LIMITS.attachments + 1 }, () => ({ size: 0 }));
    expect(attachmentIssues(files, () => undefined)).toEqual([{ path: ['attachments'], code: 'too_many_files' }]);
  });
});
