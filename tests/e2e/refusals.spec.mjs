// Nothing lost without a word (issue 21, point 1): when the results server refuses a
// completion, the console says what happened and what to change, and a completion refused for
// a reason that will not change is not kept for the next visit (it would be refused again on
// every visit); one that may succeed later is kept. First against the real results server
// (playwright.config.mjs, tests/pages/results.toml), from a page on an origin its `origins` do
// not list: the test pages' own server under the name localhost instead of 127.0.0.1. Then each
// kind of refusal the README's API section lists, answered by the test itself.
import { test, expect } from '@playwright/test';
import { answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const { answers } = readPersonas().find((p) => p.id === 'new-manager-still-closing');
const SERVER = 'http://127.0.0.1:4175';
const PENDING = 'transition-quiz:pending:v1';
/** The test pages, on an origin the results server's configuration does not list. */
const ELSEWHERE = 'http://localhost:4173';

/** The widget's console warnings about its results server. */
function serverWarnings(page) {
  const warnings = [];
  page.on('console', (message) => message.type() === 'warning' && /results server/.test(message.text()) && warnings.push(message.text()));
  return warnings;
}

const pending = (page) => page.evaluate((key) => localStorage.getItem(key), PENDING);
const completionAnswer = (page) =>
  page.waitForResponse((response) => response.url() === `${SERVER}/api/v1/completions` && response.request().method() === 'POST');

test('a page whose origin the server does not allow is told its origin and the setting to change, and keeps nothing', async ({ page }) => {
  const warnings = serverWarnings(page);
  await page.goto(`${ELSEWHERE}/site/results.html`);
  const root = widget(page);
  const answer = completionAnswer(page);
  await answerByMouse(root, quiz, answers);
  // The refusal reaches the page, readable: the server's reason, and that retrying cannot help.
  const response = await answer;
  expect(response.status()).toBe(403);
  expect(await response.json()).toEqual(expect.objectContaining({ retry: false }));
  await expect.poll(() => warnings.find((text) => text.includes('refused a completion'))).toBeTruthy();
  const told = warnings.find((text) => text.includes('refused a completion'));
  expect(told).toContain(`"${ELSEWHERE}", this page's origin, is in origins under [quizzes.four-transitions] in the server's configuration`);
  expect(told).toContain('The completion is not kept');
  expect(await pending(page)).toBeNull();
});

test('a completion kept from an earlier visit that the server now refuses for good is dropped, with the reason', async ({ page }) => {
  await page.goto(`${ELSEWHERE}/site/plain.html`);
  // What an earlier version of the widget kept after a refusal it could not read.
  const body = JSON.stringify({ id: 'kept-from-an-earlier-visit-0001', quiz: 'four-transitions', fingerprint: '00000000', answers: { stage: 'seller' }, page: '/site/results.html' });
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [PENDING, JSON.stringify([[`${SERVER}/`, body]])]);
  const warnings = serverWarnings(page);
  const answer = completionAnswer(page);
  await page.goto(`${ELSEWHERE}/site/results.html`);
  expect((await answer).status()).toBe(403);
  await expect.poll(() => pending(page)).toBeNull();
  await expect.poll(() => warnings.some((text) => text.includes('refused a completion') && text.includes('not kept'))).toBe(true);
});

/**
 * Each refusal of the README's API section, as the server sends it: the status, the body, and
 * what the widget must do and say (the words of the advice, and whether it keeps the completion).
 */
const REFUSALS = [
  { error: 'unknown_quiz', status: 404, retry: false, kept: false, says: 'add [quizzes.four-transitions] to its configuration' },
  { error: 'fingerprint_mismatch', status: 409, retry: false, kept: false, says: 'give the server the same quiz file as the page' },
  { error: 'incomplete', status: 400, retry: false, kept: false, says: 'the same quiz file and the same version of transition-quiz' },
  { error: 'daily_cap', status: 429, retry: true, kept: true, says: 'raise daily_cap in the server\'s configuration' },
  { error: 'busy', status: 503, retry: true, kept: true, says: 'could not take it now' },
];

for (const refusal of REFUSALS) {
  test(`a completion refused as ${refusal.error} is ${refusal.kept ? 'kept for a later visit' : 'not kept'}, and the console says what to change`, async ({ page }) => {
    await page.route(`${SERVER}/api/v1/**`, (route) => {
      const request = route.request();
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      if (request.url().endsWith('/completions')) {
        return route.fulfill({
          status: refusal.status, headers: { ...cors, 'retry-after': '2' }, contentType: 'application/json',
          body: JSON.stringify({ error: refusal.error, message: `refused as ${refusal.error}`, retry: refusal.retry }),
        });
      }
      return route.fulfill({ status: 204, headers: cors });
    });
    const warnings = serverWarnings(page);
    await page.goto('/site/results.html');
    await page.evaluate((key) => localStorage.removeItem(key), PENDING);
    await answerByMouse(widget(page), quiz, answers);
    await expect.poll(() => warnings.find((text) => text.includes('refused a completion'))).toBeTruthy();
    const told = warnings.find((text) => text.includes('refused a completion'));
    expect(told).toContain(`(HTTP ${refusal.status} ${refusal.error}: refused as ${refusal.error})`);
    expect(told).toContain(refusal.says);
    expect(told).toContain(refusal.kept ? 'The completion is kept and sent on a later visit.' : 'The completion is not kept');
    const kept = JSON.parse((await pending(page)) || '[]');
    expect(kept.map(([server, sent]) => [server, JSON.parse(sent).quiz])).toEqual(refusal.kept ? [[`${SERVER}/`, 'four-transitions']] : []);
  });
}
