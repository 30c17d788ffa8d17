/** Email text in every language, and the job system's retry schedule. */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/languages.ts';
import { MAX_ATTEMPTS, retryDelayMs } from '../../server/jobs/worker.ts';
import { MAIL_EVENT_TYPES, MAIL_MESSAGES, formatMailDate, renderMail } from '../../server/mail/templates.ts';

const keysOf = (messages: Record<string, Record<string, string>>) =>
  Object.entries(messages).flatMap(([section, values]) => Object.keys(values).map((key) => `${section}.${key}`)).sort();
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const lookup = (language: (typeof LANGUAGES)[number], key: string): string => {
  const [section, name] = key.split('.') as [string, string];
  return MAIL_MESSAGES[language][section]?.[name] ?? '';
};

describe('email text', () => {
  const english = MAIL_MESSAGES.en;
  it.each(LANGUAGES)('%s has every key English has, and no other', (language) => {
    expect(keysOf(MAIL_MESSAGES[language])).toEqual(keysOf(english));
  });

  it.each(LANGUAGES)('%s keeps every placeholder, and translates (not copies) the text', (language) => {
    for (const key of keysOf(english)) {
      const text = lookup(language, key);
      expect(text.trim(), `${language} ${key}`).not.toBe('');
      expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(lookup('en', key)));
      if (language !== 'en') expect(text, `${language} ${key} is still English`).not.toBe(lookup('en', key));
    }
  });

  it('has a subject and body for every event type that sends an email', () => {
    for (const type of MAIL_EVENT_TYPES) expect(Object.keys(english[type] ?? {})).toEqual(expect.arrayContaining(['subject', 'body']));
  });

  it.each(LANGUAGES)('renders every email in %s with the reference, the link and nothing left unfilled', (language) => {
    for (const type of MAIL_EVENT_TYPES) {
      const mail = renderMail({
        type,
        language,
        reference: 'K7QM-4XPT',
        recipientName: 'Amina <Okafor>',
        receivedAt: new Date('2026-12-02T10:00:00Z'),
        acknowledgeBy: '2026-12-09',
        data: { stage: 1, definition: 'Mould <b>again</b>', question: 'Which room?', reason: 'A survey.', explanation: 'In court.', respondBy: '2026-12-23' },
        link: 'https://complaints.example.org/drafts',
      });
      expect(mail.language).toBe(language);
      expect(mail.subject).toContain('K7QM-4XPT');
      for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\{|\}\}|undefined/);
      expect(mail.text).toContain('https://complaints.example.org/drafts');
      expect(mail.html).toContain('<a href="https://complaints.example.org/drafts">');
      // What people typed is escaped in HTML.
      expect(mail.html).not.toContain('<Okafor>');
      expect(mail.html).not.toContain('<b>again</b>');
    }
  });

  it('writes dates as words in the reader language', () => {
    expect(formatMailDate('2026-12-09', 'cy')).toBe('Dydd Mercher, 9 Rhagfyr 2026');
    expect(formatMailDate('2026-12-09', 'pl')).toBe('środa, 9 grudnia 2026');
    expect(formatMailDate('2026-12-09', 'en')).toMatch(/^Wednesday,? 9 December 2026$/);
  });
});

describe('retrying a failed job', () => {
  it('waits 30 s, then twice as long each time, never more than an hour', () => {
    expect(Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1) / 1000)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600,
    ]);
    expect(MAX_ATTEMPTS).toBe(12);
  });
});
