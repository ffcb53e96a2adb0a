// The authoring playground: live validation with paths that Show finds in the text, a working
// preview marked out of date while the text is not valid, and the embed snippet a site owner
// copies.
import { test, expect } from '@playwright/test';
import { WIDGET, choose, progressText, readQuiz, expectFirstScreen } from './helpers.mjs';

test('the playground validates as the owner types, previews the quiz and copies the snippet', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  const editor = page.getByRole('textbox');
  const preview = page.locator(`#preview ${WIDGET}`);
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
    'title must not be emptyShow',
    'outcomes[0].links[0].url "javascript:" links are not allowed; use an https, http or relative URLShow',
    /^questions\[3\]\.choices\[1\]\.weights unknown outcome "t9".*Show$/,
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
  await expectFirstScreen(preview, fixed);

  await page.getByRole('button', { name: 'Copy embed snippet' }).click();
  await expect(page.getByText('Copied.')).toBeVisible();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toContain('<div data-transition-quiz="my-own-quiz" data-quiz-src=');
  expect(snippet).toMatch(/<script src="http:\/\/127\.0\.0\.1:\d+\/widget\/embed\.js" defer><\/script>$/);

  // The Spanish starting point loads and is valid too.
  await page.getByLabel('Start from').selectOption('quizzes/four-transitions.es.json');
  await expect(preview.locator('.tq-title')).toHaveText(readQuiz('quizzes/four-transitions.es.json').title);
});

/** The editor's selected text, and whether its start is scrolled into the editor's view. */
function selection(editor) {
  return editor.evaluate((el) => {
    // A copy of the editor that wraps its text the same way, holding the text before the
    // selection: its height is where the selection starts, from the top of the text.
    const copy = document.createElement('div');
    const style = getComputedStyle(el);
    for (const name of ['font', 'lineHeight', 'padding', 'tabSize', 'letterSpacing']) copy.style[name] = style[name];
    Object.assign(copy.style, {
      position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word',
      boxSizing: 'border-box', border: '0', width: `${el.clientWidth}px`,
    });
    copy.textContent = el.value.slice(0, el.selectionStart);
    document.body.appendChild(copy);
    // The top of the selection's line, inside the text (the copy's padding counts as the editor's).
    const top = copy.getBoundingClientRect().height - parseFloat(style.paddingBottom) - parseFloat(style.lineHeight);
    copy.remove();
    return { text: el.value.slice(el.selectionStart, el.selectionEnd), inView: top >= el.scrollTop && top < el.scrollTop + el.clientHeight };
  });
}

test('Show takes the owner to each problem\'s place, and a preview out of date says so', async ({ page }) => {
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  const editor = page.getByRole('textbox');
  const preview = page.locator(`#preview ${WIDGET}`);
  const stale = page.getByText('This is the last valid version of your quiz');
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(page.getByRole('region', { name: 'Preview', exact: true })).toBeVisible();
  await expect(stale).toBeHidden();

  // A misspelt key far down the text, and an empty text: each problem has a Show button.
  const quiz = readQuiz('quizzes/four-transitions.en.json');
  quiz.questions[4] = Object.fromEntries(Object.entries(quiz.questions[4]).map(([key, value]) => [key === 'prompt' ? 'promt' : key, value]));
  quiz.outcomes[1].shift = '';
  await editor.fill(JSON.stringify(quiz, null, 2));
  await expect(page.locator('#problems li code')).toHaveText(['outcomes[1].shift', 'questions[4].promt', 'questions[4].prompt']);

  // The preview still runs the last valid quiz, and says it is out of date.
  await expect(page.getByRole('region', { name: 'Preview: out of date' })).toBeVisible();
  await expect(stale).toBeVisible();
  await expect(preview.locator('.tq-title')).toHaveText('Which climb is your mindset gap?');

  await editor.evaluate((el) => el.setSelectionRange(0, 0));
  await page.getByRole('button', { name: 'Show questions[4].promt in the quiz text' }).click();
  await expect(editor).toBeFocused();
  expect(await selection(editor)).toEqual({ text: 'promt', inView: true });
  // A missing key: the start of its object, where it belongs.
  await page.getByRole('button', { name: 'Show questions[4].prompt in the quiz text' }).click();
  expect(await selection(editor)).toEqual({ text: '{', inView: true });
  await page.getByRole('button', { name: 'Show outcomes[1].shift in the quiz text' }).click();
  expect(await selection(editor)).toEqual({ text: 'shift', inView: true });

  // Valid again: the mark goes, and the preview runs the text.
  quiz.questions[4] = readQuiz('quizzes/four-transitions.en.json').questions[4];
  quiz.outcomes[1].shift = 'A new shift';
  quiz.title = 'Fixed';
  await editor.fill(JSON.stringify(quiz, null, 2));
  await expect(preview.locator('.tq-title')).toHaveText('Fixed');
  await expect(page.getByRole('region', { name: 'Preview', exact: true })).toBeVisible();
  await expect(stale).toBeHidden();
});

test('the playground knows format version 2: stages and shuffle, their mistakes, and a preview that follows the stage', async ({ page }) => {
  await page.goto('/widget/playground.html');
  const status = page.getByRole('status').first();
  const editor = page.getByRole('textbox');
  const preview = page.locator(`#preview ${WIDGET}`);
  await expect(status).toHaveText('No problems: this quiz is valid.');

  // A version 1 file cannot have stages or shuffle; a misspelt stage is named with its place.
  const stages = readQuiz('tests/pages/quizzes/stages.json');
  const old = { ...stages, version: 1 };
  await editor.fill(JSON.stringify(old, null, 2));
  await expect(page.locator('#problems li code')).toHaveText([
    'shuffle', 'questions[3].stages', 'questions[4].stages', 'questions[5].stages', 'questions[5].shuffle',
  ]);
  await expect(page.locator('#problems li').first()).toContainText('set "version": 2');
  const misspelt = JSON.parse(JSON.stringify(stages));
  misspelt.questions[4].stages = ['ridge', 'tpo'];
  await editor.fill(JSON.stringify(misspelt, null, 2));
  await expect(page.locator('#problems li')).toHaveText(['questions[4].stages[1] unknown stage choice "tpo"; did you mean "top"?Show']);
  await page.getByRole('button', { name: 'Show questions[4].stages[1] in the quiz text' }).click();
  expect(await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe('"tpo"');

  // Valid: the preview counts the questions a stage is shown.
  await editor.fill(JSON.stringify(stages, null, 2));
  await expect(status).toHaveText('No problems: this quiz is valid.');
  await expect(preview.locator('.tq-meta')).toHaveText('5 questions · about 1 min');
  await choose(preview, stages.questions[0], 'ridge');
  await expect(preview.locator('.tq-progress-text')).toHaveText(progressText(stages, { where: 'ridge' }, stages.questions[1]));
});
