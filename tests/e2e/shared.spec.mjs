// A shared result is worded for the person opening it (issue 21, point 8): it is someone
// else's result ("Their likely mindset gap", "Their gap"), never "Your gap"; the sentences
// that place it against "your" stage or "your" answers are left out, nothing offers to share
// it as "My result", and the reader is offered to take the quiz, not to retake it.
import { test, expect } from '@playwright/test';
import { answerByMouse, progressText, readPersonas, readQuiz, widget, expectFirstScreen } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const spanish = readQuiz('quizzes/four-transitions.es.json');
const persona = (id) => readPersonas().find((p) => p.id === id);
/** The built-in quiz's UI strings: its own, else the defaults the schema lists. */
const UI = {
  ...Object.fromEntries(Object.entries(readQuiz('quiz.schema.json').properties.ui.properties).map(([key, value]) => [key, value.default])),
  ...quiz.ui,
};
/** The strings that speak to the reader about their own result. */
const OWN_RESULT = [
  'result_heading', 'your_gap', 'you_are_here', 'you_said', 'answers_suggest', 'position_behind', 'position_current',
  'position_ahead', 'agreement_same', 'agreement_differ', 'agreement_later', 'agreement_later_both', 'agreement_no_gap',
  'agreement_untested', 'evidence_strong', 'evidence_some', 'stronger_later', 'further_up', 'actions_heading',
  'score_untested', 'readers_same', 'retake', 'share_text', 'copy_link',
];

/** The link "Copy link" gives after answering `answers` on `path`, and the page it opens for a friend. */
async function sharedWithAFriend({ page, browser, context }, path, theQuiz, answers) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(path);
  const root = widget(page);
  await answerByMouse(root, theQuiz, answers);
  await root.getByRole('button', { name: theQuiz.ui.copy_link || 'Copy link' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/#transition-quiz:/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  return { friend, own: root };
}

test('someone else\'s result says "their", offers Take the quiz, and says nothing to "you" about it', async ({ page, browser, context }) => {
  // A reader with a gap on a climb they named, with a position line and evidence: all the
  // sentences about "you" that a result can hold.
  const { answers, expected } = persona('new-manager-still-closing');
  const { friend, own } = await sharedWithAFriend({ page, browser, context }, '/site/plain.html', quiz, answers);
  // The reader's own result is theirs to read as "your".
  await expect(own.locator('.tq-eyebrow')).toHaveText(quiz.ui.result_heading);
  await expect(own.locator('.tq-badge-gap')).toHaveText(quiz.ui.your_gap);

  const theirs = widget(friend).locator('.tq-result');
  await expect(theirs).toHaveAttribute('data-outcome', expected);
  await expect(theirs.locator('.tq-shared-note')).toHaveText(quiz.ui.shared_note);
  await expect(theirs.locator('.tq-eyebrow')).toHaveText('Their likely mindset gap');
  await expect(theirs.locator('.tq-badge-gap')).toHaveText('Their gap');
  await expect(theirs.locator('.tq-badge-here')).toHaveText('Where they are');
  await expect(theirs.locator('.tq-compare dt')).toHaveText(['They said the hardest is', 'Their answers point to']);
  await expect(theirs.getByRole('heading', { name: 'Next steps', exact: true })).toBeVisible();
  // None of the widget's words for the reader's own result is on it, the text for screen
  // readers included (each string's longest run of words between its placeholders). The
  // quiz's own content may speak to "you" as advice to anyone; the widget's framing does not.
  const text = await theirs.evaluate((el) => el.textContent);
  for (const key of OWN_RESULT) {
    const words = UI[key].split(/\{\w+\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0];
    expect(text, `${key}: "${words}"`).not.toContain(words);
  }
  await expect(theirs.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  // The live region names the result as the screen shows it.
  await expect(widget(friend).locator('[aria-live]')).toHaveText('Their likely mindset gap');

  await expect(theirs.getByRole('button', { name: 'Retake the quiz' })).toHaveCount(0);
  await theirs.getByRole('button', { name: 'Take the quiz' }).click();
  await expectFirstScreen(widget(friend), quiz);
  await friend.context().close();
});

test('a shared result without a clear gap is theirs too, and shows every climb to the reader', async ({ page, browser, context }) => {
  const { answers } = persona('seasoned-cro-ten-years');
  const { friend } = await sharedWithAFriend({ page, browser, context }, '/site/plain.html', quiz, answers);
  const theirs = widget(friend).locator('.tq-result');
  await expect(theirs).toHaveAttribute('data-result', 'no-clear-gap');
  await expect(theirs.getByRole('heading', { level: 2 })).toHaveText('No clear gap in their answers');
  await expect(theirs.locator('.tq-eyebrow')).toHaveText('Their result');
  await expect(theirs.locator('.tq-browse dt')).toHaveText(quiz.outcomes.map((o) => o.label));
  await expect(theirs).not.toContainText(quiz.ui.no_gap_title);
  await friend.context().close();
});

test('in Spanish too', async ({ page, browser, context }) => {
  const { answers, expected } = persona('new-manager-still-closing');
  const { friend } = await sharedWithAFriend({ page, browser, context }, '/site/spanish.html', spanish, answers);
  const theirs = widget(friend).locator('.tq-result');
  await expect(theirs).toHaveAttribute('data-outcome', expected);
  await expect(theirs.locator('.tq-eyebrow')).toHaveText(spanish.ui.shared_result_heading);
  await expect(theirs.locator('.tq-badge-gap')).toHaveText(spanish.ui.shared_your_gap);
  await expect(theirs.locator('.tq-retake')).toHaveText(spanish.ui.take_quiz);
  await friend.context().close();
});
