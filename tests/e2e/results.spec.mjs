// The widget with a results server (data-results): completing the quiz sends the completion
// and fills "How other readers answered"; a server that cannot be reached leaves the result
// intact and the completion is sent on the next visit; Global Privacy Control sends nothing;
// a reader who leaves mid-quiz is counted where they stopped. The server runs beside the
// test pages (playwright.config.mjs, tests/pages/results.toml).
import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { answerByMouse, choose, readPersonas, readQuiz, widget } from './helpers.mjs';

// One results server for the whole file: its tests run one after another, so each can compare
// the panel with the server's own summary without another test's completion in between.
test.describe.configure({ mode: 'serial' });

const quiz = readQuiz('quizzes/four-transitions.en.json');
const persona = (id) => readPersonas().find((p) => p.id === id);
const SERVER = 'http://127.0.0.1:4175';
const summary = async (request) =>
  (await request.get(`${SERVER}/api/v1/summary/four-transitions`, { headers: { origin: 'http://127.0.0.1:4173' } })).json();

/** Every request the page makes to the results server, as "METHOD path". */
function recordServerRequests(page) {
  const seen = [];
  page.on('request', (request) => {
    if (request.url().startsWith(SERVER)) seen.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return seen;
}

test('completing the quiz sends the completion and fills the readers panel', async ({ page, request }) => {
  const { answers, expected } = persona('new-manager-still-closing');
  const sent = recordServerRequests(page);
  await page.goto('/site/results.html');
  const root = widget(page);
  const completed = page.waitForResponse((response) => response.url().endsWith('/api/v1/completions'));
  await answerByMouse(root, quiz, answers);
  // The result shows at once, whatever the server does.
  await expect(root.getByRole('heading', { level: 2 })).toHaveText(quiz.outcomes.find((o) => o.id === expected).label);
  const response = await completed;
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ stored: true, outcome: expected }); // The server scored it the same.

  const panel = root.getByRole('region', { name: 'How other readers answered' });
  await expect(panel).toBeVisible();
  const server = await summary(request);
  const count = server.completions === 1 ? '1 reader has' : `${server.completions} readers have`;
  await expect(panel.locator('.tq-readers-figures')).toContainText(`${count} taken this quiz.`);
  await expect(panel.locator('.tq-readers-figures')).toContainText(/\d+% of them share your gap\./);
  // The chart says, as text, what the server's summary says, transition by transition.
  const rows = quiz.outcomes.map((o) => `${o.short}: ${server.hardest[o.id]}% said it is hardest, ${server.outcomes[o.id]}% showed it in their answers`);
  await expect(panel.locator('.tq-sr-only li')).toHaveText(rows);
  await expect(panel).toContainText('not a survey of the profession');
  expect(sent).toEqual(expect.arrayContaining(['POST /api/v1/starts', 'POST /api/v1/completions', 'GET /api/v1/summary/four-transitions']));
});

test('a shared link goes through the server\'s preview card and opens the same result', async ({ page, browser, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { answers, expected } = persona('new-cro-quick-win-trap');
  await page.goto('/site/results.html');
  const root = widget(page);
  await answerByMouse(root, quiz, answers);
  await root.getByRole('button', { name: 'Copy link' }).click();
  await expect(root.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  // One character per question of the quiz ('-' for those the reader was not shown).
  expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:4175/share/four-transitions/[0-9a-f]{8}\\.[0-9a-z-]{${quiz.questions.length}}\\?to=http%3A%2F%2F127\\.0\\.0\\.1%3A4173%2Fsite%2Fresults\\.html$`));
  // What a link preview reads: a title and a 1200x630 picture of the result.
  const preview = await (await request.get(link)).text();
  const label = quiz.outcomes.find((o) => o.id === expected).label;
  expect(preview).toContain(`<meta property="og:title" content="My likely mindset gap: ${label}">`);
  const image = /<meta property="og:image" content="([^"]+)">/.exec(preview)[1];
  const png = await request.get(image);
  expect(png.headers()['content-type']).toBe('image/png');
  // A person who follows it lands on the article, seeing the shared result.
  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  await expect(friend).toHaveURL(/\/site\/results\.html#transition-quiz:four-transitions=/);
  await expect(widget(friend).getByRole('heading', { level: 2 })).toHaveText(label);
  await expect(widget(friend).locator('.tq-shared-note')).toBeVisible();
  await friend.context().close();
});

test('a server that cannot be reached leaves the result intact, and the completion goes on the next visit', async ({ page }) => {
  const { answers, expected } = persona('stopgap-seller');
  const warnings = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.route(`${SERVER}/**`, (route) => route.abort('connectionrefused'));
  await page.goto('/site/results.html');
  const root = widget(page);
  await answerByMouse(root, quiz, answers);
  await expect(root.getByRole('heading', { level: 2 })).toHaveText(quiz.outcomes.find((o) => o.id === expected).label);
  // Kept in the reader's browser: the server to send to, and the completion (ids only).
  const kept = () => page.evaluate(() => JSON.parse(localStorage.getItem('transition-quiz:pending:v1') || '[]')
    .map(([server, body]) => [server, JSON.parse(body).answers.stage, JSON.parse(body).page]));
  await expect.poll(kept).toEqual([['http://127.0.0.1:4175/', 'seller', '/site/results.html']]);
  await expect(root.locator('.tq-readers')).toHaveCount(0);
  // One warning about the start, one about the completion (the summary's would repeat the first).
  const told = warnings.filter((text) => text.includes('results server'));
  expect(told).toHaveLength(2);
  expect(told[1]).toContain('the completion is kept and sent on a later visit');

  // The server is back: the next visit sends the kept completion, once.
  await page.unroute(`${SERVER}/**`);
  const resent = page.waitForResponse((response) => response.url().endsWith('/api/v1/completions'));
  await page.goto('/site/results.html');
  expect((await resent).status()).toBe(200);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('transition-quiz:pending:v1'))).toBeNull();
});

test('a reader whose browser sends Global Privacy Control sends nothing', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
  });
  const sent = recordServerRequests(page);
  await page.goto('/site/results.html');
  const root = widget(page);
  await answerByMouse(root, quiz, persona('seasoned-cro-ten-years').answers);
  await expect(root.getByRole('heading', { level: 2 })).toHaveText('No clear gap in your answers');
  // Reading the public summary is all it does: nothing about this reader is sent.
  await expect.poll(() => sent).toContain('GET /api/v1/summary/four-transitions');
  expect(sent.filter((line) => line.startsWith('POST'))).toEqual([]);
});

test('a reader who leaves mid-quiz is counted where they stopped', async ({ page }) => {
  await page.goto('/site/results.html');
  const root = widget(page);
  await choose(root, quiz.questions[0], 'seller');
  await choose(root, quiz.questions[1], 'profession');
  await expect(root.locator('.tq-progress-text')).toHaveText('Question 3 of 10');
  const beacon = page.waitForRequest((request) => request.url().endsWith('/api/v1/stops'));
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect(JSON.parse((await beacon).postData())).toEqual(expect.objectContaining({ quiz: 'four-transitions', step: 3 }));
});

test('the owner signs in to the dashboard, which passes an accessibility scan in light and dark', async ({ page }) => {
  const scan = async (view) => {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${view}, ${colorScheme}: ${v.id}: ${v.help}`)).toEqual([]);
    }
  };
  // A reader completes the quiz first, so the dashboard has something to show.
  await page.goto('/site/results.html');
  const sent = page.waitForResponse((response) => response.url().endsWith('/api/v1/completions'));
  await answerByMouse(widget(page), quiz, persona('director-outsources-manager-development').answers);
  await sent;
  await page.goto(`${SERVER}/dashboard`);
  await scan('sign-in');
  await page.getByLabel('Dashboard secret').fill('e2e-dashboard-secret-0123456789');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await scan('the list of quizzes');
  await page.getByRole('link', { name: `${quiz.title} (four-transitions)` }).click(); // the title, then the quiz's key
  await expect(page.getByRole('heading', { name: 'Where readers stop' })).toBeVisible();
  await expect(page.locator('.summary strong')).not.toHaveText('0');
  const dir = new URL('../../target/screenshots/', import.meta.url).pathname; // `make screenshots` copies them to docs/.
  mkdirSync(dir, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${colorScheme}: ${v.id}: ${v.help}`)).toEqual([]);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px: nothing wider than the screen`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${dir}dashboard-${width}-${colorScheme}.png` });
    }
  }
  await page.getByRole('link', { name: 'All quizzes' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Dashboard secret')).toBeVisible();
});
