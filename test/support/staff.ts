/**
 * Signed-in staff for API tests of any area:
 *
 *   const { staff, cookie } = await signInStaff(app, database.db, { role: 'officer' });
 *   await app.request('/api/staff/…', { method: 'POST', headers: { cookie, ...SAME_ORIGIN }, body });
 *
 * The member is added and their password set the way the product does it (a
 * one-time link), then they sign in through POST /api/staff/sign-in: the cookie
 * is a real session, as a browser would hold it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../../server/db/client.ts';
import { addStaffMember, setPasswordFromLink } from '../../server/domain/staff.ts';
import type { StaffMember } from '../../server/auth/staff.ts';
import type { StaffRole } from '../../shared/schemas/staff.ts';

/** Something that answers requests: an app from createApp() (app.request) or a running server's base URL. */
export type Target = { request: (path: string, init?: RequestInit) => Response | Promise<Response> } | string;

/** Headers a browser sends with a same-origin request from the console (crossSiteGuard lets it through). */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' } as const;

export const TEST_STAFF_PASSWORD = 'correct horse battery staple';

export function send(target: Target, path: string, init?: RequestInit): Promise<Response> {
  return Promise.resolve(typeof target === 'string' ? fetch(new URL(path, target), init) : target.request(path, init));
}

/** `name=value` of the session cookie a response sets (what a browser sends back). */
export function sessionCookieFrom(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => /^(__Host-)?staff_session=/.test(c));
  if (!header) throw new Error(`No session cookie in the response (${response.status})`);
  return header.split(';')[0]!;
}

/** Adds a member with a password (through a one-time link, as the product does). */
export async function createStaff(
  db: Db,
  options: { role: StaffRole; name?: string; email?: string; password?: string },
): Promise<StaffMember & { password: string }> {
  const email = options.email ?? `${options.role}-${randomUUID().slice(0, 8)}@staff.example`;
  const name = options.name ?? (options.role === 'admin' ? 'Alex Administrator' : 'Olu Officer');
  const password = options.password ?? TEST_STAFF_PASSWORD;
  const { member, link } = await addStaffMember(db, { email, name, role: options.role }, 'http://localhost');
  const token = new URL(link.url).hash.slice(1);
  if (!(await setPasswordFromLink(db, token, password))) throw new Error('could not set the test password');
  return { id: member.id, email: member.email, name: member.name, role: member.role, password };
}

/** A new member of staff, signed in: the member and the `cookie` header value to send. */
export async function signInStaff(
  target: Target,
  db: Db,
  options: { role: StaffRole; name?: string; email?: string },
): Promise<{ staff: StaffMember; cookie: string }> {
  const { password, ...staff } = await createStaff(db, options);
  const response = await send(target, '/api/staff/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...SAME_ORIGIN },
    body: JSON.stringify({ email: staff.email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return { staff, cookie: sessionCookieFrom(response) };
}

/** `npm run staff -- …` (server/cli/staff.ts) as an operator runs it, with these environment variables. */
export function runStaffCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/staff.ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
