/**
 * Rounds of typing into the complaint's questions in Chromium, each ended at a
 * random moment the way a page can go: a reload, the tab closed, the page's
 * renderer crashed (SIGKILL), or the signal lost and the page reloaded
 * (served by the service worker). After each round the question is opened again
 * and every character typed must be there. Used by test/e2e/typing-saved.test.ts
 * (a few rounds) and `npm run typing-rounds` (issue 13: 100 rounds, figures printed).
 */
import { setTimeout as typistPause } from 'node:timers/promises';
import type { BrowserContext, Page } from 'playwright-core';

export const ENDINGS = ['reload', 'close-tab', 'crash', 'offline-reload'] as const;
export type Ending = (typeof ENDINGS)[number];

/** Questions answered in words: the page and the field's id. */
export const TEXT_QUESTIONS = [
  { path: '/complaint/what-happened', field: '#complaint-description', limit: 400 },
  { path: '/complaint/outcome', field: '#complaint-desiredOutcome', limit: 400 },
  { path: '/complaint/name', field: '#resident-name', limit: 80 },
  { path: '/complaint/address', field: '#resident-address', limit: 200 },
  { path: '/complaint/address', field: '#resident-tenancyReference', limit: 40 },
] as const;

const WORDS = ['mould', 'damp', 'leak', 'boiler', 'window', 'repair', 'kitchen', 'ceiling', 'heating', 'cold', 'noise', 'stairs', 'lift', 'broken', 'again', 'weeks', 'called', 'nobody', 'came', 'children'];

/** A small seeded generator (mulberry32), so a failing round can be replayed from its seed. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RoundResult {
  ending: Ending;
  question: string;
  /** Milliseconds between the last key and the page going. */
  endedAfterMs: number;
  wordsTyped: number;
  wordsLost: number;
  charactersTyped: number;
  charactersLost: number;
  expected: string;
  found: string;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * Kills the browser's renderer processes (the page's, and its service worker's) with SIGKILL, as a phone
 * short of memory does. (CDP `Page.crash` takes the whole headless Chromium down with it here.)
 */
async function crashRenderers(context: BrowserContext): Promise<void> {
  const browser = context.browser()!;
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  for (const renderer of processInfo.filter((p) => p.type === 'renderer')) process.kill(renderer.id, 'SIGKILL');
}

async function waitForController(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Opens a question's page, waits until it shows the field (and the service worker controls the page). */
async function openQuestion(context: BrowserContext, page: Page | null, path: string, field: string): Promise<Page> {
  const opened = page ?? (await context.newPage());
  if (new URL(opened.url() === 'about:blank' ? 'http://x/' : opened.url()).pathname !== path) await opened.goto(path);
  await opened.locator(field).waitFor();
  return opened;
}

/**
 * One round: types words (with a random pause between keys, never long enough
 * to count as stopping) into a random question, ends the page at a random
 * moment after the last key, opens the question again and compares.
 */
export async function typingRound(
  context: BrowserContext,
  page: Page,
  random: () => number,
  ending: Ending,
): Promise<{ page: Page; result: RoundResult }> {
  const question = TEXT_QUESTIONS[Math.floor(random() * TEXT_QUESTIONS.length)]!;
  page = await openQuestion(context, page, question.path, question.field);
  await waitForController(page);
  const field = page.locator(question.field);
  await field.click();
  // The caret at the very end of the text (End alone goes to the end of the wrapped line clicked on).
  await field.evaluate((el: HTMLInputElement | HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
  let before = await field.inputValue();
  if (before.length > question.limit - 60) {
    // Keeps within the field's length limit: the emptied field is part of what must come back.
    await field.fill('');
    before = '';
  }
  let typed = '';
  const words = 1 + Math.floor(random() * 6);
  for (let w = 0; w < words; w++) {
    const word = `${before || typed ? ' ' : ''}${WORDS[Math.floor(random() * WORDS.length)]}`;
    for (const character of word) {
      // A steady typist: 0–120 ms between keys, so the draft is never idle for the 0.3 s pause.
      await page.keyboard.type(character, { delay: 0 });
      typed += character;
      // The typist's rhythm (not a wait for a condition: the test is about what happens between keys).
      await typistPause(Math.floor(random() * 120));
    }
  }
  // The page goes right after the last key half the time, otherwise within half a second.
  const endedAfterMs = random() < 0.5 ? 0 : Math.floor(random() * 500);
  if (endedAfterMs > 0) await typistPause(endedAfterMs); // the random moment itself
  const expected = before + typed;

  if (ending === 'reload') {
    await page.reload();
  } else if (ending === 'close-tab') {
    await page.close();
    page = await context.newPage();
    await page.goto(question.path);
  } else if (ending === 'crash') {
    const crashed = page.waitForEvent('crash');
    await crashRenderers(context);
    await crashed;
    await page.close();
    page = await context.newPage();
    await page.goto(question.path);
  } else {
    await context.setOffline(true);
    try {
      await page.reload();
      page = await openQuestion(context, page, question.path, question.field);
      await page.locator(question.field).waitFor();
    } finally {
      // The comparison below happens after the page has loaded offline.
      await context.setOffline(false);
    }
  }
  await page.locator(question.field).waitFor();
  // The page's prerendered HTML shows the question empty and disabled until the app has taken over and
  // put the draft back: read the answer only then.
  await page.waitForFunction((selector) => {
    const control = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
    return control !== null && !control.matches(':disabled'); // disabled by its fieldset until the app runs
  }, question.field);
  const found = await page.locator(question.field).inputValue();
  let kept = 0;
  const foundTyped = found.startsWith(before) ? found.slice(before.length) : '';
  while (kept < typed.length && foundTyped[kept] === typed[kept]) kept++;
  const typedWords = wordCount(typed);
  // A word counts as kept only if all of it came back.
  const cutMidWord = kept < typed.length && kept > 0 && /\S/.test(typed[kept]!) && /\S/.test(typed[kept - 1]!);
  const keptWords = found === expected ? typedWords : wordCount(typed.slice(0, kept)) - (cutMidWord ? 1 : 0);
  return {
    page,
    result: {
      ending,
      question: question.field,
      endedAfterMs,
      wordsTyped: typedWords,
      wordsLost: typedWords - keptWords,
      charactersTyped: typed.length,
      charactersLost: found === expected ? 0 : Math.max(1, typed.length - kept),
      expected,
      found,
    },
  };
}

/** A new complaint started from the home page, so the rounds type into a draft. */
export async function startDraft(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await waitForController(page);
  await page.goto('/complaint/who');
  await page.getByLabel('I am the resident').check();
  return page;
}

export interface RoundsSummary {
  rounds: number;
  wordsTyped: number;
  wordsLost: number;
  charactersTyped: number;
  charactersLost: number;
  byEnding: Record<Ending, number>;
  failures: RoundResult[];
}

/** `endings`: the ending of each round in turn (repeated); by default one chosen at random each round. */
export async function typingRounds(
  context: BrowserContext,
  options: { rounds: number; seed: number; endings?: readonly Ending[]; onRound?: (n: number, r: RoundResult) => void },
): Promise<RoundsSummary> {
  const { rounds, seed, endings, onRound } = options;
  const random = randomSource(seed);
  let page = await startDraft(context);
  const summary: RoundsSummary = {
    rounds,
    wordsTyped: 0,
    wordsLost: 0,
    charactersTyped: 0,
    charactersLost: 0,
    byEnding: { reload: 0, 'close-tab': 0, crash: 0, 'offline-reload': 0 },
    failures: [],
  };
  for (let n = 0; n < rounds; n++) {
    const ending = endings ? endings[n % endings.length]! : ENDINGS[Math.floor(random() * ENDINGS.length)]!;
    const round = await typingRound(context, page, random, ending);
    page = round.page;
    const r = round.result;
    summary.byEnding[r.ending]++;
    summary.wordsTyped += r.wordsTyped;
    summary.wordsLost += r.wordsLost;
    summary.charactersTyped += r.charactersTyped;
    summary.charactersLost += r.charactersLost;
    if (r.found !== r.expected) summary.failures.push(r);
    onRound?.(n + 1, r);
  }
  return summary;
}
