/**
 * npm run staff -- add --email EMAIL --name NAME --role admin|officer
 * npm run staff -- list
 * npm run staff -- remove --email EMAIL
 * npm run staff -- link --email EMAIL       (a new set-password link)
 *
 * With DATABASE_URL it works on PostgreSQL directly. On the embedded database
 * it opens DATA_DIR itself when no server is running; when one is, the directory
 * is locked to it (server/db/lock.ts), so the command asks that server over
 * loopback with the secret it wrote to DATA_DIR (server/routes/staff-cli.ts).
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import { openDatabase } from '../db/client.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { readEnv } from '../env.ts';
import { ApiError } from '../http-errors.ts';
import { describeCommandError, runStaffCommand, StaffCommandSchema, type StaffCommand } from './staff-commands.ts';
import { readStaffCliAccess } from './staff-access.ts';

const USAGE = `Usage:
  npm run staff -- add --email EMAIL --name NAME --role admin|officer
  npm run staff -- list
  npm run staff -- remove --email EMAIL
  npm run staff -- link --email EMAIL`;

class UsageError extends Error {}
/** The command was understood and refused (a duplicate email, the last administrator…). */
class CommandRefused extends Error {}

function parseCommand(argv: string[]): StaffCommand {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`Unexpected: ${rest.join(' ')}`);
  const required = (name: 'email' | 'name' | 'role') => {
    const value = values[name];
    if (value === undefined) throw new UsageError(`--${name} is required for ${command}`);
    return value;
  };
  switch (command) {
    case 'add':
      return { command, email: required('email'), name: required('name'), role: required('role') as 'admin' | 'officer' };
    case 'list':
      return { command };
    case 'remove':
    case 'link':
      return { command, email: required('email') };
    default:
      throw new UsageError(command ? `Unknown command: ${command}` : 'Which command?');
  }
}

/** Runs the command through the server that holds the embedded database. */
async function askRunningServer(dataDir: string, command: StaffCommand): Promise<string> {
  const access = readStaffCliAccess(dataDir);
  if (!access) {
    throw new Error(
      `A server is using ${dataDir} but has not published how to reach it (${dataDir}/staff-cli.json): ` +
        'it may still be starting. Try again in a moment, or stop it and run this again.',
    );
  }
  let response: Response;
  try {
    response = await fetch(`${access.url}/api/staff/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access.secret}` },
      body: JSON.stringify(command),
    });
  } catch (error) {
    throw new Error(`Could not reach the server using ${dataDir} at ${access.url}: ${(error as Error).message}`);
  }
  const body = (await response.json()) as { output?: string; error?: { code: string; issues?: { path: (string | number)[]; code: string }[] } };
  if (response.ok && typeof body.output === 'string') return body.output;
  if (body.error?.code === 'forbidden') {
    throw new Error(`The server using ${dataDir} refused the command line: run this as the same user, on the same machine.`);
  }
  throw new CommandRefused(describeCommandError(body as { error: { code: string } }));
}


async function main(): Promise<number> {
  let command: StaffCommand;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  // Checked before the database is opened (seconds for the embedded one): a typo answers at once.
  const checked = v.safeParse(StaffCommandSchema, command);
  if (!checked.success) {
    console.error(describeCommandError({ error: { code: 'validation', issues: toFieldIssues(checked.issues) } }));
    return 1;
  }
  const env = readEnv();
  let database;
  try {
    database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, poolSize: 1 });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.log(await askRunningServer(env.dataDir, command));
    return 0;
  }
  try {
    console.log(await runStaffCommand(database.db, command, env.publicUrl));
    return 0;
  } catch (error) {
    if (error instanceof ApiError) throw new CommandRefused(describeCommandError(error.body));
    throw error;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
