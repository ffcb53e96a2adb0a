// On a phone (375×740, a touch screen that cannot hover): tapping a choice moves to the next
// question without its choice under the finger looking chosen, and the result's buttons
// line up at one width.
import { test, expect } from '@playwright/test';
import { answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');

test.use({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true, reducedMotion: 'reduce' });

/** What makes a choice look picked or hovered: its border and outline colours and styles. */
const look = (choice) => choice.evaluate((el) => {
  const style = getComputedStyle(el);
  return { border: style.borderTopColor, outline: `${style.outlineStyle} ${style.outlineColor}` };
});

test('a tapped choice does not leave the hover look on the next question\'s choice under the finger', async ({ page }) => {
  await page.goto('/site/plain.html');
  const quizWidget = widget(page);
  await expect(quizWidget.locator('.tq-prompt')).toHaveText(quiz.questions[0].prompt);
  // Tapped by its place on the screen, whichever choice is there: where the finger is, is
  // what this test is about.
  const choices = quizWidget.locator('.tq-choice');
  await choices.nth(1).tap();

  // The next question's second choice shown is where the finger was; the third was never touched.
  await expect(quizWidget.locator('.tq-prompt')).not.toHaveText(quiz.questions[0].prompt);
  await expect(quizWidget.locator('.tq-progress-text')).toHaveText(/^Question 2 of /);
  expect(await look(choices.nth(1))).toEqual(await look(choices.nth(2)));
});

test('the result\'s buttons are one width on a phone', async ({ page }) => {
  await page.goto('/site/plain.html');
  const quizWidget = widget(page);
  await answerByMouse(quizWidget, quiz, readPersonas()[0].answers);
  await expect(quizWidget.locator('.tq-result')).toBeVisible();
  const buttons = quizWidget.locator('.tq-result .tq-share button, .tq-result .tq-nav button');
  await expect(buttons.first()).toBeVisible();
  const widths = await buttons.evaluateAll((all) => all.map((button) => Math.round(button.getBoundingClientRect().width)));
  expect(widths.length, 'Copy link and Retake at least').toBeGreaterThanOrEqual(2);
  expect(new Set(widths).size, `widths ${widths.join(', ')}`).toBe(1);
});
