/**
 * Where email goes: an SMTP server when SMTP_URL is set; otherwise each message
 * is written as an `.eml` file under DATA_DIR/mail/ and a line is logged, so the
 * embedded default works with no setup.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per job, so a message sent again after a crash is recognisably the same one. */
  messageId: string;
  language: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** An SMTP error code that trying again will not change (5xx), e.g. a mailbox that does not exist. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function message(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { 'Content-Language': mail.language },
  };
}

export function createMailer(options: { smtpUrl?: string | undefined; dataDir: string; log?: (line: string) => void }): Mailer {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl);
    const transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      // Well inside the job's lease (5 min), so a slow server cannot make two workers send one message.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    return {
      async send(mail) {
        await transport.sendMail(message(mail));
      },
      close: () => transport.close(),
    };
  }
  const dir = path.join(options.dataDir, 'mail');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail));
      await fs.mkdir(dir, { recursive: true });
      // The message id is stable per job: writing again after a crash replaces the same file.
      const name = `${mail.messageId.replace(/[<>]/g, '').replace(/[^\w.-]/g, '_')}.eml`;
      const file = path.join(dir, name);
      await fs.writeFile(`${file}.tmp`, info.message as Buffer);
      await fs.rename(`${file}.tmp`, file);
      log(`mail: to ${mail.to} "${mail.subject}" written to ${file}`);
    },
    close() {},
  };
}
