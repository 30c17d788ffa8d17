/** Starts the server (through server/http-server.ts, the one place that calls serve()). */
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { createApp } from './app.ts';
import { startHttpServer } from './http-server.ts';
import { readEnv } from './env.ts';
import { newToken } from './auth/tokens.ts';
import { publishStaffCliAccess } from './cli/staff-access.ts';
import { startJobs } from './jobs/index.ts';
import { landlord } from '../shared/config/landlord.ts';
import { checkLandlordConfig } from '../shared/config/landlord-schema.ts';

async function main() {
  const env = readEnv();
  // A wrong landlord configuration stops the server with a clear message.
  checkLandlordConfig(landlord);
  let database;
  try {
    database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, poolSize: env.poolSize });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The embedded database is this process's alone: `npm run staff` then asks this server (server/cli/staff.ts).
  const staffCliSecret = database.kind === 'pglite' ? newToken() : undefined;
  const app = createApp({
    database,
    staticDir: env.staticDir,
    production: env.production,
    publicUrl: env.publicUrl,
    trustProxy: env.trustProxy,
    staffCliSecret,
  });
  const server = await startHttpServer({ fetch: app.fetch, port: env.port, hostname: env.host });
  const removeCliAccess = staffCliSecret ? publishStaffCliAccess(env.dataDir, env.host, server.port, staffCliSecret) : () => {};
  const where = database.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${env.dataDir}`;
  console.log(`Listening on http://localhost:${server.port} (${where})`);

  // Email and the daily deadline check, as jobs in the database (JOB_WORKER=off leaves them to other processes).
  const jobs = env.jobWorker
    ? startJobs({
        db: database.db,
        smtpUrl: env.smtpUrl,
        dataDir: env.dataDir,
        mailFrom: env.mailFrom,
        publicUrl: env.publicUrl,
      })
    : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    // Stops taking connections; requests in flight finish while the jobs and the database close (as before).
    void server.close();
    removeCliAccess();
    await jobs?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
