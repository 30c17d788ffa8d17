/** Which prerendered page, in which language, a request gets (shared/pages.ts: the server and the service worker). */
import { describe, expect, it } from 'vitest';
import { acceptedLanguages, chooseLanguage, choosePage, cookieValue, type PagesManifest } from '../../shared/pages.ts';

const manifest: PagesManifest = {
  build: 'b',
  languages: ['en', 'cy'],
  pages: { '/': 'home', '/complaint/who': 'who', '/drafts': 'drafts' },
  appRoutes: ['/complaint/check', '/drafts/:id/delete'],
  notFound: 'not-found',
};

describe('choosePage', () => {
  it.each([
    ['/', { kind: 'page', page: 'home', status: 200 }],
    ['/complaint/who', { kind: 'page', page: 'who', status: 200 }],
    ['/complaint/who/', { kind: 'page', page: 'who', status: 200 }],
    ['/complaint/check', { kind: 'app', status: 200 }],
    ['/drafts/abc-123/delete', { kind: 'app', status: 200 }],
    ['/drafts/abc/def/delete', { kind: 'page', page: 'not-found', status: 404 }],
    ['/drafts/', { kind: 'page', page: 'drafts', status: 200 }],
    ['/nothing', { kind: 'page', page: 'not-found', status: 404 }],
    ['/complaint/whoever', { kind: 'page', page: 'not-found', status: 404 }],
  ])('%s → %j', (path, expected) => {
    expect(choosePage(manifest, path)).toEqual(expected);
  });
});

describe('the reader\'s language', () => {
  it.each([
    ['', []],
    ['cy', ['cy']],
    ['en-GB,en;q=0.9,cy;q=0.8', ['en-GB', 'en', 'cy']],
    ['cy;q=0.2, pl;q=0.9, *;q=0.1', ['pl', 'cy']],
    ['ar;q=0, ro', ['ro']],
    ['pt-BR;q=0.5, so', ['so', 'pt-BR']],
  ])('Accept-Language %j lists %j', (header, expected) => {
    expect(acceptedLanguages(header)).toEqual(expected);
  });

  it('takes the chosen language first, else the browser\'s first of ours, else English', () => {
    expect(chooseLanguage('cy', ['pl'])).toBe('cy');
    expect(chooseLanguage('xx', ['de', 'pl'])).toBe('pl');
    expect(chooseLanguage(undefined, ['pa-Arab'])).toBe('ur');
    expect(chooseLanguage(null, [])).toBe('en');
  });

  it('reads one cookie, and none from a malformed value', () => {
    expect(cookieValue('a=1; complaints-language=ar; b=2', 'complaints-language')).toBe('ar');
    expect(cookieValue('xcomplaints-language=ar', 'complaints-language')).toBeUndefined();
    expect(cookieValue('complaints-language=%E0%A4%A', 'complaints-language')).toBeUndefined();
    expect(cookieValue(undefined, 'complaints-language')).toBeUndefined();
  });
});
