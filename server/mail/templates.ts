/**
 * The emails residents and representatives receive, in the language the
 * complaint was made in (text in server/mail/locales/<lng>.json). Each has a
 * subject, a plain-text body and simple, accessible HTML (one language and
 * direction, headings for labels, a descriptive link). Nothing special-category
 * (support needs, health, disability) is ever put in: only the reference, dates,
 * and what the landlord wrote about the complaint itself.
 */
import { OMBUDSMAN } from '../../shared/code.ts';
import { landlord } from '../../shared/config/landlord.ts';
import { LANGUAGE_INFO, isLanguage, type Language } from '../../shared/languages.ts';
import type { IsoDate } from '../../shared/working-days.ts';
import en from './locales/en.json' with { type: 'json' };
import cy from './locales/cy.json' with { type: 'json' };
import pl from './locales/pl.json' with { type: 'json' };
import ro from './locales/ro.json' with { type: 'json' };
import ur from './locales/ur.json' with { type: 'json' };
import ar from './locales/ar.json' with { type: 'json' };
import pa from './locales/pa.json' with { type: 'json' };
import bn from './locales/bn.json' with { type: 'json' };
import pt from './locales/pt.json' with { type: 'json' };
import so from './locales/so.json' with { type: 'json' };

type Messages = typeof en;
/** Every language's email text; a unit test checks each has every key and placeholder of English. */
export const MAIL_MESSAGES: Record<Language, Record<string, Record<string, string>>> = { en, cy, pl, ro, ur, ar, pa, bn, pt, so };

/** Event types (complaint_events.type) that send an email; any other sends none. */
export const MAIL_EVENT_TYPES = [
  'received',
  'acknowledged',
  'clarification_requested',
  'extended',
  'responded',
  'not_accepted',
  'escalation_refused',
  'message_to_resident',
] as const satisfies readonly (keyof Messages)[];
export type MailEventType = (typeof MAIL_EVENT_TYPES)[number];

export function isMailEventType(type: string): type is MailEventType {
  return (MAIL_EVENT_TYPES as readonly string[]).includes(type);
}

/** What an email is made from: the complaint, the event and who it is for. */
export interface MailContext {
  type: MailEventType;
  /** The language the complaint was made in. */
  language: string;
  reference: string;
  recipientName: string;
  /** Set when writing to someone acting for the resident (Code 3.6). */
  actingFor?: string | undefined;
  receivedAt: Date;
  acknowledgeBy: IsoDate;
  /** The event's data as the lifecycle stored it (see server/mail/queue.ts for the fields read). */
  data: Record<string, unknown>;
  /** Back to the app. */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  language: Language;
}

type Block =
  | { kind: 'p'; text: string }
  /** A label (a heading in HTML) and what the landlord wrote. */
  | { kind: 'section'; label: string; text: string }
  | { kind: 'link'; text: string; href: string };

/** A date as words in the reader's language ("Wednesday 9 December 2026", "Dydd Mercher, 9 Rhagfyr 2026"). */
export function formatMailDate(date: IsoDate, language: Language): string {
  const locale = language === 'en' ? 'en-GB' : language;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

const londonDay = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const isoDate = (value: unknown): IsoDate | undefined => {
  const text = str(value);
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
};

/** Builds the email for one event, for one recipient. */
export function renderMail(ctx: MailContext): RenderedMail {
  const { language, rtl, t } = translator(ctx.language);
  const date = (iso: IsoDate) => formatMailDate(iso, language);
  const data = ctx.data;
  const stage = data.stage === 2 || data.stage === '2' ? 2 : 1;
  const reference = ctx.reference;
  const blocks: Block[] = [{ kind: 'p', text: t('common.greeting', { name: ctx.recipientName }) }];
  if (ctx.actingFor) blocks.push({ kind: 'p', text: t('common.for_resident', { resident: ctx.actingFor }) });
  const ombudsman = () =>
    blocks.push({
      kind: 'p',
      text: t('ombudsman.contact', { phone: OMBUDSMAN.phone, email: OMBUDSMAN.email, website: OMBUDSMAN.website }),
    });
  const section = (label: string, value: unknown) => {
    const text = str(value);
    if (text) blocks.push({ kind: 'section', label, text });
  };

  switch (ctx.type) {
    case 'received':
      blocks.push({ kind: 'p', text: t('received.body', { receivedOn: date(londonDay(ctx.receivedAt)) }) });
      blocks.push({ kind: 'p', text: t('common.reference', { reference }) });
      // Code 6.2: acknowledged within 5 working days.
      blocks.push({ kind: 'p', text: t('received.next', { acknowledgeBy: date(ctx.acknowledgeBy) }) });
      break;
    case 'acknowledged': {
      // Code 5.6, 5.7: the complaint definition.
      blocks.push({ kind: 'p', text: t('acknowledged.body', { stage }) });
      const definition = data.definition;
      if (typeof definition === 'string') section(t('acknowledged.complaint'), definition);
      else if (definition && typeof definition === 'object') {
        const d = definition as Record<string, unknown>;
        // The definition as shared/lifecycle-events.ts ComplaintDefinition writes it.
        section(t('acknowledged.complaint'), d.understanding);
        section(t('acknowledged.outcome'), d.outcomeSought);
        section(t('acknowledged.responsible'), d.responsibleFor);
        section(t('acknowledged.not_responsible'), d.notResponsibleFor);
      }
      const respondBy = isoDate(data.respondBy);
      if (respondBy) blocks.push({ kind: 'p', text: t('acknowledged.respond_by', { respondBy: date(respondBy) }) });
      break;
    }
    case 'clarification_requested':
      blocks.push({ kind: 'p', text: t('clarification_requested.body') });
      if (str(data.question)) blocks.push({ kind: 'p', text: str(data.question)! });
      blocks.push({ kind: 'p', text: t('clarification_requested.answer') });
      break;
    case 'extended': {
      // Code 6.4, 6.15: the reason; 6.5, 6.16: the Ombudsman's contact details.
      blocks.push({ kind: 'p', text: t('extended.body', { stage }) });
      const respondBy = isoDate(data.respondBy);
      if (respondBy) blocks.push({ kind: 'p', text: t('extended.respond_by', { respondBy: date(respondBy) }) });
      section(t('extended.reason'), data.reason);
      blocks.push({ kind: 'p', text: t('ombudsman.help') });
      ombudsman();
      break;
    }
    case 'responded':
      blocks.push({ kind: 'p', text: t('responded.body', { stage }) });
      // Code 6.9, 6.19: how to escalate: to stage 2, or to the Ombudsman after the final response.
      blocks.push({ kind: 'p', text: t(stage === 1 ? 'responded.next_stage_1' : 'responded.next_stage_2') });
      if (stage === 2) ombudsman();
      break;
    case 'not_accepted':
    case 'escalation_refused':
      // Code 2.4, 5.11: a written explanation and the right to take the decision to the Ombudsman.
      blocks.push({ kind: 'p', text: t(`${ctx.type}.body`) });
      section(t(`${ctx.type}.reason`), data.explanation ?? data.reason);
      blocks.push({ kind: 'p', text: t('ombudsman.right') });
      ombudsman();
      break;
    case 'message_to_resident': {
      // Code 6.8: what the team wrote goes on the record; the reply goes there too, from the app.
      blocks.push({ kind: 'p', text: t('message_to_resident.body') });
      section(t('message_to_resident.message'), data.text);
      const files = Array.isArray(data.attachments) ? data.attachments.length : 0;
      if (files > 0) blocks.push({ kind: 'p', text: t('message_to_resident.files', { count: files }) });
      blocks.push({ kind: 'p', text: t('message_to_resident.reply') });
      break;
    }
  }
  if (ctx.type !== 'received') blocks.push({ kind: 'p', text: t('common.reference', { reference }) });
  blocks.push({ kind: 'link', text: t('common.link'), href: ctx.link });
  return finish(t(`${ctx.type}.subject`, { reference }), blocks, { language, rtl, t });
}

type Translator = ReturnType<typeof translator>;

/** The email's language (the complaint's, else English), its direction, and its messages with placeholders filled. */
function translator(requested: string) {
  const language: Language = isLanguage(requested) ? requested : 'en';
  const rtl = LANGUAGE_INFO[language].dir === 'rtl';
  // In right-to-left text a reference, address or number keeps its own direction (first-strong isolate).
  const isolate = (value: string) => (rtl ? `\u2068${value}\u2069` : value);
  const t = (key: string, vars: Record<string, string | number> = {}) => {
    const [section, name] = key.split('.') as [string, string];
    const template = MAIL_MESSAGES[language][section]?.[name] ?? MAIL_MESSAGES.en[section]![name]!;
    return template.replace(/\{\{(\w+)\}\}/g, (_, v: string) => isolate(String(vars[v] ?? '')));
  };
  return { language, rtl, t };
}

/** The landlord's sign-off and contact details after the blocks, then the email in text and HTML. */
function finish(subject: string, blocks: Block[], { language, rtl, t }: Translator): RenderedMail {
  blocks.push({ kind: 'p', text: t('common.sign_off', { landlord: landlord.name }) });
  blocks.push({
    kind: 'p',
    text: t('common.contact_us', { phone: landlord.contact.phone, email: landlord.contact.email }),
  });
  return { subject, text: toText(blocks), html: toHtml(blocks, subject, language, rtl), language };
}

/**
 * The email with a sign-in link (server/mail/sign-in-mail.ts), in the language of the
 * recipient's newest complaint. It names no complaint: whoever reads it learns only that
 * the address has one.
 */
export function renderSignInMail(ctx: { language: string; recipientName: string; link: string; minutes: number }): RenderedMail {
  const tr = translator(ctx.language);
  const { t } = tr;
  const blocks: Block[] = [
    { kind: 'p', text: t('common.greeting', { name: ctx.recipientName }) },
    { kind: 'p', text: t('sign_in.body') },
    { kind: 'link', text: t('sign_in.link'), href: ctx.link },
    { kind: 'p', text: t('sign_in.expires', { minutes: ctx.minutes }) },
    { kind: 'p', text: t('sign_in.not_you') },
  ];
  return finish(t('sign_in.subject'), blocks, tr);
}

function toText(blocks: Block[]): string {
  return (
    blocks
      .map((block) =>
        block.kind === 'p' ? block.text : block.kind === 'section' ? `${block.label}:\n${block.text}` : `${block.text}:\n${block.href}`,
      )
      .join('\n\n') + '\n'
  );
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (value: string) =>
  value
    .split(/\n{2,}/)
    .map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

function toHtml(blocks: Block[], subject: string, language: Language, rtl: boolean): string {
  const body = blocks
    .map((block) => {
      if (block.kind === 'p') return paragraphs(block.text);
      if (block.kind === 'section') return `<h2 style="font-size:1.1em">${escapeHtml(block.label)}</h2>\n${paragraphs(block.text)}`;
      return `<p><a href="${escapeHtml(block.href)}">${escapeHtml(block.text)}</a></p>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="${language}" dir="${rtl ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;max-width:40em">
<h1 style="font-size:1.3em">${escapeHtml(subject)}</h1>
${body}
</body>
</html>
`;
}
