/**
 * How `npm run staff` reaches a running server that holds the embedded database:
 * the server writes its loopback address and a secret to DATA_DIR/staff-cli.json,
 * readable only by the account that runs it (mode 0600), and removes it on stop.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface StaffCliAccess {
  url: string;
  secret: string;
  pid: number;
}

export const staffCliAccessFile = (dataDir: string) => path.join(dataDir, 'staff-cli.json');

/** The loopback address of a server listening on `host`. */
function loopbackUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost' || host === '127.0.0.1') return `http://127.0.0.1:${port}`;
  if (host === '::1') return `http://[::1]:${port}`;
  // Listening on one other address only: the command line cannot come from loopback, and the server will refuse it.
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Writes the file; returns the function that removes it. */
export function publishStaffCliAccess(dataDir: string, host: string, port: number, secret: string): () => void {
  const file = staffCliAccessFile(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  const access: StaffCliAccess = { url: loopbackUrl(host, port), secret, pid: process.pid };
  fs.rmSync(temporary, { force: true });
  // Created with 0600 (and renamed into place), so the secret is never readable by others, even for a moment.
  fs.writeFileSync(temporary, JSON.stringify(access), { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as StaffCliAccess;
      if (current.pid === process.pid) fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
}

/** What a running server published, or null. */
export function readStaffCliAccess(dataDir: string): StaffCliAccess | null {
  try {
    return JSON.parse(fs.readFileSync(staffCliAccessFile(dataDir), 'utf8')) as StaffCliAccess;
  } catch {
    return null;
  }
}
