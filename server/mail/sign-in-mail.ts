/**
 * Sending a sign-in link (a `sign_in_link` job, queued by POST /api/sign-in-links):
 * when the address is on a complaint, a link is made here (only its hash stored, so
 * the token exists nowhere but in the email) and sent in the language of the newest
 * complaint; when it is on none, nothing is made or sent. A retry after a failed
 * send makes another link; the unsent one is of no use to anyone.
 */
import { createHash } from 'node:crypto';
import { issueSignInLink, newestComplaintFor, SIGN_IN_LINK_MINUTES, signInLinkUrl } from '../auth/resident.ts';
import { PermanentJobError, type JobHandler } from '../jobs/worker.ts';
import type { MailJobOptions } from './mail-job.ts';
import { renderSignInMail } from './templates.ts';
import { isPermanentSmtpError } from './transport.ts';

export function signInMailHandler(options: MailJobOptions): JobHandler {
  const { db, mailer } = options;
  const domain = new URL(options.publicUrl).hostname || 'localhost';
  return async (job) => {
    const email = typeof job.payload.email === 'string' ? job.payload.email : '';
    if (!email) throw new PermanentJobError('No email address to send a link to');
    const holder = await newestComplaintFor(db, email);
    if (!holder) return; // No complaint for this address: nothing to sign in to, nothing sent.
    const token = await issueSignInLink(db, email);
    const mail = renderSignInMail({
      language: holder.language,
      recipientName: holder.name,
      link: signInLinkUrl(options.publicUrl, token),
      minutes: SIGN_IN_LINK_MINUTES,
    });
    const messageId = `<${createHash('sha256').update(`${job.key}:${job.attempts}`).digest('hex').slice(0, 32)}@${domain}>`;
    try {
      await mailer.send({ from: options.mailFrom, to: email, messageId, ...mail });
    } catch (error) {
      if (isPermanentSmtpError(error)) throw new PermanentJobError((error as Error).message);
      throw error;
    }
  };
}
