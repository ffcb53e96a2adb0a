// A quiz on another topic, with no ui block (tests/pages/quizzes/coffee.json): the widget's
// own words are neutral, so nothing of the built-in career quiz leaks into it, and without
// "ordered": true its outcomes are not drawn as a ladder.
import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { answerByMouse, horizontalOverflow, readPersonas, readQuiz, widget } from './helpers.mjs';

const coffee = readQuiz('tests/pages/quizzes/coffee.json');
const CAREER_WORDS = /gap|climb|transition|mindset|ladder/i;

/** Half a social sipper, half a purist: the social sipper leads (5 of 9 points, 56), the
 * purist is a close second (5 of 10, 50). */
const PICKS = { morning: 'weighed', cafe: 'seats', 'bad-cup': 'skip', gift: 'voucher' };

/** What a reader sees and what a screen reader is given (text and accessible names). */
const words = async (root) => `${await root.innerText()}\n${await root.ariaSnapshot()}`;

test('a quiz on another topic speaks no career language and has no ladder end to end (with screenshots for the README)', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 900 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto('/site/coffee.html');
  const root = widget(page);
  await expect(root.getByRole('heading', { name: coffee.title })).toBeVisible();
  expect(await words(root)).not.toMatch(CAREER_WORDS);

  // Each question, as the reader meets it.
  for (const question of coffee.questions) {
    await expect(root.locator('.tq-prompt')).toHaveText(question.prompt);
    expect(await words(root), question.id).not.toMatch(CAREER_WORDS);
    await root.getByRole('radio', { name: question.choices.find((choice) => choice.id === PICKS[question.id]).text }).click();
  }
  await root.getByRole('button', { name: 'See my result' }).click();

  const result = root.locator('.tq-result');
  await expect(result.getByRole('heading', { level: 2 })).toHaveText('The social sipper');
  await expect(result.getByText('Your result', { exact: true })).toBeVisible();
  await expect(result.getByRole('heading', { name: 'How each outcome scored' })).toBeVisible();
  await expect(result.getByRole('heading', { name: 'A close second: The purist' })).toBeVisible();
  await expect(result.locator('.tq-chart .tq-sr-only li')).toHaveText(['Purist: 50 of 100', 'Social sipper: 56 of 100', 'Pragmatist: 0 of 100']);
  await expect(result.getByRole('list', { name: /./ })).toHaveCount(0); // the ladder is the one named list
  await expect(result.locator('.tq-ladder')).toHaveCount(0);
  const text = await words(root);
  expect(text.match(CAREER_WORDS), 'career words in the result').toBeNull();

  const { pageWidth, viewport } = await horizontalOverflow(page);
  expect(pageWidth, 'nothing wider than the screen').toBeLessThanOrEqual(viewport);
  const dir = new URL('../../target/screenshots/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  await root.screenshot({ path: `${dir}result-other-topic-375-light.png` });
});

test('the built-in quiz keeps its own career wording and its ladder, named by the quiz', async ({ page }) => {
  const quiz = readQuiz('quizzes/four-transitions.en.json');
  await page.goto('/site/plain.html');
  const root = widget(page);
  await answerByMouse(root, quiz, readPersonas().find((persona) => persona.id === 'stopgap-seller').answers);
  const result = root.locator('.tq-result');
  await expect(result.getByText(quiz.ui.result_heading, { exact: true })).toBeVisible();
  await expect(result.getByRole('list', { name: quiz.ui.ladder_label })).toBeVisible();
  await expect(result.getByRole('heading', { name: quiz.ui.scores_heading })).toBeVisible();
});
