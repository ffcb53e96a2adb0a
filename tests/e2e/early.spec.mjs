// The first screen before the wasm: embed.js draws the intro (and the first question after
// Start) as soon as the stylesheet and the quiz are here, and the widget takes its place
// when it is ready, with the same markup and without losing what the reader did. Each test
// holds the wasm module back until it has looked at the drawing, so nothing here depends on
// timing.
import { test, expect } from '@playwright/test';
import { choose, questionCount, readQuiz, widget } from './helpers.mjs';

/** Holds every request for the wasm module until `release()` is called. */
async function holdWasm(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/transition-quiz_bg.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const early = (page) => page.locator('#quiz .tq-root[data-early]');
const taken = (page) => page.locator('#quiz .tq-root:not([data-early])');

/** The markup a reader's browser shows, without the live region's text (only the widget
 * announces steps: the drawing leaves that to it). */
const markup = (root) => root.locator('.tq-widget').evaluate((node) => {
  const write = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.getAttribute('aria-live')) return `<p aria-live>`; // only the widget announces
    // Attributes sorted: their order changes nothing a reader sees.
    const attributes = [...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
    return `<${node.localName} ${attributes}>${[...node.childNodes].map(write).join('')}</${node.localName}>`;
  };
  return write(node);
});

/** A page with one host, written into the test site's plain page; `inline` is a quiz
 * written inside the host. */
async function openWith(page, attributes, { theme, inline } = {}) {
  await page.goto('/site/plain.html');
  await page.evaluate(([attributes, theme, inline]) => {
    if (theme) document.documentElement.setAttribute('data-theme', theme);
    const old = document.querySelector('#quiz');
    const host = document.createElement('div');
    host.id = 'quiz';
    for (const [name, value] of Object.entries(attributes)) host.setAttribute(name, value);
    host.innerHTML = '<a href="/fallback">Take the quiz</a>';
    if (inline) {
      const data = document.createElement('script');
      data.type = 'application/json';
      data.textContent = inline;
      host.append(data);
    }
    old.replaceWith(host);
    window.TransitionQuiz.load();
  }, [attributes, theme, inline]);
}

/** The intro's duration line for `count` questions (src/view/intro.rs: 10 seconds each). */
const duration = (count) => `${count} questions · about ${Math.max(1, Math.ceil((count * 10) / 60))} min`;

/** The widget's own rendering of a screen, in a second page with the wasm free: the intro,
 * or the first question after Start. */
async function widgetMarkup(page, attributes, { inline, start } = {}) {
  const other = await page.context().newPage();
  await openWith(other, attributes, { inline });
  await expect(other.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  if (start) {
    await widget(other).getByRole('button', { name: 'Start the quiz' }).click();
    await expect(widget(other).locator('.tq-progress-text')).toBeVisible();
  }
  const markupThere = await markup(taken(other));
  await other.close();
  return markupThere;
}

// embed.js is loaded once by plain.html before the host is replaced; the wasm is held from
// before the first page load, so no widget instance exists yet when the host is swapped in.

test('the intro is drawn before the wasm arrives, with the markup the widget then renders', async ({ page }) => {
  const release = await holdWasm(page);
  const five = readQuiz('tests/pages/quizzes/five.json');
  await openWith(page, { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/five.json', 'data-persist': 'false', 'data-loading': 'eager' }, { theme: 'dark' });
  await expect(early(page).getByRole('heading', { name: five.title })).toBeVisible();
  await expect(early(page).getByRole('button', { name: 'Start the quiz' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeHidden();
  const drawn = await markup(early(page));
  expect(drawn).toContain('data-theme="dark"');

  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(early(page)).toHaveCount(0);
  expect(await markup(taken(page))).toBe(drawn);
});

test('the first question is drawn after Start, and a choice made there is not lost', async ({ page }) => {
  const release = await holdWasm(page);
  const five = readQuiz('tests/pages/quizzes/five.json');
  await openWith(page, { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/five.json', 'data-persist': 'false', 'data-loading': 'eager' });
  await early(page).getByRole('button', { name: 'Start the quiz' }).click();
  const prompt = early(page).getByRole('heading', { name: five.questions[0].prompt });
  await expect(prompt).toBeFocused();
  await expect(early(page).getByText(`Question 1 of ${five.questions.length}`)).toBeVisible();
  const firstQuestion = await markup(early(page));

  // The same screen as the widget draws it: go there in a second page with the wasm free.
  const other = await page.context().newPage();
  await openWith(other, { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/five.json', 'data-persist': 'false', 'data-loading': 'eager' });
  await expect(other.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await widget(other).getByRole('button', { name: 'Start the quiz' }).click();
  await expect(widget(other).getByRole('heading', { name: five.questions[0].prompt })).toBeFocused();
  expect(await markup(taken(other))).toBe(firstQuestion);
  await other.close();

  const pick = five.questions[0].choices[2].text;
  await early(page).getByRole('radio', { name: pick }).click();
  await expect(early(page).getByRole('radio', { name: pick })).toHaveAttribute('aria-checked', 'true');

  release();
  // The widget replays Start and the choice: it moves on to question 2, as a click does.
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeFocused();
  await expect(early(page)).toHaveCount(0);
  await widget(page).getByRole('button', { name: 'Back' }).click();
  await expect(widget(page).getByRole('radio', { name: pick })).toHaveAttribute('aria-checked', 'true');
});

test('the built-in quiz is drawn early too, and keyboard focus carries over to the widget', async ({ page }) => {
  const release = await holdWasm(page);
  const builtIn = readQuiz('quizzes/four-transitions.en.json');
  await openWith(page, { 'data-transition-quiz': '', 'data-persist': 'false', 'data-loading': 'eager' });
  await expect(early(page).getByRole('heading', { name: builtIn.title })).toBeVisible();
  // As many questions as the widget says: the most any stage answer shows, not all of them.
  await expect(early(page).getByText(duration(questionCount(builtIn, {})))).toBeVisible();
  await early(page).getByRole('button', { name: 'Start the quiz' }).click();
  // Arrow keys move between the drawn choices, as in the widget.
  await early(page).getByRole('radio', { name: builtIn.questions[0].choices[0].text }).focus();
  await page.keyboard.press('ArrowDown');
  const second = builtIn.questions[0].choices[1].text;
  await expect(early(page).getByRole('radio', { name: second })).toBeFocused();

  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(widget(page).getByRole('radio', { name: second })).toBeFocused();
  await expect(widget(page).getByRole('heading', { name: builtIn.questions[0].prompt })).toBeVisible();
});

test('when the wasm cannot load, the drawing goes and the fallback shows again', async ({ page }) => {
  await page.route('**/transition-quiz_bg.wasm', (route) => route.abort());
  await openWith(page, { 'data-transition-quiz': '', 'data-persist': 'false', 'data-loading': 'eager' });
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(early(page)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
});

test('a reader with saved progress sees no intro drawn: the widget resumes where they were', async ({ page }) => {
  const five = readQuiz('tests/pages/quizzes/five.json');
  const attributes = { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/five.json', 'data-loading': 'eager' };
  await openWith(page, attributes);
  await widget(page).getByRole('button', { name: 'Start the quiz' }).click();
  await widget(page).getByRole('radio', { name: five.questions[0].choices[0].text }).click();
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeVisible();

  const release = await holdWasm(page);
  await openWith(page, attributes);
  // Nothing is drawn while the wasm is held: the fallback stands.
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  await expect(early(page)).toHaveCount(0);
  release();
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeVisible();
});

test('a version 2 quiz with stage-aware questions: the drawing counts the questions as the widget does', async ({ page }) => {
  const release = await holdWasm(page);
  const stages = readQuiz('tests/pages/quizzes/stages.json');
  const attributes = { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/stages.json', 'data-persist': 'false', 'data-loading': 'eager' };
  await openWith(page, attributes);
  // Six questions in the file; a climber near the summit is shown five, the others four.
  await expect(early(page).getByText(duration(5))).toBeVisible();
  expect(await markup(early(page))).toBe(await widgetMarkup(page, attributes));

  // The stage question is never shuffled: it is drawn after Start, as the widget draws it.
  await early(page).getByRole('button', { name: 'Start the quiz' }).click();
  await expect(early(page).getByText('Question 1 of 5')).toBeVisible();
  expect(await markup(early(page))).toBe(await widgetMarkup(page, attributes, { start: true }));
  await choose(early(page), stages.questions[0], 'camp');

  release();
  // The widget replays the choice: base camp's second question, of four.
  await expect(widget(page).getByRole('heading', { name: stages.questions[1].prompt })).toBeFocused();
  await expect(widget(page).locator('.tq-progress-text')).toHaveText('Question 2 of 4');
});

test('a quiz whose first question is shuffled gets its intro drawn, and its question from the widget', async ({ page }) => {
  const release = await holdWasm(page);
  // The coffee quiz in version 2, shuffled: only the widget knows this reader's order.
  const coffee = { ...readQuiz('tests/pages/quizzes/coffee.json'), version: 2, shuffle: true };
  const inline = JSON.stringify(coffee);
  const attributes = { 'data-transition-quiz': '', 'data-persist': 'false', 'data-loading': 'eager' };
  await openWith(page, attributes, { inline });
  await expect(early(page).getByRole('heading', { name: coffee.title })).toBeVisible();
  expect(await markup(early(page))).toBe(await widgetMarkup(page, attributes, { inline }));

  // Start waits for the widget: no question is drawn in the file's order.
  await early(page).getByRole('button', { name: 'Start the quiz' }).click();
  await expect(early(page).getByRole('button', { name: 'Start the quiz' })).toHaveAttribute('aria-busy', 'true');
  await expect(early(page).getByRole('radio')).toHaveCount(0);

  release();
  await expect(widget(page).getByRole('heading', { name: coffee.questions[0].prompt })).toBeFocused();
  await expect(widget(page).locator('.tq-progress-text')).toHaveText(`Question 1 of ${coffee.questions.length}`);
  await expect(early(page)).toHaveCount(0);
});
