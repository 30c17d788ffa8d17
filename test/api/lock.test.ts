/**
 * The data directory lock (server/db/lock.ts): one process per embedded
 * database. In process first, then the real server started twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { DataDirLockedError, checkDataDir, lockDataDir } from '../../server/db/lock.ts';
import { newKey, validComplaint } from '../support/complaint-fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-lock-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The PID of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid!;
  await new Promise((resolve) => child.once('exit', resolve));
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

describe('lockDataDir', () => {
  it('takes the lock with a PID file, refuses a second lock clearly, and releases it', () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'server.pid');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(process.pid));

    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    const message = (error as Error).message;
    expect(message).toContain(dir);
    expect(message).toContain(`already in use by process ${process.pid}`);
    expect(message).toContain('DATABASE_URL');
    // The refused attempt leaves the holder's lock alone.
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(process.pid));

    release();
    expect(fs.existsSync(pidFile)).toBe(false);
    release(); // twice is harmless

    const again = lockDataDir(dir);
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
    again();
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('creates the directory if it does not exist', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const release = lockDataDir(dir);
    expect(fs.existsSync(path.join(dir, 'server.pid'))).toBe(true);
    release();
  });

  it('takes over a stale lock left by a process that is gone', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'server.pid');
    const pid = await deadPid();
    fs.writeFileSync(pidFile, String(pid));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('takes over a stale lock holding its own PID (a restarted container gets the same PID)', () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'server.pid');
    fs.writeFileSync(pidFile, String(process.pid));
    const release = lockDataDir(dir);
    // Taken for real this time: a second lock in this process is refused.
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it.each(['', 'not a pid', '-1', '0'])('takes over a lock file holding %j', (content) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'server.pid'), content);
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'server.pid'), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('refuses a lock held by another live process', async () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'server.pid'), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`already in use by process ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });

  it("release leaves a lock that is no longer this process's", () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'server.pid');
    const release = lockDataDir(dir);
    fs.writeFileSync(pidFile, '999999');
    release();
    expect(fs.readFileSync(pidFile, 'utf8')).toBe('999999');
  });

  it('can be checked without being taken: checkDataDir refuses only a live holder, and changes nothing', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'server.pid');
    checkDataDir(dir); // free
    checkDataDir(path.join(dir, 'not-made-yet'));
    expect(fs.existsSync(pidFile)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'not-made-yet'))).toBe(false);

    const release = lockDataDir(dir);
    expect(() => checkDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => checkDataDir(dir)).toThrow(`already in use by process ${process.pid}`);
    release();
    checkDataDir(dir);

    // A stale lock is no obstacle, and is left for lockDataDir to take over.
    const pid = await deadPid();
    fs.writeFileSync(pidFile, String(pid));
    checkDataDir(dir);
    expect(fs.readFileSync(pidFile, 'utf8')).toBe(String(pid));
  });

  it('is taken by openDatabase for an embedded database, and released by close', async () => {
    const dir = tempDir();
    const database = await openDatabase({ dataDir: dir });
    try {
      await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(dir, 'server.pid'))).toBe(false);
  });
});

interface ServerProcess {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Runs `node --import tsx server/index.ts` on the embedded database in `dataDir`. */
function runServer(dataDir: string): ServerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    STATIC_DIR: path.join(dataDir, 'no-such-dist'),
    NODE_ENV: 'test',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const server: ServerProcess = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (chunk: Buffer) => (server.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
  return server;
}

/** Waits for "Listening on http://localhost:PORT"; returns the base URL. */
async function listening(server: ServerProcess): Promise<string> {
  const deadline = Date.now() + 60_000; // a fresh PGlite and tsx took 28-30 s to start at a load average of 25
  while (Date.now() < deadline) {
    const match = /Listening on http:\/\/localhost:(\d+)/.exec(server.stdout);
    if (match) return `http://127.0.0.1:${match[1]}`;
    if (server.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The server did not start.\nstdout: ${server.stdout}\nstderr: ${server.stderr}`);
}

async function stop(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  return server.exited;
}

afterEach(() => {
  // Only the servers this file started, by their own handle.
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

function post(base: string, key: string) {
  return fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(validComplaint()),
  });
}

/** The commands `npm start` runs before it builds the app, exactly as package.json has them. */
function stepsBeforeBuild(): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const steps = start.split('&&').map((step) => step.trim());
  const build = steps.findIndex((step) => /\b(npm run build|vite build)\b/.test(step));
  expect(build, `npm start builds the app: ${start}`).toBeGreaterThan(0);
  return steps.slice(0, build);
}

/** Runs the steps of `npm start` that come before the build, on the embedded database in `dataDir`. */
async function runBeforeBuild(dataDir: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...extraEnv };
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn('sh', ['-c', stepsBeforeBuild().join(' && ')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

describe('npm start', () => {
  it('checks the data-directory lock before it builds the app', async () => {
    expect(stepsBeforeBuild().some((step) => step.includes('server/preflight.ts'))).toBe(true);
    // Free: it goes on to build, and has taken no lock (the server takes it).
    const dataDir = tempDir();
    expect(await runBeforeBuild(dataDir)).toEqual({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);
    // Held by a live process: it stops with the lock's message.
    const release = lockDataDir(dataDir);
    try {
      const refused = await runBeforeBuild(dataDir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The data directory ${dataDir} is already in use by process ${process.pid}`);
      // On PostgreSQL there is no directory lock to respect.
      expect(await runBeforeBuild(dataDir, { DATABASE_URL: 'postgres://127.0.0.1:1/none' })).toEqual({ code: 0, stderr: '' });
    } finally {
      release();
    }
  });
});

describe('the server process', () => {
  it('refuses to start twice on one data directory, and keeps its data across a restart', async () => {
    const dataDir = tempDir();
    const first = runServer(dataDir);
    const base = await listening(first);
    expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8')).toBe(String(first.child.pid));

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { kind: 'pglite', status: 'ok' } });

    const key = newKey();
    const created = await post(base, key);
    expect(created.status).toBe(201);
    const receipt = (await created.json()) as { reference: string };

    // A second server on the same directory stops at once with a clear message.
    const second = runServer(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.stderr).toContain('already in use');
    expect(second.stderr).toContain(String(first.child.pid));
    expect(second.stdout).not.toContain('Listening');
    // `npm start` refuses too, before it rebuilds (and so empties) the dist/ the first one serves.
    const preflight = await runBeforeBuild(dataDir);
    expect(preflight.code).toBe(1);
    expect(preflight.stderr).toContain(`already in use by process ${first.child.pid}`);
    // …and the first is unharmed.
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    // SIGTERM: a clean stop that releases the lock.
    expect(await stop(first)).toBe(0);
    expect(first.stdout).toContain('SIGTERM: shutting down');
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false);

    // Started again: the complaint is still there, and a retry gets its receipt.
    const restarted = runServer(dataDir);
    const base2 = await listening(restarted);
    const health2 = await fetch(`${base2}/api/health`);
    expect(await health2.json()).toMatchObject({ status: 'ok', database: { kind: 'pglite', status: 'ok' } });
    const replay = await post(base2, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // The same receipt, with a new access token (only the first one's hash was kept).
    const { accessToken: replayedToken, ...replayed } = await replay.json();
    const { accessToken: firstToken, ...original } = receipt as Record<string, unknown>;
    expect(replayed).toEqual(original);
    expect(replayedToken).not.toBe(firstToken);
    expect(await stop(restarted)).toBe(0);
  }, 240_000); // three server starts and a preflight: over 60 s on a machine at a load average of 30
});
