/**
 * The one place that starts the HTTP server: server/index.ts, the test servers and the bench all use it,
 * so what a client sees on the wire is the same everywhere.
 *
 * An early refusal (413 too large, 415, a missing Idempotency-Key…) is answered before the body has arrived.
 * Left to itself, the adapter answered `Connection: keep-alive` and then cut the connection half a second
 * later: a request sent next on it was silently lost, and a large upload could get a reset instead of the
 * answer. Here such an answer says `Connection: close`; after it the server closes its side and goes on
 * reading (and discarding) what the client is still sending, for a while, so the client reads the answer
 * rather than a reset (a "lingering close", as nginx and Apache do). Nothing more is read as a request on
 * that connection. Errors in the request itself (headers too large, too slow, not HTTP) get a JSON error too.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import type { ErrorBody } from '../shared/errors.ts';
import { MULTIPART_BODY_BYTES } from './routes/complaints.ts';

export interface HttpServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname?: string;
  /**
   * Longest a request may take from its first byte to its last. The default lets the largest complaint
   * (every attachment) arrive at the poor 8 KB/s the app waits for (client/api/complaints.ts sendTimeoutMs).
   */
  requestTimeoutMs?: number;
  /** Longest the headers may take to arrive. */
  headersTimeoutMs?: number;
  /** How long to go on reading a refused upload after answering it, before closing anyway. */
  lingerMs?: number;
  /** How often Node checks the two timeouts above (tests shorten it). */
  connectionsCheckingIntervalMs?: number;
  onListening?: (info: AddressInfo) => void;
}

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** The largest request body any endpoint takes, at 8 KB/s, plus half a minute. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000 + Math.ceil(MULTIPART_BODY_BYTES / 8);
const DEFAULT_LINGER_MS = 5_000;

const closing = Symbol('closing after a refusal');
type MarkedSocket = Socket & { [closing]?: boolean };

function hasBody(request: http.IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * After the last byte of the answer: close our side, read and drop what the client still sends until
 * its body ends, it closes, or `lingerMs` passes. Closing at once with unread bytes would send a reset,
 * which can make the client lose the answer.
 */
function lingeringClose(socket: Socket, request: http.IncomingMessage | undefined, lingerMs: number) {
  if (socket.destroyed) return;
  socket.end();
  // Destroyed only once the answer has left (destroy() would drop bytes still queued on the socket).
  const close = () => (socket.writableFinished ? socket.destroy() : socket.once('finish', () => socket.destroy()));
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', close);
  if (request && !request.readableEnded) {
    request.once('end', close);
    request.once('error', close);
    request.resume();
  } else {
    // The HTTP parser has let go of the socket (a malformed or timed-out request): drop its bytes here.
    socket.on('data', () => {});
    socket.resume();
  }
}

/** Marks an answer given before its request's body was read: `Connection: close`, then a lingering close. */
function guardEarlyAnswers(request: http.IncomingMessage, response: http.ServerResponse, lingerMs: number) {
  const socket = request.socket as MarkedSocket;
  if (!hasBody(request)) return;
  const writeHead = response.writeHead;
  response.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!request.readableEnded && !this.headersSent) {
      this.setHeader('Connection', 'close');
      socket[closing] = true;
      // Node calls destroySoon() after the last byte of an answer that said `Connection: close`.
      socket.destroySoon = () => lingeringClose(socket, request, lingerMs);
    }
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
  } as typeof response.writeHead;
}

const REQUEST_ERRORS: Record<string, { status: number; reason: string; body: ErrorBody }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    body: { error: { code: 'headers_too_large', issues: [{ path: ['headers'], code: 'headers_too_large' }] } },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    body: { error: { code: 'request_timeout', issues: [{ path: ['body'], code: 'request_timeout' }] } },
  },
};
const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  body: { error: { code: 'bad_request', issues: [{ path: ['request'], code: 'bad_request' }] } } satisfies ErrorBody,
};

/** Node's own answer to a request it could not parse or that took too long, as a JSON error with a code. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, lingerMs: number) {
  const marked = socket as MarkedSocket;
  // The parser reports again on each later chunk of a request it already refused: answered once is enough.
  if (marked[closing]) return;
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  marked[closing] = true;
  const { status, reason, body } = (error.code && REQUEST_ERRORS[error.code]) || BAD_REQUEST;
  const json = JSON.stringify(body);
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(json)}\r\n` +
      "Content-Security-Policy: default-src 'none'; base-uri 'none'; frame-ancestors 'none'\r\n" +
      'X-Content-Type-Options: nosniff\r\n' +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      json,
  );
  lingeringClose(socket, undefined, lingerMs);
}

/**
 * How long an idle connection is kept open for the next request: longer than the proxies and load balancers in
 * front of the app keep theirs (nginx's upstream keepalive_timeout and most cloud balancers: 60 s), so the other side
 * is always the one to close it. When the server closed first (Node's default, 5 s), a request sent on the
 * connection at that moment was reset: `npm run soak` saw reads, sign-ins and complaints fail with ECONNRESET under
 * load, and a proxy answers such a POST with a 502 rather than send it again. Headers still have to arrive within
 * their own time once a request starts (an idle connection is not a request).
 */
export const KEEP_ALIVE_MS = 65_000;

function keepIdleConnections(server: http.Server): http.Server {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}

/** Starts listening; resolves once the port is open. */
export function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: options.fetch,
        port: options.port,
        hostname: options.hostname,
        // The adapter's own clean-up cut connections 0.5 s after an early answer; the guard here replaces it.
        autoCleanupIncoming: false,
        serverOptions: {
          requestTimeout,
          headersTimeout: Math.min(options.headersTimeoutMs ?? 60_000, requestTimeout),
          connectionsCheckingInterval: options.connectionsCheckingIntervalMs ?? 30_000,
        },
        createServer: ((serverOptions: http.ServerOptions, listener: http.RequestListener) =>
          keepIdleConnections(
            http.createServer(serverOptions, (request, response) => {
              // A connection the server said it would close handles nothing more: what follows is read and dropped.
              if ((request.socket as MarkedSocket)[closing]) return void request.resume();
              guardEarlyAnswers(request, response, lingerMs);
              listener(request, response);
            }),
          )) as typeof http.createServer,
      },
      (info) => {
        server.off('error', reject);
        options.onListening?.(info);
        resolve({
          server: server as http.Server,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as http.Server).closeIdleConnections();
            }),
        });
      },
    );
    server.once('error', reject);
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, lingerMs));
  });
}
