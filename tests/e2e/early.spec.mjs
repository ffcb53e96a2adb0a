// The first screen before the wasm: embed.js draws the intro with the first question as soon
// as the stylesheet and the quiz are here, from templates the Yew components render
// (tests/early.rs) and by quiz-core's own rules (a small wasm module inside embed.js); the
// widget takes its place when it is ready, with the same markup and without losing what the
// reader did. Each test holds the widget's wasm back until it has looked at the drawing, so
// nothing here depends on timing.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { choiceText, choose, questionCount, readQuiz, widget } from './helpers.mjs';

/** Holds every request for the widget's wasm until `release()` is called. */
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

/** The markup a reader's browser shows: every element with its attributes (sorted: their
 * order changes nothing a reader sees) and every text. */
const markup = (root) => root.locator('.tq-widget').evaluate((node) => {
  const write = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
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

/** The first screen's duration line for `count` questions (10 seconds each, whole minutes,
 * at least one), worked out here rather than read from the widget. */
const duration = (count) => `${count} questions · about ${Math.max(1, Math.ceil((count * 10) / 60))} min`;

/** Draws `attributes`'s quiz with the wasm held, checks the drawing, then lets the widget
 * take over and checks it shows exactly the same markup, there, in the same page (so with
 * the same reader's seed). Returns the markup. */
async function drawnThenTaken(page, attributes, options = {}) {
  const release = await holdWasm(page);
  await openWith(page, attributes, options);
  await expect(early(page).locator('.tq-choice').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeHidden();
  const drawn = await markup(early(page));
  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(early(page)).toHaveCount(0);
  expect(await markup(taken(page))).toBe(drawn);
  return drawn;
}

const eager = { 'data-transition-quiz': '', 'data-persist': 'false', 'data-loading': 'eager' };

test('the first screen, the intro with the first question, is drawn before the wasm with the markup the widget then renders', async ({ page }) => {
  const five = readQuiz('tests/pages/quizzes/five.json');
  const drawn = await drawnThenTaken(page, { ...eager, 'data-quiz-src': 'quizzes/five.json' }, { theme: 'dark' });
  expect(drawn).toContain('data-theme="dark"');
  // What the reader sees there: the title, the promise, how long, and the first question.
  await expect(widget(page).getByRole('heading', { level: 2 })).toHaveText(five.title);
  await expect(widget(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
  await expect(widget(page).getByText(duration(five.questions.length))).toBeVisible();
  await expect(widget(page).getByRole('radio')).toHaveText(five.questions[0].choices.map((choice) => choice.text));
  await expect(widget(page).getByRole('button', { name: 'Start the quiz' })).toHaveCount(0);
});

test('a choice made on the drawing is made on the widget when it takes over', async ({ page }) => {
  const release = await holdWasm(page);
  const five = readQuiz('tests/pages/quizzes/five.json');
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/five.json' });
  const pick = five.questions[0].choices[2].text;
  await early(page).getByRole('radio', { name: pick }).click();
  await expect(early(page).getByRole('radio', { name: pick })).toHaveAttribute('aria-checked', 'true');
  await expect(early(page).getByRole('radiogroup')).toHaveAttribute('aria-busy', 'true');

  release();
  // The widget makes the choice: it moves on to question 2, as a click does.
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeFocused();
  await expect(widget(page).locator('.tq-progress-text')).toHaveText(`Question 2 of ${five.questions.length}`);
  await expect(early(page)).toHaveCount(0);
  // Back is the first screen, with the choice made there.
  await widget(page).getByRole('button', { name: 'Back' }).click();
  await expect(widget(page).getByRole('radio', { name: pick })).toHaveAttribute('aria-checked', 'true');
});

test('the built-in quiz is drawn early too, counted as the widget counts it, and keyboard focus carries over', async ({ page }) => {
  const builtIn = readQuiz('quizzes/four-transitions.en.json');
  const release = await holdWasm(page);
  await openWith(page, eager);
  // As many questions as the widget says: the most any stage answer shows, not all 43.
  await expect(early(page).getByText(duration(questionCount(builtIn, {})))).toBeVisible();
  // Arrow keys move between the drawn choices, as in the widget.
  await early(page).getByRole('radio', { name: builtIn.questions[0].choices[0].text }).focus();
  await page.keyboard.press('ArrowDown');
  const second = builtIn.questions[0].choices[1].text;
  await expect(early(page).getByRole('radio', { name: second })).toBeFocused();
  const drawn = await markup(early(page));

  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(widget(page).getByRole('radio', { name: second })).toBeFocused();
  expect(await markup(taken(page))).toBe(drawn);
});

test('help text, right-to-left text and a stage question are drawn as the widget renders them', async ({ page }) => {
  // The first question has help: described by it, under the prompt.
  const long = readQuiz('tests/pages/quizzes/long.json');
  const drawn = await drawnThenTaken(page, { ...eager, 'data-quiz-src': 'quizzes/long.json' });
  expect(drawn).toContain(long.questions[0].help);
  await expect(widget(page).getByRole('radiogroup')).toHaveAttribute('aria-describedby', 'tq-help');
  // Arabic, right to left.
  const arabic = readQuiz('tests/pages/quizzes/rtl.ar.json');
  const rtl = await drawnThenTaken(page, { ...eager, 'data-quiz-src': 'quizzes/rtl.ar.json' });
  expect(rtl).toContain('dir="rtl"');
  expect(rtl).toContain('lang="ar"');
  expect(rtl).toContain(arabic.questions[0].prompt);
});

test('an owner\'s overrides are drawn as the widget applies them', async ({ page }) => {
  const overrides = readQuiz('tests/pages/overrides/first-screen.json');
  const builtIn = readQuiz('quizzes/four-transitions.en.json');
  const drawn = await drawnThenTaken(page, { ...eager, 'data-quiz-overrides': '/site/overrides/first-screen.json' });
  const stage = builtIn.questions[0];
  const [, choice] = Object.entries(overrides.questions[stage.id].choices)[0];
  for (const text of [overrides.title, overrides.intro, overrides.questions[stage.id].prompt, choice.text]) {
    expect(drawn).toContain(text);
  }
  // The owner's duration and announcement, filled in with the widget's count.
  const count = questionCount(builtIn, {});
  const minutes = Math.max(1, Math.ceil((count * 10) / 60));
  expect(drawn).toContain(overrides.ui.duration.replace('{count}', count).replace('{minutes}', minutes));
  expect(drawn).toContain(overrides.ui.step_announcement.replace('{current}', 1).replace('{total}', count));
});

test('a quiz whose first question is shuffled is drawn in the reader\'s order, the one the widget then keeps', async ({ page }) => {
  // The coffee quiz in version 2, shuffled.
  const coffee = { ...readQuiz('tests/pages/quizzes/coffee.json'), version: 2, shuffle: true };
  const orders = new Set();
  for (let load = 0; load < 4; load++) {
    const drawn = await drawnThenTaken(page, eager, { inline: JSON.stringify(coffee) });
    orders.add(await widget(page).getByRole('radio').allTextContents().then((texts) => texts.join('|')));
    expect(drawn).toContain(coffee.questions[0].prompt);
  }
  // Readers are shown different orders (four loads of four choices: all alike one time in 13,824).
  expect(orders.size).toBeGreaterThan(1);
});

test('a version 2 quiz with stage-aware questions: the drawing counts the questions as the widget does', async ({ page }) => {
  const release = await holdWasm(page);
  const stages = readQuiz('tests/pages/quizzes/stages.json');
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/stages.json' });
  // Six questions in the file; a climber near the summit is shown five, the others four.
  await expect(early(page).getByText(duration(questionCount(stages, {})))).toBeVisible();
  expect(questionCount(stages, {})).toBe(5);
  await choose(early(page), stages.questions[0], 'camp');

  release();
  // The widget makes the choice: base camp's second question, of four.
  await expect(widget(page).getByRole('heading', { name: stages.questions[1].prompt })).toBeFocused();
  await expect(widget(page).locator('.tq-progress-text')).toHaveText('Question 2 of 4');
});

test('the first screen does not fade in, drawn or when the widget takes over; the steps after it do', async ({ page }) => {
  // A reader who has not asked for less motion: steps fade in. The first screen comes with
  // the page, and the widget draws it again when it takes over: a fade there would blink the
  // quiz out and back in front of the reader.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const five = readQuiz('tests/pages/quizzes/five.json');
  const release = await holdWasm(page);
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/five.json' });
  const entering = (root) => root.locator('.tq-step').evaluate((step) => ({
    animation: getComputedStyle(step).animationName,
    running: step.getAnimations().filter((animation) => animation.playState === 'running').length,
  }));
  await expect(early(page).locator('.tq-choice').first()).toBeVisible();
  expect(await entering(early(page))).toEqual({ animation: 'none', running: 0 });

  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(early(page)).toHaveCount(0);
  expect(await entering(taken(page))).toEqual({ animation: 'none', running: 0 });

  // The next question is a step the reader moves to: it fades in.
  await choose(widget(page), five.questions[0], five.questions[0].choices[0].id);
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeVisible();
  expect((await entering(taken(page))).animation).toBe('tq-enter');
});

test('a quiz file the page preloads is fetched only once, and the first screen is drawn from it', async ({ page }) => {
  // The README's advice for a quiz in the first screen: <link rel="preload" as="fetch"
  // crossorigin>. embed.js's request must match it (mode and credentials), or the browser
  // fetches the file a second time and the preload was for nothing.
  const five = readQuiz('tests/pages/quizzes/five.json');
  const requests = [];
  page.on('request', (request) => { if (request.url().endsWith('/quizzes/five.json')) requests.push(request); });
  const release = await holdWasm(page);
  await page.goto('/site/preload.html');
  await expect(early(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(widget(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
  expect(requests.map((request) => request.url())).toHaveLength(1);
});

test('when the wasm cannot load, the drawing goes and the fallback shows again', async ({ page }) => {
  await page.route('**/transition-quiz_bg.wasm', (route) => route.abort());
  await openWith(page, eager);
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(early(page)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
});

test('when the rules module cannot run, nothing is drawn, and the widget shows the first screen itself', async ({ page }) => {
  // embed.js instantiates its rules module with the synchronous constructor, which refuses
  // here; the widget's glue goes through WebAssembly.instantiate, which this leaves alone
  // (and its `instanceof WebAssembly.Instance` still holds for real instances).
  await page.addInitScript(() => {
    const Instance = WebAssembly.Instance;
    const refusing = function () { throw new WebAssembly.LinkError('refused for this test'); };
    Object.defineProperty(refusing, Symbol.hasInstance, { value: (value) => value instanceof Instance });
    WebAssembly.Instance = refusing;
  });
  const release = await holdWasm(page);
  const five = readQuiz('tests/pages/quizzes/five.json');
  const asked = page.waitForRequest('**/transition-quiz_bg.wasm');
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/five.json' });
  // While the widget's wasm is held, nothing is drawn: the fallback stands. The drawing
  // gives up in the task the quiz arrives in, so once the widget's wasm has been asked for
  // (which waits for that, or a second), no drawing can come.
  await asked;
  await expect(early(page)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  release();
  await expect(widget(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
  await expect(early(page)).toHaveCount(0);
});

/** A page whose quiz saves progress, where the reader answers the first question: progress
 * is saved at question 2. Returns the host's attributes and the quiz. */
async function saveProgress(page) {
  const five = readQuiz('tests/pages/quizzes/five.json');
  const attributes = { 'data-transition-quiz': '', 'data-quiz-src': 'quizzes/five.json', 'data-loading': 'eager' };
  await openWith(page, attributes);
  await choose(widget(page), five.questions[0], five.questions[0].choices[0].id);
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).some((key) => key.startsWith('transition-quiz:v')))).toBe(true);
  return { attributes, five };
}

test('a reader with saved progress sees no first screen drawn: the widget resumes where they were', async ({ page }) => {
  const { attributes, five } = await saveProgress(page);

  const release = await holdWasm(page);
  await openWith(page, attributes);
  // Nothing is drawn while the wasm is held: the fallback stands.
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  await expect(early(page)).toHaveCount(0);
  release();
  await expect(widget(page).getByRole('heading', { name: five.questions[1].prompt })).toBeVisible();
  expect(choiceText(five.questions[0], five.questions[0].choices[0].id)).toBeTruthy();
});

test('with progress off (data-persist="false"), saved progress is not read: the first screen is drawn, and the widget starts there too', async ({ page }) => {
  const { attributes: saving, five } = await saveProgress(page);

  // The same quiz with progress off: the widget ignores what storage holds, so the drawing
  // must not give way to it either.
  const drawn = await drawnThenTaken(page, { ...saving, 'data-persist': ' Off ' });
  expect(drawn).toContain(five.questions[0].prompt);
  await expect(widget(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
});

test('in a browser without constructed stylesheets the drawing never shows unstyled: the fallback stands until widget.css is here', async ({ page }) => {
  // embed.js carries the stylesheet and gives it to the shadow root as a constructed
  // stylesheet (site-owner.spec checks widget.css is then never asked for). Without those
  // (Safari before 16.4) it links widget.css, and the drawing waits for it.
  await page.addInitScript(() => { delete ShadowRoot.prototype.adoptedStyleSheets; });
  const five = readQuiz('tests/pages/quizzes/five.json');
  let sendStyles;
  const styles = new Promise((resolve) => { sendStyles = resolve; });
  await page.route('**/widget.css', async (route) => { await styles; await route.continue(); });
  const release = await holdWasm(page);
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/five.json' });
  // The drawing is made as soon as the quiz is here, and waits in the page, hidden.
  await expect(early(page)).toHaveCount(1);
  await expect(early(page).getByRole('heading', { level: 3 })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();

  sendStyles();
  await expect(early(page).getByRole('heading', { level: 3 })).toHaveText(five.questions[0].prompt);
  await expect(early(page).getByRole('heading', { level: 3 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeHidden();
  // Styled: a choice is at least the 44 px tall that widget.css asks of every button.
  const height = await early(page).locator('.tq-choice').first().evaluate((button) => button.getBoundingClientRect().height);
  expect(height).toBeGreaterThanOrEqual(44);
  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
});

test('a quiz the widget refuses, though its first screen could be drawn: the drawing goes, the error and the fallback show', async ({ page }) => {
  // broken-rules.json is valid JSON with a well-formed first question, so embed.js draws it;
  // the widget then finds its mistakes (a "javascript:" link among them) and refuses it.
  const release = await holdWasm(page);
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/broken-rules.json' });
  await expect(early(page).getByRole('radio', { name: 'Choose A' })).toBeVisible();
  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(page.locator('#quiz').getByRole('alert')).toHaveText(/its file has mistakes/);
  await expect(early(page)).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Choose A' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
});

test('a quiz file served with the wrong charset is still read as UTF-8, as JSON is, by the drawing and the widget', async ({ page }) => {
  const arabic = readQuiz('tests/pages/quizzes/rtl.ar.json');
  const body = readFileSync(new URL('../pages/quizzes/rtl.ar.json', import.meta.url));
  await page.route('**/quizzes/rtl.ar.json', (route) => route.fulfill({ body, contentType: 'application/json; charset=iso-8859-1' }));
  const release = await holdWasm(page);
  await openWith(page, { ...eager, 'data-quiz-src': 'quizzes/rtl.ar.json' });
  await expect(early(page).getByRole('heading', { level: 2 })).toHaveText(arabic.title);
  release();
  await expect(page.locator('#quiz')).toHaveAttribute('data-transition-quiz-state', 'ready');
  await expect(widget(page).getByRole('heading', { level: 2 })).toHaveText(arabic.title);
  await expect(widget(page).getByRole('heading', { level: 3 })).toHaveText(arabic.questions[0].prompt);
});
