// The whole chain, as a reader and a site owner see it: embed.js on a page at one path
// loads the widget from another path (or another origin), mounts it, and a click-through
// works. Also: the host's fallback stays when the widget cannot load.
import { test, expect } from '@playwright/test';
import { choose, expectedResult, picksAt, readQuiz } from './helpers.mjs';

const builtIn = readQuiz('quizzes/four-transitions.en.json');
/** What a reader who always takes the first choice in the file must get, by the README's rules. */
const firstChoices = expectedResult(builtIn, picksAt(builtIn, 0));

/** The widget's root inside the host's shadow root (Playwright's locators pierce open shadow roots). */
const widget = (page) => page.locator('#quiz .tq-root');

/** Starts the quiz and always picks each question's first choice in the file (by its text:
 * choices may be shuffled), up to the result. After each choice it waits, as a reader does,
 * for the next question or the enabled "See my result": a choice made on embed.js's drawing
 * of the first screen shows as chosen and waits there until the widget has taken over. */
async function completeWithFirstChoices(quiz) {
  const seeResult = quiz.getByRole('button', { name: 'See my result' });
  const ready = async () => (await seeResult.count()) > 0 && (await seeResult.isEnabled());
  while (!(await ready())) {
    const prompt = await quiz.locator('.tq-prompt').textContent();
    const question = builtIn.questions.find((q) => q.prompt === prompt);
    await choose(quiz, question, question.choices[0].id);
    await expect(async () => {
      expect(await ready() || (await quiz.locator('.tq-prompt').textContent()) !== prompt, `still at "${prompt}"`).toBe(true);
    }).toPass();
  }
  await seeResult.click();
}

test('a reader goes through the quiz and sees a result', async ({ page }) => {
  await page.goto('/site/plain.html');
  const quiz = widget(page);
  await expect(quiz.getByRole('heading', { name: 'Which climb is your mindset gap?' })).toBeVisible();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  // Once mounted, the host's fallback link is no longer shown.
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeHidden();

  await completeWithFirstChoices(quiz);
  const gap = builtIn.outcomes.find((o) => o.id === firstChoices.gap);
  await expect(quiz.locator('.tq-result')).toHaveAttribute('data-outcome', gap.id);
  await expect(quiz.getByRole('heading', { level: 2 })).toHaveText(gap.label);
});

test('the demo page embeds the widget through embed.js and it works', async ({ page }) => {
  await page.goto('/demo/index.html');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Four climbs from seller to revenue chief');
  const quiz = page.locator('[data-transition-quiz] .tq-root');
  await completeWithFirstChoices(quiz);
  await expect(quiz.locator('.tq-result')).toHaveAttribute('data-outcome', firstChoices.gap);
});

test('the widget loads from a CDN on another origin', async ({ page }) => {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/site/cross-origin.html');
  const quiz = widget(page);
  await completeWithFirstChoices(quiz);
  await expect(quiz.locator('.tq-result')).toHaveAttribute('data-outcome', firstChoices.gap);
  const cdn = 'http://127.0.0.1:4174/cdn/transition-quiz@0.1.0/';
  for (const file of ['embed.js', 'transition-quiz.js', 'transition-quiz_bg.wasm']) {
    expect(requests, `${file} comes from the script's own origin and path`).toContain(cdn + file);
  }
  // The stylesheet comes inside embed.js; only a browser without constructed stylesheets
  // fetches widget.css (early.spec.mjs), from the same place.
  expect(requests.filter((url) => url.endsWith('/widget.css'))).toEqual([]);
});

test('the fallback stays visible when the widget cannot load', async ({ page }) => {
  await page.route('**/transition-quiz_bg.wasm', (route) => route.abort());
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto('/site/plain.html');
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  expect(errors.join('\n')).toContain('transition-quiz: the widget could not load');
  await expect(page.getByText('Some text after the quiz.')).toBeVisible();
});
