/**
 * POST /api/staff/cli: `npm run staff` while a server holds the embedded
 * database. PGlite's directory can be opened by one process only (server/db/lock.ts),
 * so the command asks the running server to do the work. Allowed only from this
 * machine's loopback, not through a proxy, and with the secret the server wrote
 * to DATA_DIR/staff-cli.json (mode 0600: readable only by the account that runs
 * the server). Mounted only when the server made such a secret.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { runStaffCommand } from '../cli/staff-commands.ts';
import type { Db } from '../db/client.ts';
import { refusal } from '../http-errors.ts';
import { parseJson } from './complaints.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function staffCliRoutes(db: Db, publicUrl: string, secret: string) {
  return new Hono().post('/', async (c) => {
    let remote: string | undefined;
    try {
      remote = getConnInfo(c).remote.address;
    } catch {
      remote = undefined;
    }
    const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!remote || !LOOPBACK.has(remote) || proxied || !sameSecret(given, secret)) throw refusal(403, 'forbidden', ['headers', 'authorization']);
    const output = await runStaffCommand(db, parseJson(await c.req.text(), ['body']), publicUrl);
    return c.json({ output });
  });
}
