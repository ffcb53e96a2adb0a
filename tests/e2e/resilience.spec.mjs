// Nothing lost, nothing broken: saved progress across reloads, storage that is blocked or
// full, saved data that is corrupt or tampered with, shared links, network faults, and a
// panic in one widget of two.
import { test, expect } from '@playwright/test';
import {
  addHostLater, answerByMouse, choiceText, choose, countWasmInstances, expectedResult, progressText, readQuiz,
  shownQuestions, widget, expectFirstScreen } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
/** A reader at the first stage that names the first outcome, who answers toward it wherever a
 * question lets them: a result with a gap, whatever the built-in quiz's questions are. */
const picks = (() => {
  const target = quiz.outcomes[0].id;
  const weight = (choice) => (choice.weights || {})[target] || 0;
  return Object.fromEntries(quiz.questions.map((q) => [q.id, (q.role === 'stage'
    ? q.choices.find((c) => c.outcome === target) || q.choices[0]
    : q.choices.reduce((top, c) => (weight(c) > weight(top) ? c : top), q.choices[0])).id]));
})();
const shown = shownQuestions(quiz, picks);

/** Console messages of one type, collected from the start. */
function collect(page, type) {
  const messages = [];
  page.on('console', (message) => message.type() === type && messages.push(message.text()));
  return messages;
}

/** The saved-progress keys in the page's storage. */
const savedKeys = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('transition-quiz:')));

test('a reload mid-quiz resumes at the same step with the same answers, and on the result shows the result', async ({ page }) => {
  await page.goto('/site/resume.html');
  const root = widget(page);
  for (const question of shown.slice(0, 3)) await choose(root, question, picks[question.id]);
  await root.getByRole('button', { name: 'Back' }).click();
  const third = progressText(quiz, picks, shown[2]);
  await expect(root.locator('.tq-progress-text')).toHaveText(third);

  const keys = await savedKeys(page);
  expect(keys).toEqual([expect.stringMatching(/^transition-quiz:v1:resume:[0-9a-f]{8}$/)]);
  const saved = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), keys[0]));
  const firstThree = Object.fromEntries(shown.slice(0, 3).map((q) => [q.id, picks[q.id]]));
  expect(saved).toEqual({ v: 2, step: `q${quiz.questions.indexOf(shown[2])}`, answers: firstThree, seed: expect.any(Number), day: expect.any(Number) });

  await page.reload();
  await expect(root.locator('.tq-progress-text')).toHaveText(third);
  await expect(root.locator('.tq-chosen')).toHaveText(choiceText(shown[2], picks[shown[2].id]));
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.locator('.tq-chosen')).toHaveText(choiceText(shown[1], picks[shown[1].id]));
  await root.getByRole('button', { name: 'Next' }).click();

  // Finish, reload on the result: the same result.
  await page.reload();
  await expect(root.locator('.tq-progress-text')).toHaveText(third);
  for (const question of shown.slice(2)) await choose(root, question, picks[question.id]);
  await root.locator('.tq-see-result').click();
  const outcome = await root.locator('.tq-result').getAttribute('data-outcome');
  await page.reload();
  await expect(root.locator('.tq-result')).toHaveAttribute('data-outcome', outcome);
  // One ready per host, and nothing else: the page's second quiz (#nosave) is drawn early and
  // becomes ready on its own time, so it is waited for before the events are read.
  await expect(page.locator('#nosave')).toHaveAttribute('data-transition-quiz-state', 'ready');
  expect(await page.evaluate(() => window.quizEvents.map((e) => `${e.type} ${e.host}`)).then((events) => events.sort()))
    .toEqual(['transition-quiz:ready nosave', 'transition-quiz:ready quiz']);

  // Retake clears the saved progress.
  await root.locator('.tq-retake').click();
  expect(await savedKeys(page)).toEqual([]);
  await page.reload();
  await expect(root.locator('.tq-first')).toBeVisible();
});

test('data-persist="false" saves nothing', async ({ page }) => {
  await page.goto('/site/resume.html');
  const root = widget(page, '#nosave');
  await root.locator('.tq-choice').nth(1).click();
  expect((await savedKeys(page)).filter((key) => key.includes('no-save'))).toEqual([]);
  await page.reload();
  await expect(root.locator('.tq-first')).toBeVisible();
});

for (const [name, script] of [
  ['throws on every access (SecurityError)', () => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  }],
  ['is missing', () => {
    Object.defineProperty(window, 'localStorage', { get() { return null; } });
  }],
  ['is full (QuotaExceededError)', () => {
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  }],
]) {
  test(`storage that ${name}: the widget works in memory with one warning`, async ({ page }) => {
    await page.addInitScript(script);
    const warnings = collect(page, 'warning');
    const errors = collect(page, 'error');
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/site/resume.html');
    await answerByMouse(widget(page), quiz, picks);
    const expected = expectedResult(quiz, picks);
    await expect(widget(page).locator('.tq-result')).toHaveAttribute('data-outcome', expected.gap);
    await widget(page).locator('.tq-retake').click();
    await expectFirstScreen(widget(page), quiz);
    const ours = warnings.filter((text) => text.startsWith('transition-quiz:'));
    // Exactly one warning: from the widget that saves; the data-persist="false" one never touches storage.
    expect(ours).toEqual([expect.stringMatching(/^transition-quiz: .*(localStorage).*progress is kept in memory only/)]);
    expect(errors).toEqual([]);
    await expect(widget(page).getByText(/storage/i)).toHaveCount(0); // Nothing alarming for the reader.
  });
}

test.describe('saved data that is corrupt, old or tampered with is discarded, never trusted', () => {
  // Every way saved data can be broken is decoded natively (crates/quiz-core/src/progress.rs
  // and start.rs); here, one of each kind shows the browser side: removed, one warning, intro.
  const cases = [
    ['not JSON', 'this is not JSON'],
    ['an older format', '{"v":0,"step":"q1","answers":{},"day":DAY}'],
    ['an unknown choice', '{"v":1,"step":"q1","answers":{"stage":"astronaut"},"day":DAY}'],
  ];
  for (const [name, value] of cases) {
    test(name, async ({ page }) => {
      await page.goto('/site/resume.html');
      await widget(page).locator('.tq-choice').first().click();
      const [key] = await savedKeys(page);
      const day = Math.floor(Date.now() / 86_400_000);
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value.replace('DAY', day)]);
      const warnings = collect(page, 'warning');
      const errors = collect(page, 'error');
      await page.reload();
      await expect(widget(page).locator('.tq-first')).toBeVisible();
      expect(warnings).toEqual([expect.stringMatching(/^transition-quiz: discarded saved progress for "resume" because /)]);
      expect(errors).toEqual([]);
      expect(await page.evaluate((key) => localStorage.getItem(key), key)).toBeNull();
    });
  }

  test('progress saved for an earlier version of the quiz is removed, not resumed', async ({ page }) => {
    await page.addInitScript(() => {
      localStorage.setItem('transition-quiz:v1:resume:00000000', '{"v":1,"step":"q1","answers":{"stage":"manager"},"day":1}');
    });
    const warnings = collect(page, 'warning');
    await page.goto('/site/resume.html');
    await expect(widget(page).locator('.tq-first')).toBeVisible();
    expect(warnings).toEqual(['transition-quiz: removed saved progress for an earlier version of the quiz "resume"']);
    expect(await savedKeys(page)).toEqual([]);
  });
});

test('a shared link reopens the same result for someone else, and leaves the page URL alone', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/site/plain.html#/page-route');
  const root = widget(page);
  await answerByMouse(root, quiz, picks);
  const expected = expectedResult(quiz, picks);
  expect(expected.gap, 'these answers name a gap').not.toBeNull();
  await expect(root.locator('.tq-result')).toHaveAttribute('data-outcome', expected.gap);
  await root.getByRole('button', { name: 'Copy link' }).click();
  await expect(root.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).hash).toMatch(new RegExp(`^#/page-route&transition-quiz:four-transitions=[0-9a-f]{8}\\.[0-9a-z-]{${quiz.questions.length}}$`));
  expect(page.url()).toMatch(/\/site\/plain\.html#\/page-route$/);
  expect(link).not.toMatch(/manager|officer|@/); // Only positions, no ids or anything personal.

  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  const theirs = widget(friend);
  await expect(theirs.locator('.tq-result')).toHaveAttribute('data-outcome', expected.gap);
  await expect(theirs.locator('.tq-shared-note')).toHaveText(/Someone shared this result with you/);
  // Someone else's result: "their" situations (tests/e2e/shared.spec.mjs).
  const untested = quiz.ui?.shared_score_untested || '{label}: not tested by their questions';
  const figures = quiz.outcomes.map((o) => (expected.tested[o.id]
    ? `${o.short}: ${expected.scores[o.id]} of 100` : untested.replace('{label}', o.short)));
  await expect(theirs.locator('.tq-chart .tq-sr-only li')).toHaveText(figures);
  await theirs.locator('.tq-retake').click();
  await expectFirstScreen(theirs, quiz);
  await friend.context().close();
});

test('Copy link falls back to a selected link when the clipboard is refused', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { get() { return { writeText: () => Promise.reject(new Error('denied')) }; } });
  });
  await page.goto('/site/plain.html');
  const root = widget(page);
  await answerByMouse(root, quiz, picks);
  await root.getByRole('button', { name: 'Copy link' }).click();
  const field = root.getByRole('textbox', { name: 'Copy this link:' });
  await expect(field).toBeFocused();
  expect(await field.inputValue()).toMatch(/#transition-quiz:four-transitions=[0-9a-f]{8}\./);
  expect(await field.evaluate((el) => [el.selectionStart, el.selectionEnd, el.value.length])).toEqual(
    [0, (await field.inputValue()).length, (await field.inputValue()).length]);
});

test('the native share sheet gets the title, a line and the link, where the browser has one', async ({ page }) => {
  await page.addInitScript(() => {
    window.shared = [];
    navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
  });
  await page.goto('/site/plain.html');
  const root = widget(page);
  await answerByMouse(root, quiz, picks);
  await root.getByRole('button', { name: 'Share', exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.shared.length)).toBe(1);
  const [data] = await page.evaluate(() => window.shared);
  const outcome = quiz.outcomes.find((o) => o.id === expectedResult(quiz, picks).gap);
  expect(data).toEqual({ title: quiz.title, text: `My likely mindset gap: ${outcome.label}`, url: expect.stringContaining('#transition-quiz:four-transitions=') });
});

test.describe('malformed shared links are ignored with a warning', () => {
  let print;
  test.beforeAll(async ({ browser }) => {
    // Learn the quiz's fingerprint from a real shared link.
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto('/site/plain.html');
    await answerByMouse(widget(page), quiz, picks);
    await widget(page).getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    print = /=([0-9a-f]{8})\./.exec(link)[1];
    await context.close();
  });

  // Every malformed token is decoded natively (crates/quiz-core/src/share_link.rs); here,
  // two kinds show the browser side: the page opens at the intro with one warning.
  for (const [name, token] of [
    ['another version of the quiz', '00000000.012301230123'],
    ['a choice that does not exist', `FP.z${'-'.repeat(quiz.questions.length - 1)}`],
  ]) {
    test(name, async ({ page }) => {
      const warnings = collect(page, 'warning');
      await page.goto(`/site/plain.html#transition-quiz:four-transitions=${token.replace('FP', print)}`);
      await expect(widget(page).locator('.tq-first')).toBeVisible();
      await expect(widget(page).locator('.tq-result')).toHaveCount(0);
      expect(warnings).toEqual([expect.stringMatching(/^transition-quiz: ignored the shared result in this page's address: /)]);
    });
  }

  test('a link for another quiz is ignored with a warning', async ({ page }) => {
    const warnings = collect(page, 'warning');
    await page.goto(`/site/plain.html#transition-quiz:some-other-quiz=${print}.012301230123`);
    await expect(widget(page).locator('.tq-first')).toBeVisible();
    expect(warnings).toEqual([
      'transition-quiz: ignored the shared result in this page\'s address: it belongs to the quiz "some-other-quiz", and this page\'s quiz is "four-transitions"',
    ]);
  });

  test('with several quizzes on a page, a link for one of them does not worry the others', async ({ page }) => {
    const warnings = collect(page, 'warning');
    // A valid result for quiz "one": a character per question, "-" for those not shown.
    const answers = quiz.questions.map((q) => (shown.includes(q) ? String(q.choices.findIndex((c) => c.id === picks[q.id])) : '-')).join('');
    await page.goto(`/site/two.html#transition-quiz:one=${print}.${answers}`);
    await expect(widget(page, '#two').locator('.tq-first')).toBeVisible();
    await expect(widget(page, '#one').locator('.tq-result')).toBeVisible();
    expect(warnings).toEqual([]);
  });
});

test('a quiz server answering 500 is retried once on its own, then offers Retry', async ({ page }) => {
  let requests = 0;
  let status = 500;
  await page.route('**/flaky-quiz.json', (route) => {
    requests++;
    return status === 500 ? route.fulfill({ status: 500, body: 'oops' }) : route.fulfill({ path: 'tests/pages/quizzes/five.json' });
  });
  await page.goto('/site/plain.html');
  await addHostLater(page, 'flaky', { 'data-quiz-src': '/site/flaky-quiz.json' }, '<a href="/flaky">Flaky fallback</a>');
  const flaky = widget(page, '#flaky');
  await expect(flaky.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(requests, 'one attempt and one automatic retry').toBe(2);
  await expect(page.getByRole('link', { name: 'Flaky fallback' })).toBeVisible();

  // A server that recovers between the two attempts needs no help from the reader.
  status = 200;
  await flaky.getByRole('button', { name: 'Try again' }).click();
  await expect(flaky.locator('.tq-first')).toBeVisible();
  expect(requests).toBe(3);
});

test('a panic in one widget is contained: reported once, its fallback shown, the page and the other widget work', async ({ page }) => {
  const errors = collect(page, 'error');
  const uncaught = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  await page.goto('/site/crash.html');
  const [one, two] = [widget(page, '#one'), widget(page, '#two')];
  await expect(one.locator('.tq-first')).toBeVisible();
  await expect(two.locator('.tq-first')).toBeVisible();

  await page.evaluate(async () => (await document.getElementById('one').__transitionQuiz).debug_panic_on_next_render());
  await one.locator('.tq-choice').first().click();

  await expect(page.locator('#one').getByRole('alert')).toHaveText('Something went wrong in the quiz.');
  await expect(page.getByRole('link', { name: 'Fallback one' })).toBeVisible();
  await expect(page.locator('#one')).toHaveAttribute('data-transition-quiz-state', 'error');
  expect(errors).toEqual([expect.stringMatching(/^transition-quiz: the widget stopped after an internal error .*a panic requested for testing/s)]);
  expect(uncaught, 'the wasm trap is not reported a second time').toEqual([]);
  const crash = await page.evaluate(() => window.quizEvents.filter((e) => e.type === 'transition-quiz:error'));
  expect(crash).toEqual([expect.objectContaining({ host: 'one', detail: expect.objectContaining({ quiz: 'one', kind: 'crash' }) })]);

  // The other widget and the page carry on.
  const [first, second] = quiz.questions;
  await choose(two, first, first.choices[1].id);
  await expect(two.locator('.tq-progress-text')).toHaveText(progressText(quiz, { [first.id]: first.choices[1].id }, second));
  await page.getByRole('button', { name: 'A button of the page' }).click();
  await expect(page.locator('#page-output')).toHaveText('The page still works.');
  expect(errors).toHaveLength(1);
});

test('the release build has no test hooks', async ({ page }) => {
  await page.goto('/site/two.html');
  await expect(widget(page, '#one').locator('.tq-first')).toBeVisible();
  const hooks = await page.evaluate(async () => {
    const instance = await document.getElementById('one').__transitionQuiz;
    return Object.keys(instance).filter((name) => /debug|panic|test/i.test(name));
  });
  expect(hooks).toEqual([]);
  expect(await page.evaluate(() => document.getElementById('one').__transitionQuizMemory)).toBeUndefined();
});

test('a crashed widget can be unmounted and mounted again, and the new one unmounts and is reused', async ({ page }) => {
  await countWasmInstances(page);
  await page.goto('/site/crash.html');
  const three = widget(page, '#three');
  await expect(three.locator('.tq-first')).toBeVisible();
  await page.evaluate(async () => (await document.getElementById('three').__transitionQuiz).debug_panic_on_next_render());
  await three.locator('.tq-choice').first().click();
  await expect(page.locator('#three')).toHaveAttribute('data-transition-quiz-state', 'error');
  // A host with no key of its own names the built-in quiz in every event, the crash too.
  const events = await page.evaluate(() => window.quizEvents.filter((e) => e.host === 'three').map((e) => [e.type, e.detail.quiz]));
  // (The panic comes in the render after the first choice, before its events are sent.)
  expect(events).toEqual([['transition-quiz:ready', 'four-transitions'], ['transition-quiz:error', 'four-transitions']]);

  // Unmount the crashed widget (its instance is dropped, never reused), then mount afresh.
  await page.evaluate(() => window.TransitionQuiz.unmount(document.getElementById('three')));
  await expect(page.getByRole('link', { name: 'Fallback three' })).toBeVisible();
  const before = await page.evaluate(() => window.wasmInstances);
  await page.evaluate(() => window.TransitionQuiz.load());
  await expect(three.locator('.tq-first')).toBeVisible();
  expect(await page.evaluate(() => window.wasmInstances), 'a new instance replaces the crashed one').toBe(before + 1);

  // The healthy replacement unmounts for real, and its instance is reused by the next mount.
  await page.evaluate(() => window.TransitionQuiz.unmount(document.getElementById('three')));
  await expect(three).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Fallback three' })).toBeVisible();
  await page.evaluate(() => window.TransitionQuiz.load());
  await expect(three.locator('.tq-first')).toBeVisible();
  expect(await page.evaluate(() => window.wasmInstances), 'the freed instance is reused').toBe(before + 1);
});
