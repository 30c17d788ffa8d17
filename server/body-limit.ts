/**
 * The body size limit of every endpoint that reads a body: 413 `body_too_large` at `['body']`.
 *
 * Hono's bodyLimit first asks for the request's `body`, which makes @hono/node-server build a
 * whole web Request around Node's request (a ReadableStream, an AbortController, undici's
 * Request) and then read the body through it: measured under load, most of the server's CPU
 * time per request beyond the database. A request that declares its length (Content-Length
 * without Transfer-Encoding: every JSON body from the app) is judged by that length here,
 * as Hono does, and Node's parser never reads more than that length as its body; the body is
 * then read by the adapter's direct path. A body of unknown length (chunked) is counted as it
 * arrives by Hono's own middleware.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit as countingBodyLimit } from 'hono/body-limit';
import { refusal } from './http-errors.ts';

const tooLarge = (): never => {
  throw refusal(413, 'body_too_large', ['body']);
};

export function bodyLimit(maxSize: number): MiddlewareHandler {
  const counting = countingBodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    return parseInt(length || '0', 10) > maxSize ? tooLarge() : next();
  };
}
