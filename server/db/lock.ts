/**
 * One process per embedded database. PGlite has no lock between processes: a
 * second process on the same directory opens it without error and silently
 * loses writes. So the server takes this lock first and refuses to start twice.
 *
 * A PID file rather than an mtime-based lock (proper-lockfile): after a crash
 * or SIGKILL the server can restart at once, because a lock whose process is
 * gone is known to be stale, instead of waiting for a timeout.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is already in use by process ${pid}. ` +
        'Only one server can use the embedded database at a time: stop the other one, ' +
        'use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server between processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Directories this process has locked. A PID file holding our own PID for a
 * directory not in here was left by an earlier process that had the same PID:
 * a restarted container's server often gets the same PID as the one that crashed.
 */
const held = new Set<string>();

/** The PID of the live process holding `file`, or null if none does (no file, or a stale one). */
function liveHolder(file: string): number | null {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const pid = Number.parseInt(content, 10);
  const live = pid === process.pid ? held.has(path.resolve(file)) : isRunning(pid);
  return Number.isInteger(pid) && pid > 0 && live ? pid : null;
}

/**
 * Throws DataDirLockedError if a live process holds the lock on `dir`; takes
 * nothing and changes nothing. For `npm start`, before it rebuilds the app
 * (server/preflight.ts): the server itself takes the lock with lockDataDir.
 */
export function checkDataDir(dir: string): void {
  const pid = liveHolder(path.join(dir, 'server.pid'));
  if (pid !== null) throw new DataDirLockedError(dir, pid);
}

/** Takes the lock on `dir` for this process; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'server.pid');
  const key = path.resolve(file);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      held.add(key);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        held.delete(key);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = liveHolder(file);
      if (pid !== null) throw new DataDirLockedError(dir, pid);
      // The process that held it is gone (crash, power cut): the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dir}.`);
}
