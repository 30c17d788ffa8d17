/**
 * HTTP/1.1 on a bare socket, to see what a client really gets on the wire: each answer, whether the
 * server closed the connection (and when, relative to the answers), and any reset.
 */
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  /** Sends bytes; resolves once written (or rejects if the socket is gone). Errors are also recorded in `events`. */
  write(data: string | Uint8Array): Promise<void>;
  /** Resolves with the n-th answer (0-based) once it has fully arrived; rejects if the socket ends first. */
  answer(index: number): Promise<RawAnswer>;
  /** Resolves when the server has closed (FIN or reset). */
  closed: Promise<void>;
  /** What happened, in order: `answer`, `end` (server's FIN), `error:<code>`, `close`. */
  events: string[];
  destroy(): void;
}

export function rawConnect(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    const events: string[] = [];
    const waiting: (() => void)[] = [];
    let ended = false;
    const wake = () => waiting.splice(0).forEach((fn) => fn());

    const parse = () => {
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const lines = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
        const status = Number(lines[0]!.split(' ')[1]);
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        const body = buffer.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
        buffer = buffer.subarray(headEnd + 4 + length);
        answers.push({ status, headers, body });
        events.push('answer');
      }
    };

    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      parse();
      wake();
    });
    socket.on('end', () => {
      events.push('end');
      ended = true;
      wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      events.push(`error:${error.code}`);
      ended = true;
      wake();
    });
    const closed = new Promise<void>((done) =>
      socket.on('close', () => {
        events.push('close');
        ended = true;
        wake();
        done();
      }),
    );
    socket.once('connect', () =>
      resolve({
        events,
        closed,
        destroy: () => socket.destroy(),
        write: (data) =>
          new Promise<void>((done, fail) => {
            if (socket.destroyed || !socket.writable) return fail(new Error('socket closed'));
            socket.write(data, (error) => (error ? fail(error) : done()));
          }),
        answer: (index) =>
          new Promise<RawAnswer>((done, fail) => {
            const check = () => {
              if (answers[index]) return done(answers[index]);
              if (ended) return fail(new Error(`connection ended before answer ${index}: ${events.join(', ')}`));
              waiting.push(check);
            };
            check();
          }),
      }),
    );
    socket.once('error', reject);
  });
}
