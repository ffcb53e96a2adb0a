// The reader's experience, end to end: completing the built-in quiz by mouse and by
// keyboard alone, what the result shows (checked against the documented formula),
// accessibility scans, narrow screens, other languages and right-to-left text, and the
// screenshots the README shows.
import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import {
  WIDGET, answerByMouse, choose, expectedResult, focusedText, horizontalOverflow, questionCount, readPersonas, readQuiz,
  shownQuestions, widget,
} from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');

/** A founder who still sells, says the manager's climb is hardest, but answers like someone
 * for whom selling is a job to hand off: a gap on a climb below her stage, with some evidence. */
const FOUNDER = readPersonas().find((persona) => persona.id === 'technical-founder-reluctant-seller').answers;

const outcome = (id) => quiz.outcomes.find((o) => o.id === id);
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));

/** The README's "answers that pointed there": among the questions shown, the (up to three)
 * chosen answers that gave `gap` the most weight, the heaviest first. */
function expectedEvidence(picks, gap) {
  return shownQuestions(quiz, picks)
    .map((question) => ({ question, choice: question.choices.find((c) => c.id === picks[question.id]) }))
    .map((entry) => ({ ...entry, weight: (entry.choice.weights || {})[gap] || 0 }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3);
}

test('a reader completes the quiz by mouse and the result explains itself', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  await expect(root.getByRole('heading', { name: quiz.title })).toBeVisible();
  // Every reader is shown ten of the quiz's questions, whatever their stage.
  await expect(root.getByText('10 questions · about 2 min')).toBeVisible();
  await answerByMouse(root, quiz, FOUNDER);

  const expected = expectedResult(quiz, FOUNDER);
  expect(expected.strength, 'the persona still has some evidence only').toBe('some');
  const gap = outcome(expected.gap);
  const result = root.locator('.tq-result');
  await expect(result).toHaveAttribute('data-outcome', expected.gap);
  await expect(result).toHaveAttribute('data-result', 'gap');
  await expect(result.getByRole('heading', { level: 2 })).toHaveText(gap.label);
  await expect(result.locator('.tq-shift')).toHaveText(gap.shift);
  // How strong the evidence is, counted over the situations she met that test this shift.
  await expect(result.locator('.tq-strength')).toHaveText(
    fill(quiz.ui.evidence_some, { count: expected.pointing[gap.id], tested: expected.tested[gap.id] }));

  // The chart's figures, as text, match the documented formula; the climbs none of her
  // questions tested say so instead of showing a 0.
  const tested = quiz.outcomes.filter((o) => expected.tested[o.id] > 0);
  expect(tested.length, 'the persona leaves some climbs untested').toBeLessThan(quiz.outcomes.length);
  const figures = quiz.outcomes.map((o) => (expected.tested[o.id] > 0
    ? `${o.short}: ${expected.scores[o.id]} of 100` : fill(quiz.ui.score_untested, { label: o.short })));
  await expect(result.locator('.tq-chart .tq-sr-only li')).toHaveText(figures);
  // The bars draw the same figures, as text beside each bar and as each bar's length; an
  // untested climb has no bar.
  await expect(result.locator('.tq-bar-figure')).toHaveText(quiz.outcomes.map((o) =>
    (expected.tested[o.id] > 0 ? String(expected.scores[o.id]) : quiz.ui.untested)));
  const widths = await result.locator('.tq-bar-fill').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('width')));
  expect(widths).toEqual(tested.map((o) => String(expected.scores[o.id])));

  // The ladder marks the reader's stage and the gap.
  await expect(result.locator('.tq-rung-here .tq-rung-label')).toHaveText(outcome(expected.stage).short);
  await expect(result.locator('.tq-rung-gap .tq-rung-label')).toHaveText(gap.short);

  // What the reader said beside what the answers suggest: an earlier climb than she named.
  expect(quiz.outcomes.indexOf(gap), 'the gap is an earlier climb than the hardest named').toBeLessThan(quiz.outcomes.indexOf(outcome(expected.hardest)));
  await expect(result.locator('.tq-compare dd')).toHaveText([outcome(expected.hardest).short, gap.short]);
  await expect(result.locator('.tq-compare p')).toHaveText(quiz.ui.agreement_differ);
  // The position line agrees with the ladder: the gap is below the rung she is on.
  expect(quiz.outcomes.indexOf(gap), 'the gap is below her stage').toBeLessThan(quiz.outcomes.indexOf(outcome(expected.stage)));
  await expect(result.locator('.tq-position')).toHaveText(quiz.ui.position_behind);

  await expect(result.locator('.tq-actions li')).toHaveText(gap.actions);
  // The answers that pointed there, heaviest first.
  const evidence = expectedEvidence(FOUNDER, gap.id);
  await expect(result.locator('.tq-evidence-question')).toHaveText(evidence.map((e) => e.question.prompt));
  await expect(result.locator('.tq-evidence-answer')).toHaveText(evidence.map((e) => e.choice.text));

  // Related links are real anchors that open a new tab safely.
  const links = result.locator('.tq-links').first().getByRole('link');
  await expect(links).toHaveCount(gap.links.length);
  for (const [idx, link] of gap.links.entries()) {
    await expect(links.nth(idx)).toHaveAttribute('href', link.url);
    await expect(links.nth(idx)).toHaveAttribute('target', '_blank');
    await expect(links.nth(idx)).toHaveAttribute('rel', 'noopener');
  }

  // The invitation to comment takes the reader to the page's comment box.
  await result.getByRole('button', { name: 'Share your experience in the comments' }).click();
  await expect(page.getByRole('textbox', { name: 'Your comment' })).toBeFocused();
  await expect(page.locator('#comments')).toBeInViewport();

  // Retake starts over without reloading the page.
  const navigations = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  await result.getByRole('button', { name: 'Retake the quiz' }).click();
  await expect(root.locator('.tq-first .tq-prompt')).toHaveText(quiz.questions[0].prompt);
  await expect(root.locator('[aria-live]')).toHaveText(`Question 1 of ${questionCount(quiz, {})}`);
  await expect(root.locator('.tq-chosen')).toHaveCount(0);
  expect(navigations).toEqual([]);
});

test('a reader completes the quiz with the keyboard alone', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  await expect(root.locator('.tq-first')).toBeVisible();

  // The hidden fallback link is out of the way: the first Tab reaches the first question's
  // first choice, on the first screen.
  await page.keyboard.press('Tab');
  await expect.poll(() => focusedText(page)).toBe(quiz.questions[0].choices[0].text);

  for (const [step, question] of shownQuestions(quiz, FOUNDER).entries()) {
    if (step > 0) {
      await expect.poll(() => focusedText(page), { message: 'focus moves to each new question' }).toBe(question.prompt);
      await page.keyboard.press('Tab');
    }
    // The choices may be shown in a shuffled order: count the arrow presses in the order on
    // screen, as a reader would, and check by text that the right one has focus.
    const text = question.choices.find((choice) => choice.id === FOUNDER[question.id]).text;
    const target = (await widget(page).locator('.tq-choice-text').allTextContents()).indexOf(text);
    expect(target, `"${text}" is on screen`).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page)).toBe(text);
    await page.keyboard.press(step % 2 ? 'Enter' : 'Space');
  }
  await expect.poll(() => focusedText(page), { message: 'the last answer moves focus to See my result' }).toBe('See my result');
  await page.keyboard.press('Enter');

  const expected = expectedResult(quiz, FOUNDER);
  await expect(root.locator('.tq-result')).toHaveAttribute('data-outcome', expected.gap);
  await expect.poll(() => focusedText(page)).toBe(outcome(expected.gap).label);

  // Everything after is reachable by Tab, ending at Retake; Shift+Tab goes back (no trap).
  let reached = [];
  for (let i = 0; i < 30 && reached.at(-1) !== 'Retake the quiz'; i++) {
    await page.keyboard.press('Tab');
    reached.push(await focusedText(page));
  }
  expect(reached).toContain('Share your experience in the comments');
  expect(reached).toContain('Copy link');
  expect(reached.at(-1)).toBe('Retake the quiz');
  await page.keyboard.press('Shift+Tab');
  await expect.poll(() => focusedText(page)).toBe('Copy link');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedText(page)).toBe(quiz.questions[0].prompt);
});

test('Back and Next let a reader change an earlier answer', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  await root.getByRole('radio', { name: quiz.questions[0].choices[1].text }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 10' })).toBeVisible();
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.locator('.tq-first')).toBeVisible();
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[1].text })).toHaveAttribute('aria-checked', 'true');
  await root.getByRole('radio', { name: quiz.questions[0].choices[3].text }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 10' })).toBeVisible();
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[3].text })).toHaveAttribute('aria-checked', 'true');
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[1].text })).toHaveAttribute('aria-checked', 'false');
  await root.getByRole('button', { name: 'Next' }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 10' })).toBeVisible();
});

for (const colorScheme of ['light', 'dark']) {
  test(`no accessibility violations at the intro, a question and the result (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/site/plain.html');
    const root = widget(page);
    const scan = async (where) => {
      // Let the step's entry animation finish, so colours are measured as the reader sees them.
      await widget(page).evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
      const { violations } = await new AxeBuilder({ page }).include('#quiz').analyze();
      expect(violations.map((v) => `${where}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)).toEqual([]);
    };
    await expect(root.locator('.tq-first')).toBeVisible();
    await scan('intro');
    await choose(root, quiz.questions[0], 'founder');
    await expect(root.getByRole('heading', { level: 2 })).toHaveText(quiz.questions[1].prompt);
    await scan('question');
    await page.goto('/site/plain.html');
    await answerByMouse(widget(page), quiz, FOUNDER);
    await expect(widget(page).locator('.tq-result')).toBeVisible();
    await scan('result');
  });
}

test('the theme attribute wins over the system setting', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/site/themes.html');
  const background = (host) =>
    widget(page, host).evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect(widget(page, '#dark')).toBeVisible();
  await expect.poll(() => background('#dark')).toBe('rgb(23, 25, 28)');
  await expect.poll(() => background('#light')).toBe('rgb(255, 255, 255)');
  await expect.poll(() => background('#auto')).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => background('#auto')).toBe('rgb(23, 25, 28)');
  await expect.poll(() => background('#light')).toBe('rgb(255, 255, 255)');
  // A page that marks its own theme on <html> is followed, and watched.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await expect.poll(() => background('#auto')).toBe('rgb(23, 25, 28)');
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await expect.poll(() => background('#auto')).toBe('rgb(23, 25, 28)');
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
  await expect.poll(() => background('#auto')).toBe('rgb(255, 255, 255)');
  await expect.poll(() => background('#dark')).toBe('rgb(23, 25, 28)');
});

test.describe('at 320 pixels wide', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  /** Goes through every question `q` shows a reader who always picks the longest choice
   * (found by its text: the quiz may shuffle them), checking nothing overflows. */
  const stepThrough = async (page, q) => {
    const root = widget(page);
    const check = async (where) => {
      const overflow = await horizontalOverflow(page);
      expect(overflow.overflowing, `${where}: elements past the edge`).toEqual([]);
      expect(overflow.pageWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(overflow.viewport);
    };
    const longest = Object.fromEntries(q.questions.map((question) =>
      [question.id, question.choices.reduce((a, b) => (b.text.length > a.text.length ? b : a)).id]));
    await expect(root.locator('.tq-first')).toBeVisible();
    await check('intro');
    for (const [step, question] of shownQuestions(q, longest).entries()) {
      await expect(root.locator('.tq-prompt')).toHaveText(question.prompt);
      await check(`question ${step + 1}`);
      await choose(root, question, longest[question.id]);
    }
    await root.locator('.tq-see-result').click();
    await expect(root.locator('.tq-result')).toBeVisible();
    await check('result');
  };

  test('a 30-question quiz with very long texts never overflows', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/site/long.html');
    const long = readQuiz('tests/pages/quizzes/long.json');
    expect(shownQuestions(long, {})).toHaveLength(30);
    await stepThrough(page, long);
  });

  test('a right-to-left quiz lays out from the right and never overflows', async ({ page }) => {
    await page.goto('/site/rtl.html');
    const root = widget(page);
    await expect(root).toHaveAttribute('dir', 'rtl');
    await expect(root).toHaveAttribute('lang', 'ar');
    const [mark, text] = await Promise.all([
      root.locator('.tq-choice-mark').first().boundingBox(),
      root.locator('.tq-choice-text').first().boundingBox(),
    ]);
    expect(mark.x, 'the choice mark sits at the right, before the text in reading order').toBeGreaterThan(text.x);
    const align = await root.locator('.tq-prompt').evaluate((el) => getComputedStyle(el).direction);
    expect(align).toBe('rtl');
    await page.goto('/site/rtl.html');
    await stepThrough(page, readQuiz('tests/pages/quizzes/rtl.ar.json'));
  });

  test('the Spanish quiz shows no English and never overflows', async ({ page }) => {
    await page.goto('/site/spanish.html');
    const root = widget(page);
    const spanish = readQuiz('quizzes/four-transitions.es.json');
    await expect(root.locator('.tq-title')).toHaveText(spanish.title);
    await expect(root).toHaveAttribute('lang', 'es');
    await stepThrough(page, spanish);
    await expect(root.locator('.tq-retake')).toHaveText(spanish.ui.retake);
    const text = await root.innerText();
    for (const english of ['Retake', 'Your next steps', 'Read next', 'Why it matters', 'Question ']) {
      expect(text, `no "${english}" in the Spanish result`).not.toContain(english);
    }
  });
});

test.describe('screenshots for the README', () => {
  // Each screenshot is taken only once the view it shows is checked: the theme's background,
  // the view's own heading, and nothing wider than the screen. They are written to
  // target/screenshots/; `make screenshots` copies them into docs/.
  const dark = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, value) => sum + Number(value), 0) < 3 * 80;
  for (const width of [375, 1280]) {
    for (const colorScheme of ['light', 'dark']) {
      test(`${width}px ${colorScheme}`, async ({ page }) => {
        const dir = new URL('../../target/screenshots/', import.meta.url).pathname;
        mkdirSync(dir, { recursive: true });
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        await page.goto('/demo/index.html');
        // The widget sits below the fold and loads as it comes near the viewport.
        await page.locator('[data-transition-quiz]').scrollIntoViewIfNeeded();
        const root = page.locator(`[data-transition-quiz] ${WIDGET}`);
        const shoot = async (name, heading) => {
          await expect(root.getByRole('heading', { level: 2 }).first()).toHaveText(heading);
          const background = await root.evaluate((el) => getComputedStyle(el).backgroundColor);
          expect(dark(background), `${name}: ${background} in the ${colorScheme} theme`).toBe(colorScheme === 'dark');
          const { pageWidth, viewport } = await horizontalOverflow(page, '[data-transition-quiz]');
          expect(pageWidth, `${name}: nothing wider than the screen`).toBeLessThanOrEqual(viewport);
          await root.screenshot({ path: `${dir}${name}-${width}-${colorScheme}.png` });
        };
        await expect(root.locator('.tq-first')).toBeVisible();
        await shoot('intro', quiz.title);
        const picks = { stage: 'new-manager', hardest: 'management' };
        await choose(root, quiz.questions[0], picks.stage);
        await choose(root, quiz.questions[1], picks.hardest);
        await root.locator('.tq-choice').first().hover();
        await shoot('question', shownQuestions(quiz, picks)[2].prompt);
        // The demo saves progress: start the second visit afresh.
        await page.evaluate(() => localStorage.clear());
        await page.goto('/demo/index.html');
        await page.locator('[data-transition-quiz]').scrollIntoViewIfNeeded();
        await answerByMouse(page.locator(`[data-transition-quiz] ${WIDGET}`), quiz, FOUNDER);
        await shoot('result', outcome(expectedResult(quiz, FOUNDER).gap).label);
      });
    }
  }
});
