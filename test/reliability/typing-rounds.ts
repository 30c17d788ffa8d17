/**
 * `npm run typing-rounds` (issue 13, "Words typed are never lost"): 100 rounds
 * in Chromium of typing into random questions of a complaint, each ended at a
 * random moment by a reload, the tab closed, the renderer crashed or a reload
 * with no signal; prints words typed and words lost (must be 0). Needs a build
 * (`npm run build`). ROUNDS and SEED may be set in the environment.
 */
import fs from 'node:fs';
import { launchBrowser } from '../support/browser.ts';
import { startServer } from '../support/server-process.ts';
import { typingRounds } from '../support/typing-rounds.ts';

const rounds = Number(process.env.ROUNDS ?? 100);
const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);

if (!fs.existsSync('dist/index.html')) throw new Error('No build: run `npm run build` first.');
const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(20_000);
  const summary = await typingRounds(context, {
    rounds,
    seed,
    onRound: (n, r) => {
      if (r.found !== r.expected || n % 10 === 0) console.log(`round ${n}: ${r.ending} ${r.endedAfterMs} ms after the last key, ${r.wordsTyped} words, ${r.wordsLost} lost`);
    },
  });
  console.log(`seed ${seed}: ${summary.rounds} rounds (${Object.entries(summary.byEnding).map(([e, n]) => `${e} ${n}`).join(', ')})`);
  console.log(`words typed: ${summary.wordsTyped}, words lost: ${summary.wordsLost}`);
  console.log(`characters typed: ${summary.charactersTyped}, characters lost: ${summary.charactersLost}`);
  for (const f of summary.failures) console.log(`LOST (${f.ending}, ${f.question}): expected ${JSON.stringify(f.expected)}, found ${JSON.stringify(f.found)}`);
  process.exitCode = summary.wordsLost === 0 ? 0 : 1;
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}
