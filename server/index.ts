/** Starts the server: the only file that calls serve(). */
import { serve } from '@hono/node-server';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { createApp } from './app.ts';
import { readEnv } from './env.ts';
import { newToken } from './auth/tokens.ts';
import { publishStaffCliAccess } from './cli/staff-access.ts';
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
  let removeCliAccess = () => {};
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    const where = database.kind === 'postgres' ? 'PostgreSQL' : `the embedded database in ${env.dataDir}`;
    if (staffCliSecret) removeCliAccess = publishStaffCliAccess(env.dataDir, env.host, info.port, staffCliSecret);
    console.log(`Listening on http://localhost:${info.port} (${where})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    removeCliAccess();
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
