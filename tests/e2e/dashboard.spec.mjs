// The owner's dashboard as an owner uses it, on a phone too (issue 21, point 6): every view
// (sign-in, the home page's figures, a quiz's page, the deletion's confirmation, an error
// page) fits 320 and 375 px without clipping: no table wider than its column, no bar outside
// its cell, nothing wider than the screen; a quiz's page follows the quiz (sections about
// stages and hardest steps only for a quiz that asks them, headings in its words); test
// completions are deleted by range after a confirmation. The results server is the one the
// tests run (tests/pages/results.toml); this file reports only to quizzes of its own there
// (`careers`, the built-in quiz under another key, and `coffee`), so results.spec's figures
// never see its completions.
import { test, expect } from '@playwright/test';
import { readPersonas, readQuiz, shownQuestions } from './helpers.mjs';

test.describe.configure({ mode: 'serial' });

// The results server the tests run (playwright.config.mjs); TQ_E2E_RESULTS names another.
const SERVER = process.env.TQ_E2E_RESULTS || 'http://127.0.0.1:4175';
const PAGES = 'http://127.0.0.1:4173';
const SECRET = 'e2e-dashboard-secret-0123456789';
const careers = readQuiz('quizzes/four-transitions.en.json');
const coffee = readQuiz('tests/pages/quizzes/coffee.json');

/** The quiz's fingerprint, FNV-1a over its ids as crates/quiz-core/src/fingerprint.rs says. */
function fingerprint(quiz) {
  let hash = 0x811c9dc5;
  const feed = (text) => {
    for (const byte of [...Buffer.from(text, 'utf8'), 0]) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  };
  quiz.outcomes.forEach((o) => feed(o.id));
  quiz.questions.forEach((q) => { feed(q.id); q.choices.forEach((c) => feed(c.id)); });
  return hash.toString(16).padStart(8, '0');
}

let sent = 0;
/** Sends a completion of `quiz` under `key` from a page on `origin`; the status. */
async function complete(request, key, quiz, picks, page, origin = PAGES) {
  const answers = Object.fromEntries(shownQuestions(quiz, picks).map((question) => [question.id, picks[question.id]]));
  const id = `dashboard-spec-${process.pid}-${Date.now()}-${++sent}`.slice(0, 64);
  const response = await request.post(`${SERVER}/api/v1/completions`, {
    headers: { origin, 'content-type': 'application/json' },
    data: { id, quiz: key, fingerprint: fingerprint(quiz), answers, page },
  });
  return response.status();
}

test.beforeAll(async ({ request }) => {
  // Readers of two articles, one with a long path that cannot break at a space; one who left
  // mid-quiz; a page on an origin the owner forgot; coffee drinkers.
  const pages = ['/blog/four-climbs', '/blog/2026/12/the-four-climbs-from-seller-to-chief-revenue-officer-and-what-each-asks-of-you'];
  for (const [n, persona] of readPersonas().slice(0, 12).entries()) {
    expect(await complete(request, 'careers', careers, persona.answers, pages[n % 2])).toBe(200);
  }
  await request.post(`${SERVER}/api/v1/starts`, { headers: { origin: PAGES, 'content-type': 'text/plain' },
    data: JSON.stringify({ quiz: 'careers', fingerprint: fingerprint(careers) }) });
  await request.post(`${SERVER}/api/v1/stops`, { headers: { origin: PAGES, 'content-type': 'text/plain' },
    data: JSON.stringify({ quiz: 'careers', fingerprint: fingerprint(careers), step: 3 }) });
  expect(await complete(request, 'careers', careers, readPersonas()[0].answers, '/post', 'http://localhost:8090')).toBe(403);
  for (const picks of [{ morning: 'weighed', cafe: 'beans', 'bad-cup': 'skip', gift: 'grinder' }, { morning: 'shared', cafe: 'seats', 'bad-cup': 'chat', gift: 'voucher' }]) {
    expect(await complete(request, 'coffee', coffee, picks, '/coffee')).toBe(200);
  }
});

async function signIn(page) {
  await page.goto(`${SERVER}/dashboard`);
  await page.getByLabel('Dashboard secret').fill(SECRET);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** What does not fit the screen: the page, each table in its column, each bar in its cell. */
const overflows = (page) => page.evaluate(() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push(`the page is ${root.scrollWidth} px wide in ${root.clientWidth}`);
  for (const table of document.querySelectorAll('table')) {
    const column = table.parentElement;
    const name = (table.caption?.textContent || table.querySelector('th')?.textContent || 'a table').trim().slice(0, 60);
    const wide = Math.max(table.getBoundingClientRect().width, table.scrollWidth);
    if (wide > column.clientWidth + 0.5 || column.scrollWidth > column.clientWidth) {
      found.push(`${name}: ${Math.round(wide)} px in a column of ${column.clientWidth}`);
    }
    for (const bar of table.querySelectorAll('svg.bar')) {
      const [inside, cell] = [bar.getBoundingClientRect(), bar.closest('th, td').getBoundingClientRect()];
      if (inside.right > cell.right + 0.5 || inside.width < 1) found.push(`${name}: a bar outside its cell`);
    }
  }
  return found;
});

test('every view fits 320 and 375 px: no table wider than its column, no bar outside its cell', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page);
  const today = new Date().toISOString().slice(0, 10);
  const views = [
    '/dashboard',
    '/dashboard/quiz/careers',
    '/dashboard/quiz/coffee',
    `/dashboard/quiz/careers/delete?from=${today}&to=${today}`,
    '/dashboard/quiz/careers?from=2026-02-30',
  ];
  for (const width of [320, 375]) {
    await page.setViewportSize({ width, height: 800 });
    for (const view of views) {
      await page.goto(`${SERVER}${view}`);
      expect(await overflows(page), `${view} at ${width} px`).toEqual([]);
    }
    // The busiest page has the tables this is about.
    await page.goto(`${SERVER}/dashboard/quiz/careers`);
    expect(await page.locator('table').count()).toBeGreaterThan(20);
    await expect(page.locator('#refused ~ .refusal').first()).toBeVisible();
  }
  const signedOut = await browser.newPage({ viewport: { width: 320, height: 800 } });
  await signedOut.goto(`${SERVER}/dashboard`);
  expect(await overflows(signedOut), 'the sign-in form at 320 px').toEqual([]);
  await signedOut.close();
});

test('a quiz\'s page follows the quiz: its words, and only the sections it has questions for', async ({ page }) => {
  await signIn(page);
  await page.goto(`${SERVER}/dashboard/quiz/careers`);
  for (const heading of [careers.ui.dashboard_results, careers.ui.dashboard_stages, careers.ui.dashboard_hardest]) {
    await expect(page.locator('caption', { hasText: heading })).toBeVisible();
  }
  await expect(page.getByRole('heading', { name: careers.ui.dashboard_said_vs_shown })).toBeVisible();
  // Steps named by their question, articles by their path, the refused page's origin and what to do.
  await expect(page.locator('th', { hasText: `1. ${careers.questions[0].prompt}` })).toBeVisible();
  await expect(page.locator('th', { hasText: '/blog/four-climbs' })).toBeVisible();
  await expect(page.locator('.refusal', { hasText: 'http://localhost:8090' })).toContainText('add "http://localhost:8090" to origins under [quizzes.careers]');

  await page.goto(`${SERVER}/dashboard/quiz/coffee`);
  await expect(page.locator('caption', { hasText: 'The result readers\' answers showed' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(/said they are|said is hardest/);
  await expect(page.locator('th', { hasText: `1. ${coffee.questions[0].prompt}` })).toBeVisible();
  // The home page has each quiz's figures.
  await page.goto(`${SERVER}/dashboard`);
  await expect(page.locator('#quiz-coffee ~ dl').first()).toContainText('Completed2');
});

test('test completions are deleted by range, after a confirmation', async ({ page }) => {
  await signIn(page);
  await page.goto(`${SERVER}/dashboard/quiz/coffee`);
  await expect(page.locator('.summary strong')).toHaveText('2');
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete completions?');
  await expect(page.getByRole('alert')).toContainText('cannot be undone');
  await page.getByRole('button', { name: 'Delete 2 completions' }).click();
  await expect(page.getByRole('status')).toHaveText('Deleted 2 completions.');
  await expect(page.locator('.summary strong')).toHaveText('0');
});
