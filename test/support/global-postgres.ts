/** vitest globalSetup: one PostgreSQL server for the whole run, its URL given to the tests. */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default function setup(project: TestProject) {
  const server = startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
