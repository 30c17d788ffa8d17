/**
 * Loaded into the server process by `npm run soak` only (node --import): prints the V8 heap
 * once a second as `MEMORY {json}` on stdout, for the soak to read. The server itself has no
 * stats endpoint; the resident set size is read from /proc/<pid>/status by the soak.
 */
const everyMs = Number(process.env.MEMORY_PROBE_MS ?? 1000);
setInterval(() => {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`MEMORY ${JSON.stringify({ at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers })}\n`);
}, everyMs).unref();
