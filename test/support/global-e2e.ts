/**
 * vitest globalSetup for end-to-end tests: the built app (npm test builds it
 * first; built here if missing) served by the real server on PGlite.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer } from './server-process.ts';
import { AXE_LOG, CHROMIUM } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    appDataDir: string;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  if (!fs.existsSync('dist/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  fs.rmSync(AXE_LOG, { force: true });
  const server = await startServer();
  project.provide('appUrl', server.url);
  project.provide('appDataDir', server.dataDir);
  return async () => {
    if (fs.existsSync(AXE_LOG)) {
      const checks = fs.readFileSync(AXE_LOG, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { path: string; lang: string; width: number; violations: number });
      const pages = new Set(checks.map((c) => c.path)).size;
      const languages = [...new Set(checks.map((c) => c.lang))].sort().join(', ');
      const violations = checks.reduce((n, c) => n + c.violations, 0);
      console.log(`axe (WCAG 2.2 AA): ${checks.length} checks, ${pages} distinct paths, languages ${languages}, ${violations} violations`);
    }
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  };
}
