// What a site owner's mistakes tell them: a quiz file that is not there or that the server
// refuses (the reader is told so, with no Try again that cannot help, and the console names
// the file), a quiz file on another origin without CORS (the console names the file and the
// header its server must send), and every attribute value not understood (one warning each,
// with the value found and the default used).
import { test, expect } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { addHostLater, widget } from './helpers.mjs';

/** Every console message of `type` the page logs, as text. */
function consoleMessages(page, type) {
  const messages = [];
  page.on('console', (message) => message.type() === type && messages.push(message.text()));
  return messages;
}

test('a quiz file that is not there, or that the server refuses, says so without Try again', async ({ page }) => {
  const errors = consoleMessages(page, 'error');
  await page.goto('/site/owner-errors.html');

  for (const [host, fallback] of [['#missing', 'Fallback 1'], ['#refused', 'Fallback 2']]) {
    await expect(widget(page, host).getByRole('alert')).toHaveText('This quiz could not be loaded because its file was not found.');
    await expect(widget(page, host).getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: fallback })).toBeVisible();
    await expect(page.locator(host)).toHaveAttribute('data-transition-quiz-state', 'error');
  }
  await expect.poll(() => errors.join('\n')).toContain(
    'transition-quiz: the quiz file at quizzes/no-such-quiz.json was not found (HTTP 404); check data-quiz-src');
  await expect.poll(() => errors.join('\n')).toContain(
    'transition-quiz: the quiz file at /__status/403 could not be used: the server refused it (HTTP 403)');
  const kinds = await page.evaluate(() => window.quizEvents.filter((e) => e.type === 'transition-quiz:error').map((e) => [e.host, e.detail.kind]));
  expect(kinds.sort()).toEqual([['missing', 'http'], ['refused', 'http']]);
});

test('every attribute value not understood warns once, with the value found and the default used', async ({ page }) => {
  const warnings = consoleMessages(page, 'warning');
  await page.goto('/site/owner-errors.html');
  // Still usable: the built-in quiz with the defaults, in a light theme.
  await expect(widget(page, '#settings').locator('.tq-first')).toBeVisible();
  await expect(widget(page, '#refused').getByRole('alert')).toBeVisible();
  const expected = [
    'data-quiz-src="" is not the URL of a quiz file; using the default, the built-in quiz',
    'data-theme="purple" is not light, dark or auto; using the default, auto',
    'data-loading="soon" is not lazy or eager; using the default, lazy',
    'data-persist="maybe" is not true or false; using the default, true (progress is saved)',
    'data-analytics="ga4" is not datalayer; using the default, off (events go to the page only)',
    'data-timeout="500" is not a whole number of seconds from 1 to 120; using the default, 10',
    'data-results="results" is not an http(s) address or a path starting with /; using the default, none (nothing is sent)',
    'data-timeout="abc" is not a whole number of seconds from 1 to 120; using the default, 10',
  ].map((warning) => `transition-quiz: ${warning}`);
  await expect.poll(() => expected.filter((warning) => !warnings.includes(warning))).toEqual([]);
  for (const warning of expected) {
    expect(warnings.filter((text) => text === warning), warning).toHaveLength(1);
  }
});

test('a quiz file on another origin without CORS: the console names the file and the header it needs', async ({ page, baseURL }) => {
  // A second server, like a file host that does not send Access-Control-Allow-Origin.
  const server = await startServer({ host: '127.0.0.1', port: 0, mounts: [{ prefix: '/', dir: 'tests/pages' }], cors: false });
  try {
    const url = `http://127.0.0.1:${server.address().port}/quizzes/five.json`;
    const errors = consoleMessages(page, 'error');
    await page.goto('/site/plain.html');
    await addHostLater(page, 'elsewhere', { 'data-quiz-src': url }, '<a href="/quiz">Take the quiz</a>');

    // No answer the page may read: a network failure, so trying again is offered.
    await expect(widget(page, '#elsewhere').getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Take the quiz' }).last()).toBeVisible();
    const pageOrigin = new URL(baseURL).origin;
    await expect.poll(() => errors.find((text) => text.startsWith(`transition-quiz: could not fetch the quiz file at ${url}`)))
      .toContain(`it is on another origin (http://127.0.0.1:${server.address().port}) than this page (${pageOrigin}), ` +
        `so its server must send the Access-Control-Allow-Origin header ("Access-Control-Allow-Origin: ${pageOrigin}" or "*")`);
  } finally {
    server.close();
  }
});
