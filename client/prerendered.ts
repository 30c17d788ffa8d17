/**
 * What the build rendered into the page's HTML (client/build/prerender.ts marks `#app`
 * with its language, route and kind), and whether the app can take it over as it
 * is: only if it would render exactly that, so hydration never mismatches.
 */
import { isLanguage, type Language } from '../shared/languages.ts';
import type { PageToRender } from '../shared/pages.ts';

export interface Prerendered {
  language: Language;
  /** The route's name (`home`, `who`, `not-found`). */
  route: string;
  kind: PageToRender['kind'];
}

export function readPrerendered(document: Document): Prerendered | null {
  const { prerenderedLanguage: language, prerenderedRoute: route, prerenderedKind: kind } = document.getElementById('app')?.dataset ?? {};
  if (!language || !isLanguage(language) || !route || (kind !== 'info' && kind !== 'question')) return null;
  return { language, route, kind };
}

export function canHydrate(prerendered: Prerendered | null, now: { language: Language; route: string; hasDraft: boolean }): boolean {
  if (!prerendered || prerendered.language !== now.language || prerendered.route !== now.route) return false;
  return prerendered.kind === 'info' || !now.hasDraft;
}
