/**
 * npm run lighthouse: Lighthouse (mobile, its default) on the home page, a
 * question page and "Your complaints and drafts", against the built app served
 * by the real server, in Debian's Chromium. Prints the scores, the layout shift
 * and the largest contentful paint, with the machine's load average (a busy
 * machine slows the performance score). A measure, not a test: nothing fails.
 *
 *   npm run build && npm run lighthouse
 *   LIGHTHOUSE_URL=http://localhost:3000 npm run lighthouse     # a server already running
 *   LIGHTHOUSE_RUNS=3 npm run lighthouse                        # the median of several runs per page
 *   LIGHTHOUSE_PAGES=/drafts npm run lighthouse                 # only the pages whose path is listed (comma-separated)
 *   LIGHTHOUSE_DETAILS=1 npm run lighthouse                     # also what the paints wait for: the other metrics,
 *                                                               # render-blocking files, long tasks, script time
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { CHROMIUM } from '../support/browser.ts';

const PAGES = [
  ['home page', '/'],
  ['question page', '/complaint/what-happened'],
  ['your complaints and drafts', '/drafts'],
] as const;
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));

const root = path.resolve(import.meta.dirname, '../..');
if (!process.env.LIGHTHOUSE_URL && !fs.existsSync(path.join(root, 'dist/html/manifest.json'))) {
  console.error('No build with prerendered pages in dist/: run `npm run build` first.');
  process.exit(1);
}

let server: RunningServer | undefined;
const base = process.env.LIGHTHOUSE_URL ?? (server = await startServer()).url;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});

interface Measure {
  performance: number;
  accessibility: number;
  bestPractices: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
}

interface AuditItems {
  items?: { url?: string; wastedMs?: number; duration?: number; startTime?: number; total?: number; scripting?: number }[];
}

/** What the paints and the blocking time are made of, as Lighthouse sees it under its simulated phone. */
function printDetails(name: string, lhr: { audits: Record<string, { numericValue?: number; details?: unknown } | undefined> }) {
  const ms = (id: string) => `${id} ${Math.round(lhr.audits[id]?.numericValue ?? NaN)} ms`;
  console.log(`  ${name}: ${['first-contentful-paint', 'speed-index', 'largest-contentful-paint', 'interactive', 'max-potential-fid'].map(ms).join(', ')}`);
  const items = (id: string) => (lhr.audits[id]?.details as AuditItems | undefined)?.items ?? [];
  for (const item of items('render-blocking-resources')) console.log(`  ${name}: render-blocking ${item.url} (${Math.round(item.wastedMs ?? 0)} ms)`);
  for (const item of items('long-tasks').slice(0, 5)) console.log(`  ${name}: long task at ${Math.round(item.startTime ?? 0)} ms, ${Math.round(item.duration ?? 0)} ms, ${item.url}`);
  for (const item of items('bootup-time').slice(0, 4)) console.log(`  ${name}: script ${item.url}: ${Math.round(item.total ?? 0)} ms (${Math.round(item.scripting ?? 0)} ms running)`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile, ${base}`);
  console.log(`load average before: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  console.log('page                          perf  a11y  best   CLS     LCP      TBT');
  const only = process.env.LIGHTHOUSE_PAGES?.split(',').filter(Boolean);
  for (const [name, pathname] of PAGES.filter(([, pathname]) => !only || only.includes(pathname))) {
    const measures: Measure[] = [];
    for (let run = 0; run < runs; run++) {
      const result = await lighthouse(new URL(pathname, base).href, {
        port: chrome.port,
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      const lhr = result!.lhr;
      if (lhr.runtimeError) console.log(`  ${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      measures.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
        lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
        tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
      });
      // What moved, when something did: the elements Lighthouse blames for the layout shift.
      const shiftAudit = lhr.audits['layout-shifts'];
      if (shiftAudit?.errorMessage) console.log(`  ${name}: layout shifts not analysed: ${shiftAudit.errorMessage}`);
      const shifts = (shiftAudit?.details as { items?: { node?: { selector?: string; snippet?: string }; score?: number }[] } | undefined)?.items ?? [];
      if (process.env.LIGHTHOUSE_DETAILS) printDetails(name, lhr);
      for (const shift of shifts) console.log(`  ${name}: shift ${shift.score?.toFixed(3)} ${shift.node?.selector ?? ''} ${shift.node?.snippet?.slice(0, 120) ?? ''}`);
    }
    const m = (key: keyof Measure) => median(measures.map((x) => x[key]));
    console.log(
      `${name.padEnd(28)} ${String(m('performance')).padStart(4)}  ${String(m('accessibility')).padStart(4)}  ${String(m('bestPractices')).padStart(4)}` +
        `  ${m('cls').toFixed(3)}  ${(m('lcpMs') / 1000).toFixed(2)} s  ${Math.round(m('tbtMs'))} ms`,
    );
  }
  console.log(`load average after: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
} finally {
  await chrome.kill();
  await server?.stop();
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
}
