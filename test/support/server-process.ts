/** Runs the real server (node server/index.ts) as a resident's browser would reach it. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM, or SIGKILL to simulate a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** How long a start may take (SERVER_START_SECONDS) before it counts as failed. */
const START_SECONDS = Number(process.env.SERVER_START_SECONDS ?? 180);

/** Starts the server on a free port; resolves once it listens. */
export async function startServer(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    staticDir?: string;
    /** More modules for node to load first (`--import`), e.g. the soak's memory probe. */
    preload?: string[];
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-e2e-'));
  const preload = (options.preload ?? []).flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload, 'server/index.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: options.staticDir ?? 'dist',
      DATABASE_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: on a 2-core machine shared with other work a start has taken over a minute. Not left running after.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Server did not start in ${START_SECONDS} s:\n${output.slice(-4000)}`));
    }, START_SECONDS * 1000);
    const onData = (chunk: Buffer) => {
      // Read for as long as the server runs (a full pipe would stop it), keeping the last few KB for errors.
      output = (output + chunk.toString()).slice(-20_000);
      const match = /Listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    process: child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
