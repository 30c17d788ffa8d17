/**
 * Sending one queued email (a `mail` job): the complaint and event are read
 * when sending, the email is built in the complaint's language and handed to
 * the mailer. Its Message-ID is derived from the job's key, so a message sent
 * again after a crash is the same message to the recipient's mail software.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { complaintEvents, complaints } from '../db/schema.ts';
import { PermanentJobError, type JobHandler } from '../jobs/worker.ts';
import { renderMail, isMailEventType } from './templates.ts';
import { isPermanentSmtpError, type Mailer } from './transport.ts';
import type { Recipient } from './queue.ts';

export interface MailJobOptions {
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  /** The app's base URL, for the link back. */
  publicUrl: string;
}

/** Where a recipient follows their complaint in the app. */
export function complaintLink(publicUrl: string): string {
  // The resident's own complaint pages come with issue 10; until then the list of
  // complaints sent from their phone is where the app shows what it knows.
  return `${publicUrl}/drafts`;
}

export function mailJobHandler(options: MailJobOptions): JobHandler {
  const { db, mailer } = options;
  const domain = new URL(options.publicUrl).hostname || 'localhost';
  return async (job) => {
    const payload = job.payload as { complaintId: string; eventId: number; type: string; recipient: Recipient };
    if (!isMailEventType(payload.type)) throw new PermanentJobError(`No email for event type ${payload.type}`);
    // Only what an email may hold: never the support details (special-category data).
    const [complaint] = await db
      .select({
        reference: complaints.reference,
        residentName: complaints.residentName,
        residentEmail: complaints.residentEmail,
        representative: complaints.representative,
        language: complaints.language,
        receivedAt: complaints.receivedAt,
        acknowledgeBy: complaints.acknowledgeBy,
      })
      .from(complaints)
      .where(eq(complaints.id, payload.complaintId));
    if (!complaint) throw new PermanentJobError('The complaint no longer exists');
    const [event] = await db
      .select({ data: complaintEvents.data })
      .from(complaintEvents)
      .where(and(eq(complaintEvents.id, Number(payload.eventId)), eq(complaintEvents.complaintId, payload.complaintId)));
    if (!event) throw new PermanentJobError('The event no longer exists');

    const representative = complaint.representative as { name?: string; email?: string } | null;
    const toRepresentative = payload.recipient === 'representative';
    const to = toRepresentative ? representative?.email : complaint.residentEmail;
    if (!to) throw new PermanentJobError(`No email address for the ${payload.recipient}`);

    const mail = renderMail({
      type: payload.type,
      language: complaint.language,
      reference: complaint.reference,
      recipientName: toRepresentative ? (representative?.name ?? complaint.residentName) : complaint.residentName,
      actingFor: toRepresentative ? complaint.residentName : undefined,
      receivedAt: complaint.receivedAt,
      acknowledgeBy: complaint.acknowledgeBy,
      data: (event.data ?? {}) as Record<string, unknown>,
      link: complaintLink(options.publicUrl),
    });
    const messageId = `<${createHash('sha256').update(job.key).digest('hex').slice(0, 32)}@${domain}>`;
    try {
      await mailer.send({ from: options.mailFrom, to, messageId, ...mail });
    } catch (error) {
      if (isPermanentSmtpError(error)) throw new PermanentJobError((error as Error).message);
      throw error;
    }
  };
}
