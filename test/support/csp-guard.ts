/**
 * Set up for every end-to-end test file (vite.config.ts, the e2e project's setupFiles): each test,
 * and each file's hooks, fail if any page of any browser context it opened reported a
 * Content-Security-Policy violation (test/support/browser.ts records them): the residents' pages,
 * the console under /staff, and pages opened outside a test's session alike.
 */
import { afterAll, afterEach, expect } from 'vitest';
import { takeCspViolations } from './browser.ts';

afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations in a page').toEqual([]);
});

afterAll(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations in a page (after the last test)').toEqual([]);
});
