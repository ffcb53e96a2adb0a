// The authoring playground: live validation with paths, a working preview, and the
// embed snippet a site owner copies.
import { test, expect } from '@playwright/test';
import { readQuiz } from './helpers.mjs';

test('the playground validates as the owner types, previews the quiz and copies the snippet', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  const editor = page.getByRole('textbox');
  const preview = page.locator('#preview .tq-widget');
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(preview.locator('.tq-title')).toHaveText('Which climb is your mindset gap?');

  // Break the quiz in three ways at once: every problem is listed with its path.
  const quiz = readQuiz('quizzes/four-transitions.en.json');
  quiz.title = '';
  quiz.questions[3].choices[1].weights = { t9: 2 };
  quiz.outcomes[0].links[0].url = 'javascript:alert(1)';
  await editor.fill(JSON.stringify(quiz, null, 2));
  await expect(status).toHaveText('3 problems to fix:');
  await expect(page.locator('#problems li')).toHaveText([
    'title must not be empty',
    'outcomes[0].links[0].url "javascript:" links are not allowed; use an https, http or relative URL',
    /^questions\[3\]\.choices\[1\]\.weights unknown outcome "t9"/,
  ]);
  await expect(preview.locator('.tq-title'), 'the preview keeps the last valid quiz').toHaveText('Which climb is your mindset gap?');

  // A syntax error points at its line and column, and Show puts the cursor there.
  await editor.fill('{\n  "version": 1,\n  "id": "x"\n  "title": "t"\n}');
  await expect(page.locator('#problems li')).toHaveText(['line 4, column 3 expected a comma (,) or a closing }Show']);
  await page.getByRole('button', { name: 'Show' }).click();
  expect(await editor.evaluate((el) => el.selectionStart)).toBe('{\n  "version": 1,\n  "id": "x"\n  '.length);

  // Fixed and renamed: the preview runs the new quiz.
  const fixed = readQuiz('quizzes/four-transitions.en.json');
  fixed.title = 'My own quiz';
  fixed.id = 'my-own-quiz';
  await editor.fill(JSON.stringify(fixed, null, 2));
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(preview.locator('.tq-title')).toHaveText('My own quiz');
  await preview.locator('.tq-start').click();
  await expect(preview.locator('.tq-progress-text')).toHaveText('Question 1 of 12');

  await page.getByRole('button', { name: 'Copy embed snippet' }).click();
  await expect(page.getByText('Copied.')).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain('<div data-transition-quiz="my-own-quiz" data-quiz-src=');
  expect(snippet).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/embed\.js" defer><\/script>$/);

  // The Spanish starting point loads and is valid too.
  await page.getByLabel('Start from').selectOption('quizzes/four-transitions.es.json');
  await expect(preview.locator('.tq-title')).toHaveText(readQuiz('quizzes/four-transitions.es.json').title);
});
