// What a screen reader is given, read from Chromium's accessibility tree (aria snapshots),
// not from the markup: a question is a radio group named by its prompt, whose radios say
// which one is checked; the prompt is announced once; the result's headings make one outline,
// one heading per section, the close second included.
import { test, expect } from '@playwright/test';
import { answerByMouse, expectedResult, progressText, readPersonas, readQuiz, widget, questionCount } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const persona = (id) => readPersonas().find((candidate) => candidate.id === id);
const outcome = (id) => quiz.outcomes.find((candidate) => candidate.id === id);

/** The headings in an aria snapshot, in order, as "level: name" (a line with a colon in it
 * is quoted as a whole). */
const headings = (snapshot) => snapshot.split('\n')
  .map((line) => line.match(/- '?heading "(.*)" \[level=(\d)\]/))
  .filter(Boolean)
  .map(([, name, level]) => `${level}: ${name}`);

/** One node of an aria snapshot, quoted as a whole for YAML, since texts may hold ": ". */
const node = (text) => `'${text.replace(/'/g, "''")}'`;

test('a question is a radio group named by its prompt, whose radios say which is checked', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  // The stage question comes first, on the first screen, a heading under the quiz's title;
  // its choices follow the ladder, never shuffled. Loading the page moves no focus.
  const [first, second] = quiz.questions;
  const picks = { [first.id]: first.choices[1].id };
  await expect(root.getByRole('heading', { name: first.prompt, level: 3 })).toBeVisible();
  await expect(root.getByRole('heading', { name: first.prompt })).not.toBeFocused();

  const group = root.getByRole('radiogroup', { name: first.prompt });
  await expect(group.getByRole('radio')).toHaveText(first.choices.map((choice) => choice.text));
  await expect(group.getByRole('radio', { checked: true })).toHaveCount(0);
  await group.getByRole('radio', { name: first.choices[1].text }).click();

  // The next question: focus on its heading, which reads the prompt; the live region says only
  // where the reader is, and the step itself has no name that would repeat the prompt.
  await expect(root.getByRole('heading', { name: second.prompt })).toBeFocused();
  await expect(root.locator('[aria-live]')).toHaveText(progressText(quiz, picks, second));
  await expect(root.getByRole('region')).toHaveCount(0);

  // Back is the first screen: the quiz's title, its promise and length, then the question.
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.getByRole('heading', { name: first.prompt })).toBeFocused();
  const count = questionCount(quiz, {});
  const choices = first.choices.map((choice, idx) =>
    `    - ${node(`radio ${JSON.stringify(choice.text)}${idx === 1 ? ' [checked]' : ' [checked=false]'}`)}`).join('\n');
  await expect(root).toMatchAriaSnapshot(`
- ${node(`heading ${JSON.stringify(quiz.title)} [level=2]`)}
- paragraph: ${JSON.stringify(quiz.intro)}
- paragraph: ${JSON.stringify(`${count} questions · about ${Math.max(1, Math.ceil((count * 10) / 60))} min`)}
- ${node(`heading ${JSON.stringify(first.prompt)} [level=3]`)}
${first.help ? `- paragraph: ${JSON.stringify(first.help)}\n` : ''}- ${node(`radiogroup ${JSON.stringify(first.prompt)}`)}:
${choices}
- button "Next"
- paragraph: Question 1 of ${count}
`);

  // Arrow keys move between the radios; the checked one is the group's one Tab stop.
  await page.keyboard.press('Tab');
  await expect(group.getByRole('radio', { name: first.choices[1].text })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(group.getByRole('radio', { name: first.choices[2].text })).toBeFocused();
  await expect(group.getByRole('radio', { name: first.choices[1].text })).toBeChecked();
});

test('the result reads as one outline: a heading per section, the close second with its own', async ({ page }) => {
  // The one persona of the built-in quiz whose result has a close second.
  const answers = persona('vp-super-closer').answers;
  const expected = expectedResult(quiz, answers);
  expect(expected.closeSecond, 'the persona still has a close second').not.toBeNull();
  await page.goto('/site/plain.html');
  const root = widget(page);
  await answerByMouse(root, quiz, answers);
  const result = root.locator('.tq-result');
  await expect(result).toHaveAttribute('data-outcome', expected.gap);

  expect(headings(await result.ariaSnapshot())).toEqual([
    `2: ${outcome(expected.gap).label}`,
    '3: How strongly each gap showed',
    '3: Why it matters',
    '3: Your next steps',
    '3: The answers that pointed here',
    '3: Read next',
    `3: A close second: ${outcome(expected.closeSecond).label}`,
  ]);
  // The chart's title is said once, as its heading, not again as a figure's caption.
  await expect(result.getByText('How strongly each gap showed')).toHaveCount(1);
  await expect(result.getByRole('figure')).toHaveCount(0);
  // The close second's links sit under its heading, apart from the main gap's.
  const second = result.locator('.tq-second');
  await expect(second.getByRole('link')).toHaveCount(outcome(expected.closeSecond).links.length);
});
