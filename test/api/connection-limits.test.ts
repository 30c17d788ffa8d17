/**
 * What a client gets on the wire when a request is refused early, read from a bare socket against the
 * real server (server/http-server.ts): the refusal always arrives, a connection the server keeps is
 * really usable, and one it drops is closed honestly (said `Connection: close`, closed after the
 * answer, nothing more read from it as a request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { startHttpServer, type RunningHttpServer } from '../../server/http-server.ts';
import { MULTIPART_BODY_BYTES } from '../../server/routes/complaints.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { countRows, newKey, validComplaint } from '../support/complaint-fixtures.ts';
import { rawConnect, type RawAnswer, type RawConnection } from '../support/raw-http.ts';

let database: Database;
let server: RunningHttpServer;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  const app = createApp({ database, logError: () => {} });
  // Short timeouts so a stalled request is answered within the test; the behaviour is the same at any length.
  server = await startHttpServer({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    requestTimeoutMs: 1_500,
    headersTimeoutMs: 1_500,
    connectionsCheckingIntervalMs: 100,
    lingerMs: 3_000,
  });
});

afterAll(async () => {
  await server?.close();
  await database?.close();
});

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const postHead = (headers: Record<string, string | number>) =>
  head([
    'POST /api/complaints HTTP/1.1',
    'Host: 127.0.0.1',
    `Idempotency-Key: ${newKey()}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]);
const healthRequest = head(['GET /api/health HTTP/1.1', 'Host: 127.0.0.1']);

function expectRefusal(answer: RawAnswer, status: number, code: string, path: (string | number)[]) {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(answer.body)).toEqual({ error: { code, issues: [{ path, code }] } });
}

/**
 * After the first answer, a second request on the same socket is either answered (the connection
 * was really kept) or the server had said `Connection: close` and closes the socket: never silence.
 */
async function secondRequestServedOrHonestlyClosed(connection: RawConnection, first: RawAnswer) {
  if (first.headers.connection?.toLowerCase() === 'close') {
    await connection.closed;
    // The answer came before the close, and the server did not reset the connection before answering.
    expect(connection.events.indexOf('answer')).toBe(0);
    return 'closed';
  }
  await connection.write(healthRequest);
  const second = await connection.answer(1);
  expect(second.status).toBe(200);
  return 'served';
}

describe('a body over the limit', () => {
  it('gets a 413 at once (its length announced, no body sent) and the connection is closed honestly', async () => {
    const connection = await rawConnect(server.port);
    await connection.write(postHead({ 'Content-Type': 'application/json', 'Content-Length': LIMITS.jsonBodyBytes + 1 }));
    const answer = await connection.answer(0);
    expectRefusal(answer, 413, 'body_too_large', ['body']);
    expect(answer.headers.connection).toBe('close');
    expect(await secondRequestServedOrHonestlyClosed(connection, answer)).toBe('closed');
  });

  it('gets a 413 when the whole body is sent, then a request on the same socket is served or the socket closed', async () => {
    const connection = await rawConnect(server.port);
    const size = 2 * LIMITS.jsonBodyBytes;
    await connection.write(postHead({ 'Content-Type': 'application/json', 'Content-Length': size }) );
    const written = connection.write(new Uint8Array(size).fill(0x20)).catch(() => {});
    const answer = await connection.answer(0);
    expectRefusal(answer, 413, 'body_too_large', ['body']);
    await written;
    await secondRequestServedOrHonestlyClosed(connection, answer);
  });

  it('gets the 413, not a reset, when a very large upload is sent without waiting for an answer', async () => {
    const connection = await rawConnect(server.port);
    const size = 3 * MULTIPART_BODY_BYTES;
    await connection.write(postHead({ 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': size }));
    // Written in pieces, as a browser uploads, while the answer comes back.
    const piece = new Uint8Array(1024 * 1024).fill(0x61);
    const upload = (async () => {
      for (let sent = 0; sent < size; sent += piece.length) await connection.write(piece);
    })().catch(() => {});
    const answer = await connection.answer(0);
    expectRefusal(answer, 413, 'body_too_large', ['body']);
    expect(answer.headers.connection).toBe('close');
    await upload;
    await connection.closed;
    expect(connection.events[0]).toBe('answer');
  });

  it('gets a 413 for a chunked body that grows past the limit', async () => {
    const connection = await rawConnect(server.port);
    await connection.write(postHead({ 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }));
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const upload = (async () => {
      for (let i = 0; i < 8; i++) await connection.write(frame);
      await connection.write('0\r\n\r\n');
    })().catch(() => {});
    const answer = await connection.answer(0);
    expectRefusal(answer, 413, 'body_too_large', ['body']);
    await upload;
    await secondRequestServedOrHonestlyClosed(connection, answer);
  });
});

describe('other early refusals', () => {
  it('closes honestly after a 415, and a request sent after it on the same socket is never handled', async () => {
    const before = await countRows(database.db);
    const connection = await rawConnect(server.port);
    const complaint = JSON.stringify(validComplaint());
    // Pipelined: the refused request and, right behind it, a valid complaint that must not be stored.
    await connection.write(
      postHead({ 'Content-Type': 'text/plain', 'Content-Length': 5 }) +
        'hello' +
        postHead({ 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(complaint) }) +
        complaint,
    );
    const answer = await connection.answer(0);
    expectRefusal(answer, 415, 'content_type', ['headers', 'content-type']);
    expect(answer.headers.connection).toBe('close');
    await connection.closed;
    expect(connection.events.filter((event) => event === 'answer')).toHaveLength(1);
    expect(await countRows(database.db)).toEqual(before);
  });

  it('keeps the connection when the body was read: a 422 and then another request on the same socket', async () => {
    const connection = await rawConnect(server.port);
    await connection.write(postHead({ 'Content-Type': 'application/json', 'Content-Length': 2 }) + '{}');
    const answer = await connection.answer(0);
    expect(answer.status).toBe(422);
    expect(answer.headers.connection).toBe('keep-alive');
    expect(await secondRequestServedOrHonestlyClosed(connection, answer)).toBe('served');
    connection.destroy();
  });
});

describe('requests Node refuses before the app sees them', () => {
  it('answers a body that stops arriving with a 408 JSON error, then closes', async () => {
    const connection = await rawConnect(server.port);
    await connection.write(postHead({ 'Content-Type': 'application/json', 'Content-Length': 100 }) + '{"submittedBy":');
    const answer = await connection.answer(0);
    expectRefusal(answer, 408, 'request_timeout', ['body']);
    expect(answer.headers.connection).toBe('close');
    await connection.closed;
  });

  it('answers headers that never finish with a 408 JSON error', async () => {
    const connection = await rawConnect(server.port);
    await connection.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a');
    const answer = await connection.answer(0);
    expectRefusal(answer, 408, 'request_timeout', ['body']);
    await connection.closed;
  });

  it('answers headers that are too large with a 431 JSON error, then closes', async () => {
    const connection = await rawConnect(server.port);
    await connection.write(head(['GET /api/health HTTP/1.1', 'Host: 127.0.0.1', `X-Padding: ${'a'.repeat(20_000)}`]));
    const answer = await connection.answer(0);
    expectRefusal(answer, 431, 'headers_too_large', ['headers']);
    expect(answer.headers.connection).toBe('close');
    await connection.closed;
  });

  it.each([
    ['not HTTP', 'HELLO\r\n\r\n'],
    ['a bad header line', 'GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'],
    ['a bad chunk size', postHead({ 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }) + 'zz\r\n{}\r\n0\r\n\r\n'],
    ['two content lengths', 'POST /api/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
  ])('answers %s with a 400 JSON error, then closes', async (_name, request) => {
    const connection = await rawConnect(server.port);
    await connection.write(request);
    const answer = await connection.answer(0);
    expectRefusal(answer, 400, 'bad_request', ['request']);
    await connection.closed;
  });
});
