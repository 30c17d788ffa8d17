/**
 * `npm start` runs this before it rebuilds the app: if another server already
 * uses the embedded database's directory, stop here with its clear message,
 * before the build empties the dist/ that server is serving. It only looks at
 * the lock (server/db/lock.ts); the server takes it when it starts.
 */
import { checkDataDir } from './db/lock.ts';
import { readEnv } from './env.ts';

try {
  const env = readEnv();
  // On PostgreSQL, processes share the database: there is no directory lock to respect.
  if (!env.databaseUrl) checkDataDir(env.dataDir);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
