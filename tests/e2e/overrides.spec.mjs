// The built-in quiz made a site owner's own without copying it (issue 21, point 2): an
// overrides file named by data-quiz-overrides replaces the links, sets a call to action per
// outcome and any text (tests/pages/overrides/my-links.json), is checked like a quiz (every
// problem with its path, in the console, the fallback kept), and the playground checks and
// previews one.
import { test, expect } from '@playwright/test';
import { WIDGET, answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const mine = readQuiz('tests/pages/overrides/my-links.json');
const persona = (id) => readPersonas().find((p) => p.id === id);

test('the owner\'s overrides give the built-in quiz their title, links, calls to action and Retake', async ({ page }) => {
  // The title embed.js draws before the wasm is here is already the owner's.
  await page.route('**/transition-quiz_bg.wasm', async (route) => {
    await page.waitForSelector('#quiz .tq-root[data-early] .tq-title');
    await route.continue();
  });
  await page.goto('/site/overrides.html');
  await expect(page.locator('#quiz .tq-root[data-early] .tq-title')).toHaveText(mine.title);
  const root = widget(page);
  await expect(root.locator('.tq-title')).toHaveText(mine.title);

  // A reader whose gap is the manager's climb gets the owner's link and call to action there.
  const { answers, expected } = persona('new-manager-still-closing');
  expect(expected).toBe('management');
  await answerByMouse(root, quiz, answers);
  const outcome = quiz.outcomes.find((o) => o.id === expected);
  await expect(root.getByRole('heading', { level: 2 })).toHaveText(outcome.label);
  const own = mine.outcomes[expected];
  await expect(root.locator('.tq-links a')).toHaveText([`${own.links[0].title} (opens in a new tab)`]);
  await expect(root.locator('.tq-links a')).toHaveAttribute('href', own.links[0].url);
  await expect(root.getByRole('link', { name: own.cta.text })).toHaveAttribute('href', own.cta.url);
  // None of the built-in quiz's own links is left for this gap.
  for (const link of outcome.links) await expect(root.locator(`a[href="${link.url}"]`)).toHaveCount(0);
  await expect(root.getByRole('button', { name: mine.ui.retake })).toBeVisible();
  // What a result is made of is the built-in quiz's: the same gap, and its shift.
  await expect(root.locator('.tq-shift')).toHaveText(outcome.shift);
});

test('an overrides file with mistakes is refused like a broken quiz: every problem with its path, and the fallback', async ({ page }) => {
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto('/site/overrides.html');
  const broken = page.locator('#broken');
  await expect(broken).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(broken.getByRole('link', { name: 'Take the quiz (fallback)' })).toBeVisible();
  await expect(widget(page, '#broken').getByRole('alert')).toBeVisible();
  await expect.poll(() => errors.find((text) => text.includes('overrides/broken.json'))).toBeTruthy();
  expect(errors.find((text) => text.includes('overrides/broken.json'))).toBe(
    'transition-quiz: the overrides file at overrides/broken.json has 2 problems:\n' +
    '  outcomes.managment: unknown outcome "managment"; did you mean "management"?\n' +
    '  outcomes.officer.links[0].url: "javascript:" links are not allowed; use an https, http or relative URL',
  );
});

test('the playground checks an overrides file against the quiz it extends and previews it', async ({ page }) => {
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  const editor = page.getByRole('textbox');
  const preview = page.locator(`#preview ${WIDGET}`);
  await expect(status).toHaveText('No problems: this quiz is valid.');

  // Starting from the overrides of the built-in quiz: valid, previewed on the built-in quiz.
  await page.getByLabel('Start from').selectOption('overrides');
  await expect.poll(async () => JSON.parse(await editor.inputValue()).extends).toBe('four-transitions');
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(page.locator('#snippet')).toContainText('data-quiz-overrides="https://your.site/quizzes/my-overrides.json"');
  await expect(page.getByRole('button', { name: 'Copy snippet with the quiz inline' })).toBeHidden();

  // The owner's own title, and a mistake: the preview shows the title once the text is valid.
  const overrides = JSON.parse(await editor.inputValue());
  overrides.title = 'My own title for the built-in quiz';
  overrides.outcomes.officer.cta.url = 'javascript:alert(1)';
  await editor.fill(JSON.stringify(overrides, null, 2));
  await expect(status).toHaveText('1 problem to fix:');
  await expect(page.locator('#problems li')).toHaveText([
    'outcomes.officer.cta.url "javascript:" links are not allowed; use an https, http or relative URLShow',
  ]);
  await page.getByRole('button', { name: 'Show' }).click();
  const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe('url');
  overrides.outcomes.officer.cta.url = '/book';
  await editor.fill(JSON.stringify(overrides, null, 2));
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(preview.locator('.tq-title')).toHaveText('My own title for the built-in quiz');

  // Overrides for a quiz the playground does not have say so.
  await editor.fill(JSON.stringify({ ...overrides, extends: 'my-quiz' }, null, 2));
  await expect(page.locator('#problems li')).toHaveText([
    'extends these overrides are for the quiz "my-quiz", but the quiz here is "four-transitions"Show',
  ]);
});

test('the playground says what problems kept it from checking that every outcome can be a result', async ({ page }) => {
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  await expect(status).toHaveText('No problems: this quiz is valid.');
  const broken = readQuiz('quizzes/four-transitions.en.json');
  broken.questions[3].choices[1].weights = { t9: 2 };
  await page.getByRole('textbox').fill(JSON.stringify(broken, null, 2));
  await expect(status).toHaveText('1 problem to fix:');
  await expect(page.getByRole('list', { name: 'Not checked yet' }).getByRole('listitem')).toHaveText([
    'Not checked yet: outcomes: whether each outcome can be a result is checked once the problems at questions[3].choices[1].weights are fixed: they change what a result is made of',
  ]);
});
