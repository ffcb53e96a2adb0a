// Where the site owner puts the script tag. The README's snippet is a deferred script, but a
// plain (or async) <script> after the quiz's element is what many owners paste: then the
// quizzes above it start at once, not when the whole page has arrived; a host the script
// sits inside waits until it is whole; a second copy of the script mounts the hosts above it;
// and a plain script in the <head>, which holds the page's first paint, is named in the console.
//
// The pages come from a small server in this file that sends the top of a page and holds the
// rest back until the test releases it, so "before the rest of the page has arrived" is a
// state the test controls, not a race. The widget's files come from the CDN server
// (playwright.config.mjs), which allows other origins.
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import { readQuiz } from './helpers.mjs';

const CDN = 'http://127.0.0.1:4174/cdn/transition-quiz@0.1.0/embed.js';
const five = readQuiz('tests/pages/quizzes/five.json');
const builtIn = readQuiz('quizzes/four-transitions.en.json');
/** The longest a page is held open (a test that fails still ends). */
const HOLD_MS = 20_000;

const head = (extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Placement</title>${extra}</head><body><h1>A post</h1>`;
const rest = '<p>The rest of the post, which arrives later.</p></body></html>';

// path -> [the part sent at once, the part held back]
const PAGES = {
  '/plain.html': [
    head() +
      `<div id="one" data-transition-quiz="one" data-quiz-src="/five.json?one" data-loading="eager" data-persist="false"><a href="/q">Take the quiz</a></div>` +
      `<script src="${CDN}"></script><p>Between the two quizzes.</p>` +
      `<div id="two" data-transition-quiz="two" data-quiz-src="/five.json?two" data-loading="eager" data-persist="false"><a href="/q">Take the quiz</a></div>` +
      `<script src="${CDN}"></script>`,
    rest,
  ],
  '/async.html': [
    head() +
      `<div id="quiz" data-transition-quiz data-quiz-src="/five.json?async" data-loading="eager" data-persist="false"><a href="/q">Take the quiz</a></div>` +
      `<script src="${CDN}" async></script>`,
    rest,
  ],
  '/inside.html': [
    head() + `<div id="quiz" data-transition-quiz data-loading="eager" data-persist="false"><script src="${CDN}"></script>`,
    `<script type="application/json">${JSON.stringify(five)}</script></div>` + rest,
  ],
  '/in-head.html': [
    head(`<script src="${CDN}"></script>`) +
      `<div id="quiz" data-transition-quiz data-loading="eager" data-persist="false"><a href="/q">Take the quiz</a></div>`,
    rest,
  ],
  '/deferred-in-head.html': [
    head(`<script src="${CDN}" defer></script>`) +
      `<div id="quiz" data-transition-quiz data-loading="eager" data-persist="false"><a href="/q">Take the quiz</a></div>`,
    rest,
  ],
};

let server, origin;
/** Each held page's release, and what the server saw: the quiz requests, in order, and
 * whether the page had been released when each came. */
const held = new Set();
const seen = [];
let released = false;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/five.json') {
      seen.push({ quiz: url.search.slice(1), released });
      response.writeHead(200, { 'Content-Type': 'application/json' });
      return response.end(JSON.stringify(five));
    }
    const page = PAGES[url.pathname];
    if (!page) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    // Enough bytes that the browser parses the top at once rather than waiting for more.
    response.write(page[0] + `<!-- ${' '.repeat(2048)} -->`);
    // Also when HOLD_MS runs out, so that a request after that never counts as made before.
    const release = () => {
      released = true;
      clearTimeout(timer);
      held.delete(release);
      if (!response.writableEnded) response.end(page[1]);
    };
    const timer = setTimeout(release, HOLD_MS);
    held.add(release);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});

test.afterAll(async () => {
  for (const release of [...held]) release();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(() => {
  seen.length = 0;
  released = false;
});

/** Sends the rest of every held page. */
function releaseAll() {
  for (const release of [...held]) release();
}

test.describe.configure({ mode: 'serial' }); // one server, one page held at a time

test('a plain script after the quiz starts it before the rest of the page has arrived, and a second copy starts the next', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${origin}/plain.html`, { waitUntil: 'commit' });
  for (const host of ['#one', '#two']) {
    await expect(page.locator(`${host} .tq-prompt`).first(), `${host} shows its first question`).toHaveText(five.questions[0].prompt);
  }
  expect(await page.evaluate(() => document.readyState), 'the page is still loading').toBe('loading');
  // (In either order: two requests may reach the server in either.)
  expect([...seen].sort((a, b) => a.quiz.localeCompare(b.quiz)), 'each quiz was asked for once, before the rest of the page').toEqual([
    { quiz: 'one', released: false },
    { quiz: 'two', released: false },
  ]);
  releaseAll();
  await page.waitForFunction(() => document.readyState === 'complete');
  for (const host of ['#one', '#two']) {
    await expect(page.locator(host)).toHaveAttribute('data-transition-quiz-state', 'ready');
  }
  expect(seen, 'neither quiz was asked for again when the page was parsed').toHaveLength(2);
  expect(errors).toEqual([]);
});

test('an async script after the quiz starts it before the rest of the page has arrived', async ({ page }) => {
  await page.goto(`${origin}/async.html`, { waitUntil: 'commit' });
  await expect(page.locator('#quiz .tq-prompt').first()).toHaveText(five.questions[0].prompt);
  expect(await page.evaluate(() => document.readyState), 'the page is still loading').toBe('loading');
  expect(seen).toEqual([{ quiz: 'async', released: false }]);
  releaseAll();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  expect(seen, 'not asked for again').toHaveLength(1);
});

test('a host with the script inside it waits until it is whole, and shows its own quiz', async ({ page }) => {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${origin}/inside.html`, { waitUntil: 'commit' });
  // embed.js has run while the host's inline quiz has not arrived yet.
  await page.waitForFunction(() => !!window.TransitionQuiz);
  expect(await page.evaluate(() => document.readyState)).toBe('loading');
  releaseAll();
  const quiz = page.locator('#quiz');
  await expect(quiz).toHaveAttribute('data-transition-quiz-state', 'ready');
  // Mounted while the host was half-parsed, it would have found no inline quiz and drawn the
  // built-in one until the widget read the host again.
  await expect(quiz.locator('.tq-title')).toHaveText(five.title);
  await expect(quiz.locator('.tq-prompt')).toHaveText(five.questions[0].prompt);
  expect(five.title).not.toBe(builtIn.title);
  // Nor was the built-in quiz asked for, and so never drawn, not even for a moment.
  expect(requests.filter((url) => url.includes('/quizzes/'))).toEqual([]);
});

test('a plain script in the <head> is named in the console, and the quiz still works; a deferred one is not', async ({ page }) => {
  const warnings = [];
  page.on('console', (message) => { if (message.type() === 'warning') warnings.push(message.text()); });
  const named = (list) => list.filter((text) => text.includes('embed.js is in the page\'s <head> without defer'));

  await page.goto(`${origin}/in-head.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => !!window.TransitionQuiz);
  releaseAll();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(page.locator('#quiz .tq-title')).toHaveText(builtIn.title);
  expect(named(warnings), 'one warning that says what to change').toEqual([
    'transition-quiz: embed.js is in the page\'s <head> without defer, so the page shows nothing until it has arrived; add defer to its <script> tag, or move the tag after the quiz\'s element.',
  ]);

  warnings.length = 0;
  released = false;
  await page.goto(`${origin}/deferred-in-head.html`, { waitUntil: 'commit' });
  releaseAll();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  expect(named(warnings)).toEqual([]);
});
