/**
 * Reads V8 CPU profiles (.cpuprofile, as BENCH_PROFILE writes them) and sums self time by
 * function, and by package (hono, pg, pglite, drizzle, valibot, the app's own files, node's
 * internals, garbage collection), so two endpoints' profiles can be compared side by side.
 *
 *   node --import tsx test/bench/profile-summary.ts a.cpuprofile [b.cpuprofile ...]
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time (µs) of each node, from the samples and the time between them. */
function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap until the next one.
    const dt = deltas[i + 1] ?? 0;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + dt);
  }
  return self;
}

/** Where a function comes from: a package under node_modules, the app's own folder, or V8/Node itself. */
export function packageOf(url: string, name: string): string {
  if (name === '(garbage collector)') return '(garbage collector)';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  if (url.startsWith('node:') || (!url.includes('/') && url !== '')) return 'node (internal)';
  if (url === '') return '(native)';
  const own = /\/(server|shared|test)\//.exec(url);
  return own ? `app ${own[1]}/` : url;
}

export interface Summary {
  file: string;
  /** Sampled time, without idle (µs). */
  busy: number;
  byFunction: [string, number][];
  byPackage: [string, number][];
}

export function summarise(file: string): Summary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const self = selfTimes(profile);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    if (!time) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += time;
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|test)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + time);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { file, busy, byFunction: sorted(functions), byPackage: sorted(packages) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const top = Number(process.env.PROFILE_TOP ?? 30);
  for (const file of process.argv.slice(2)) {
    const s = summarise(file);
    const pct = (t: number) => `${((100 * t) / s.busy).toFixed(1)}%`;
    console.log(`\n${file}: ${(s.busy / 1000).toFixed(0)} ms busy`);
    console.log('  by package:');
    for (const [name, t] of s.byPackage.slice(0, 15)) console.log(`    ${pct(t).padStart(6)}  ${name}`);
    console.log('  by function (self time):');
    for (const [name, t] of s.byFunction.slice(0, top)) console.log(`    ${pct(t).padStart(6)}  ${name}`);
  }
}
