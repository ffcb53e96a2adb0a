// Format version 2 as a reader meets it (tests/pages/quizzes/stages.json): questions shown
// only to readers at some stages, numbered among those shown, with a total that follows the
// stage answer; choices in an order shuffled per reader, the same after a reload and Back,
// with the arrow keys following it; shared links and the results server, which carry
// choice ids or file positions, unaffected. Choices are always clicked by their text.
import { test, expect } from '@playwright/test';
import { choiceText, choose, progressText, questionCount, readQuiz, shownQuestions, widget } from './helpers.mjs';

const quiz = readQuiz('tests/pages/quizzes/stages.json');
const question = (id) => quiz.questions.find((q) => q.id === id);
const SERVER = 'http://127.0.0.1:4175';

/** The texts of the current question's choices, top to bottom as the reader sees them. */
const shownOrder = (root) => root.getByRole('radio').evaluateAll((radios) => radios
  .map((radio) => [radio.getBoundingClientRect().top, radio.textContent.trim()])
  .sort((a, b) => a[0] - b[0])
  .map(([, text]) => text));

/** Where the reader is: the progress line on a question, or on the first screen, which has
 * none (the duration says how many), the live region that says it to a screen reader. */
const progress = (root) => root.locator('.tq-progress-text, .tq-first ~ [aria-live]');

/** Answers `picks` question by question, checking each question's progress line on the way. */
async function answer(root, picks, soFar = {}) {
  const answered = { ...soFar };
  for (const q of shownQuestions(quiz, { ...soFar, ...picks }).filter((q) => q.id in picks)) {
    await expect(root.locator('.tq-prompt')).toHaveText(q.prompt);
    await expect(progress(root)).toHaveText(progressText(quiz, answered, q));
    await choose(root, q, picks[q.id]);
    answered[q.id] = picks[q.id];
  }
  return answered;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/site/stages.html');
  await page.evaluate(() => localStorage.clear());
});

test('the progress line counts the questions each stage is shown, and never grows mid-quiz', async ({ page }) => {
  await page.goto('/site/stages.html');
  const root = widget(page);
  // Before the stage answer, the most any stage is shown: "Near the summit" has five.
  expect(questionCount(quiz, {})).toBe(5);
  await expect(root.locator('.tq-meta')).toHaveText('5 questions · about 1 min');
  await expect(progress(root)).toHaveText('Question 1 of 5');

  // At base camp: four questions, the camp question fourth, the ridge's and summit's skipped.
  await answer(root, { where: 'camp', pack: 'map', weather: 'wait' });
  await expect(root.locator('.tq-prompt')).toHaveText(question('camp').prompt);
  await expect(progress(root)).toHaveText('Question 4 of 4');
  await expect(root.locator('.tq-see-result')).toBeDisabled();

  // Back to the stage question and on as a climber near the summit: five again, the rope
  // question fourth and the last one, which keeps its order (a scale), fifth.
  for (let i = 0; i < 3; i++) await root.getByRole('button', { name: 'Back' }).click();
  await expect(progress(root)).toHaveText('Question 1 of 4');
  await choose(root, question('where'), 'top');
  await expect(progress(root)).toHaveText('Question 2 of 5');
  for (let i = 0; i < 2; i++) await root.getByRole('button', { name: 'Next' }).click();
  await expect(root.locator('.tq-prompt')).toHaveText(question('rope').prompt);
  await expect(progress(root)).toHaveText('Question 4 of 5');
  await choose(root, question('rope'), 'slow');
  await expect(progress(root)).toHaveText('Question 5 of 5');
  expect(await shownOrder(root)).toEqual(question('turn').choices.map((c) => c.text));

  // Each answer event's step is the number the reader saw.
  const steps = await page.evaluate(() => window.quizEvents
    .filter((e) => e.type === 'transition-quiz:answer').map((e) => [e.detail.questionId, e.detail.step]));
  expect(steps).toEqual([['where', 1], ['pack', 2], ['weather', 3], ['where', 1], ['rope', 4]]);
});

test('changing the stage answer on the way back clears the answers it no longer shows', async ({ page }) => {
  await page.goto('/site/stages.html');
  const root = widget(page);
  const summit = { where: 'top', pack: 'flag', weather: 'push', rope: 'top', turn: 'never' };
  await answer(root, summit);
  await expect(root.locator('.tq-see-result')).toBeEnabled();
  for (let i = 0; i < 4; i++) await root.getByRole('button', { name: 'Back' }).click();
  await expect(progress(root)).toHaveText('Question 1 of 5');

  await choose(root, question('where'), 'camp');
  // The questions for everyone keep their answers; the total is base camp's.
  await expect(progress(root)).toHaveText('Question 2 of 4');
  await expect(root.getByRole('radio', { name: choiceText(question('pack'), 'flag') })).toBeChecked();
  await root.getByRole('button', { name: 'Next' }).click();
  await root.getByRole('button', { name: 'Next' }).click();
  await expect(progress(root)).toHaveText('Question 4 of 4');
  await expect(root.getByRole('radio', { checked: true })).toHaveCount(0);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage)[0])));
  expect(saved.answers, 'the rope and summit answers are gone').toEqual({ where: 'camp', pack: 'flag', weather: 'push' });
  await choose(root, question('camp'), 'ready');
  await root.locator('.tq-see-result').click();
  const complete = await page.evaluate(() => window.quizEvents.find((e) => e.type === 'transition-quiz:complete').detail);
  expect(complete.stage).toBe('base');
});

test('a reload mid-quiz keeps the place and the order of the choices, and Back shows the same order', async ({ page }) => {
  await page.goto('/site/stages.html');
  const root = widget(page);
  await choose(root, question('where'), 'ridge');
  const packOrder = await shownOrder(root);
  await choose(root, question('pack'), 'water');
  const weatherOrder = await shownOrder(root);
  expect([...weatherOrder].sort()).toEqual(question('weather').choices.map((c) => c.text).sort());

  const [key] = await page.evaluate(() => Object.keys(localStorage));
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), key);
  expect(saved).toMatchObject({ v: 2, step: 'q2', answers: { where: 'ridge', pack: 'water' }, seed: expect.any(Number) });

  await page.reload();
  await expect(progress(root)).toHaveText('Question 3 of 4');
  expect(await shownOrder(root)).toEqual(weatherOrder);
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.getByRole('radio', { name: choiceText(question('pack'), 'water') })).toBeChecked();
  expect(await shownOrder(root)).toEqual(packOrder);

  // Readers with their own seeds see their own orders: among a few, not all the same.
  const orders = new Set([packOrder.join('|')]);
  for (let reader = 0; reader < 5; reader++) {
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await choose(root, question('where'), 'ridge');
    orders.add((await shownOrder(root)).join('|'));
  }
  expect(orders.size, 'six readers, one order').toBeGreaterThan(1);
});

test('arrow keys move through the choices in the order they are shown', async ({ page }) => {
  await page.goto('/site/stages.html');
  const root = widget(page);
  await choose(root, question('where'), 'top');
  await expect(root.locator('.tq-prompt')).toHaveText(question('pack').prompt);
  const order = await shownOrder(root);
  await page.keyboard.press('Tab');
  const focused = [];
  for (let i = 0; i < order.length; i++) {
    focused.push(await page.evaluate(() => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
      return active.textContent.trim();
    }));
    await page.keyboard.press('ArrowDown');
  }
  expect(focused).toEqual(order);
  // The one Tab stop is the first choice shown, whichever it is in the file.
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(root.locator('.tq-prompt')).toHaveText(question('weather').prompt);
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.getByRole('radio', { name: order.at(-1) })).toBeChecked();
});

test('a shared link opened by another reader, with another order, shows the same result', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/site/stages.html');
  const root = widget(page);
  await answer(root, { where: 'ridge', pack: 'rope', weather: 'ask', rope: 'alone' });
  await root.locator('.tq-see-result').click();
  const result = root.locator('.tq-result');
  await expect(result).toHaveAttribute('data-outcome', 'ridge');
  const heading = await result.getByRole('heading', { level: 2 }).textContent();
  await root.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  // The link carries file positions: "-" for the questions a ridge climber was not shown.
  const positions = ['where', 'pack', 'weather', 'camp', 'rope', 'turn'].map((id) => {
    const q = question(id);
    const pick = { where: 'ridge', pack: 'rope', weather: 'ask', rope: 'alone' }[id];
    return pick ? String(q.choices.findIndex((c) => c.id === pick)) : '-';
  }).join('');
  expect(link).toMatch(new RegExp(`#transition-quiz:stages=[0-9a-f]{8}\\.${positions}$`));

  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  const theirs = widget(friend).locator('.tq-result');
  await expect(theirs).toHaveAttribute('data-outcome', 'ridge');
  await expect(theirs.getByRole('heading', { level: 2 })).toHaveText(heading);
  await expect(widget(friend).locator('.tq-shared-note')).toBeVisible();
  await friend.context().close();
});

test('the results server accepts a completion of a stage-aware quiz, with only the questions shown', async ({ page }) => {
  await page.goto('/site/stages-results.html');
  const root = widget(page);
  const completed = page.waitForResponse((response) => response.url() === `${SERVER}/api/v1/completions`);
  await answer(root, { where: 'camp', pack: 'map', weather: 'wait', camp: 'ready' });
  await root.locator('.tq-see-result').click();
  const response = await completed;
  expect(JSON.parse(response.request().postData()).answers).toEqual({ where: 'camp', pack: 'map', weather: 'wait', camp: 'ready' });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ stored: true });
});

test('a reader who leaves mid-quiz is counted at the number they saw, not the place in the file', async ({ page }) => {
  await page.goto('/site/stages-results.html');
  const root = widget(page);
  // On the ridge, the rope question is the file's fifth and this reader's fourth.
  await answer(root, { where: 'ridge', pack: 'rope', weather: 'ask' });
  await expect(root.locator('.tq-prompt')).toHaveText(question('rope').prompt);
  await expect(progress(root)).toHaveText('Question 4 of 4');
  const beacon = page.waitForRequest((request) => request.url() === `${SERVER}/api/v1/stops`);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect(JSON.parse((await beacon).postData())).toEqual(expect.objectContaining({ quiz: 'stages', step: 4 }));
});
