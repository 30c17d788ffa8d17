/**
 * `npm run staff` (server/cli/staff.ts) as an operator runs it, on the embedded
 * database and on PostgreSQL, with no server running and with one running (then,
 * on the embedded database, the command goes through the server, which holds
 * the directory's lock). The links it prints are used through the real server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staffCliAccessFile } from '../../server/cli/staff-access.ts';
import { freshDatabase } from '../support/databases.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { runStaffCli, SAME_ORIGIN, sessionCookieFrom } from '../support/staff.ts';

const PUBLIC_URL = 'https://complaints.example';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const runCli = (args: string[], env: Record<string, string>) => runStaffCli(args, { PUBLIC_URL, ...env });

/** The one-time link in the CLI's output. */
function linkIn(output: string): string {
  const match = /https:\/\/complaints\.example\/staff\/set-password#([\w-]{43})/.exec(output);
  expect(match, output).not.toBeNull();
  return match![1]!;
}

const postJson = (server: RunningServer, route: string, body: unknown) =>
  fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...SAME_ORIGIN },
    body: JSON.stringify(body),
  });

/** Uses a printed link on the running server, then signs in with the new password. */
async function setPasswordAndSignIn(server: RunningServer, token: string, email: string) {
  const set = await postJson(server, '/api/staff/password', { token, password: 'a password from the link' });
  expect(set.status).toBe(200);
  const signIn = await postJson(server, '/api/staff/sign-in', { email, password: 'a password from the link' });
  expect(signIn.status).toBe(200);
  return sessionCookieFrom(signIn);
}

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-staff-cli-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe.each(['pglite', 'postgres'] as const)('npm run staff (%s)', (kind) => {
  it('adds, lists and removes staff with no server running, then with one running', async () => {
    const dataDir = tempDir();
    let databaseUrl = '';
    if (kind === 'postgres') {
      const database = await freshDatabase('postgres');
      databaseUrl = database.url!;
      await database.close();
    }
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };

    // No server: the command opens the database itself.
    const usage = await runCli(['add', '--email', 'ann@council.example'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--name is required for add');
    const added = await runCli(['add', '--email', 'Ann@Council.example', '--name', 'Ann Admin', '--role', 'admin'], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added Ann Admin <Ann@Council.example> as an administrator.');
    const adminToken = linkIn(added.stdout);
    const duplicate = await runCli(['add', '--email', 'ann@council.example', '--name', 'Ann', '--role', 'officer'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('A member of staff with that email already exists.');
    const invalid = await runCli(['add', '--email', 'nope', '--name', 'X', '--role', 'boss'], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('--email is not an email address');
    expect(invalid.stderr).toContain('--role must be admin or officer');

    // With the server running (on the embedded database it now holds the directory's lock).
    const server = await startServer({ dataDir, staticDir: path.join(dataDir, 'no-build'), env: { DATABASE_URL: databaseUrl, PUBLIC_URL } });
    cleanups.push(() => server.stop());
    await setPasswordAndSignIn(server, adminToken, 'ann@council.example');

    const officer = await runCli(['add', '--email', 'olu@council.example', '--name', 'Olu Officer', '--role', 'officer'], env);
    expect(officer.stderr).toBe('');
    expect(officer.code).toBe(0);
    expect(officer.stdout).toContain('Added Olu Officer <olu@council.example> as a complaints officer.');
    const officerCookie = await setPasswordAndSignIn(server, linkIn(officer.stdout), 'olu@council.example');

    const list = await runCli(['list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/admin +Ann@Council\.example {2}Ann Admin\n/);
    expect(list.stdout).toMatch(/officer +olu@council\.example {2}Olu Officer\n/);

    const lastAdmin = await runCli(['remove', '--email', 'ann@council.example'], env);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toContain('That is the last administrator');

    const removed = await runCli(['remove', '--email', 'OLU@council.example'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed Olu Officer <olu@council.example>');
    const me = await fetch(`${server.url}/api/staff/me`, { headers: { cookie: officerCookie } });
    expect(me.status).toBe(401);

    const relinked = await runCli(['link', '--email', 'ann@council.example'], env);
    expect(relinked.code).toBe(0);
    expect(linkIn(relinked.stdout)).not.toBe(adminToken);

    if (kind === 'pglite') {
      // The way in for the command line: readable by the server's account only, and gone when the server stops.
      const file = staffCliAccessFile(dataDir);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      await server.stop();
      expect(fs.existsSync(file)).toBe(false);
    }
    // Every command starts a Node process and opens the database (seconds for the embedded one on a busy machine).
  }, 300_000);
});

describe('the command line endpoint of a running server', () => {
  it('refuses a wrong secret and anything that came through a proxy', async () => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir, staticDir: path.join(dataDir, 'no-build'), env: { PUBLIC_URL } });
    cleanups.push(() => server.stop());
    const { secret } = JSON.parse(fs.readFileSync(staffCliAccessFile(dataDir), 'utf8')) as { secret: string };
    const call = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/staff/cli`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ command: 'list' }),
      });
    expect((await call({ authorization: `Bearer ${secret}` })).status).toBe(200);
    expect((await call({})).status).toBe(403);
    expect((await call({ authorization: `Bearer ${secret.slice(0, -1)}x` })).status).toBe(403);
    expect((await call({ authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
  });

  it('does not exist on PostgreSQL, where the command line opens the database itself', async () => {
    const database = await freshDatabase('postgres');
    const url = database.url!;
    await database.close();
    const dataDir = tempDir();
    const server = await startServer({ dataDir, staticDir: path.join(dataDir, 'no-build'), env: { DATABASE_URL: url, PUBLIC_URL } });
    cleanups.push(() => server.stop());
    expect(fs.existsSync(staffCliAccessFile(dataDir))).toBe(false);
    const response = await fetch(`${server.url}/api/staff/cli`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(404);
  });
});
