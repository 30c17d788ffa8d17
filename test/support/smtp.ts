/**
 * A real SMTP server for tests (smtp-server on a free port), whose messages are
 * read with mailparser: what a resident's mail provider would receive.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
  url: string;
  messages: ParsedMail[];
  /** Refuse the next `n` messages with `code` (451: try later; 550: never). */
  refuseNext(n: number, code?: number): void;
  /** How many messages were refused so far. */
  refused(): number;
  /** Resolves once `n` messages have arrived (polls; never a fixed sleep). */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  let refuse = 0;
  let refuseCode = 451;
  let refusedCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          refusedCount++;
          const error = new Error(refuseCode >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
          error.responseCode = refuseCode;
          return callback(error);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            messages.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext(n, code = 451) {
      refuse = n;
      refuseCode = code;
    },
    refused: () => refusedCount,
    async waitFor(n, timeoutMs = 30_000) {
      const start = Date.now();
      while (messages.length < n) {
        if (Date.now() - start > timeoutMs) throw new Error(`Expected ${n} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
