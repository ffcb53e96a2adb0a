// The reader's experience, end to end: completing the built-in quiz by mouse and by
// keyboard alone, what the result shows (checked against the documented formula),
// accessibility scans, narrow screens, other languages and right-to-left text, and the
// screenshots the README shows.
import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { WIDGET, answerByMouse, expectedResult, focusedText, horizontalOverflow, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');

/** A manager of sellers who says the officer climb is hardest but answers like a seller. */
const MANAGER = readPersonas().find((persona) => persona.id === 'manager-says-officer').answers;

const outcome = (id) => quiz.outcomes.find((o) => o.id === id);

test('a reader completes the quiz by mouse and the result explains itself', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  await expect(root.getByRole('heading', { name: quiz.title })).toBeVisible();
  await expect(root.getByText('12 questions · about 2 min')).toBeVisible();
  await answerByMouse(root, quiz, MANAGER);

  const expected = expectedResult(quiz, MANAGER);
  const gap = outcome(expected.gap);
  const result = root.locator('.tq-result');
  await expect(result).toHaveAttribute('data-outcome', expected.gap);
  await expect(result).toHaveAttribute('data-result', 'gap');
  await expect(result.getByRole('heading', { level: 2 })).toHaveText(gap.label);
  await expect(result.locator('.tq-shift')).toHaveText(gap.shift);

  // The chart's figures, as text, match the documented formula.
  const figures = quiz.outcomes.map((o) => `${o.short}: ${expected.scores[o.id]} of 100`);
  await expect(result.locator('.tq-chart .tq-sr-only li')).toHaveText(figures);
  // The bars draw the same figures, as text beside each bar and as each bar's length.
  await expect(result.locator('.tq-bar-figure')).toHaveText(quiz.outcomes.map((o) => String(expected.scores[o.id])));
  const widths = await result.locator('.tq-bar-fill').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('width')));
  expect(widths).toEqual(quiz.outcomes.map((o) => String(expected.scores[o.id])));

  // The ladder marks the reader's stage and the gap.
  await expect(result.locator('.tq-rung-here .tq-rung-label')).toHaveText(outcome('leading-leaders').short);
  await expect(result.locator('.tq-rung-gap .tq-rung-label')).toHaveText(gap.short);

  // What the reader said beside what the answers suggest: an earlier climb than she named.
  await expect(result.locator('.tq-compare dd')).toHaveText([outcome('officer').short, gap.short]);
  await expect(result.locator('.tq-compare p')).toHaveText(/point to an earlier climb than the one you named/);
  // The position line agrees with the ladder: the gap is below the rung she is on.
  await expect(result.locator('.tq-position')).toHaveText(/a rung you have already climbed/);

  await expect(result.locator('.tq-actions li')).toHaveText(gap.actions);
  await expect(result.locator('.tq-evidence li')).toHaveCount(3);
  await expect(result.locator('.tq-evidence')).toContainText('Join the next call and lead it myself');

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
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 1 of 12' })).toBeVisible();
  await expect(root.locator('.tq-chosen')).toHaveCount(0);
  expect(navigations).toEqual([]);
});

test('a reader completes the quiz with the keyboard alone', async ({ page }) => {
  await page.goto('/site/plain.html');
  const root = widget(page);
  await expect(root.locator('.tq-start')).toBeVisible();

  // The hidden fallback link is out of the way: the first Tab reaches Start.
  await page.keyboard.press('Tab');
  await expect.poll(() => focusedText(page)).toBe('Start the quiz');
  await page.keyboard.press('Enter');

  for (const [step, question] of quiz.questions.entries()) {
    await expect.poll(() => focusedText(page), { message: 'focus moves to each new question' }).toBe(question.prompt);
    await page.keyboard.press('Tab');
    const target = question.choices.findIndex((choice) => choice.id === MANAGER[question.id]);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedText(page)).toBe(question.choices[target].text);
    await page.keyboard.press(step % 2 ? 'Enter' : 'Space');
  }
  await expect.poll(() => focusedText(page), { message: 'the last answer moves focus to See my result' }).toBe('See my result');
  await page.keyboard.press('Enter');

  const expected = expectedResult(quiz, MANAGER);
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
  await root.locator('.tq-start').click();
  await root.getByRole('radio', { name: quiz.questions[0].choices[1].text }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 12' })).toBeVisible();
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 1 of 12' })).toBeVisible();
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[1].text })).toHaveAttribute('aria-checked', 'true');
  await root.getByRole('radio', { name: quiz.questions[0].choices[3].text }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 12' })).toBeVisible();
  await root.getByRole('button', { name: 'Back' }).click();
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[3].text })).toHaveAttribute('aria-checked', 'true');
  await expect(root.getByRole('radio', { name: quiz.questions[0].choices[1].text })).toHaveAttribute('aria-checked', 'false');
  await root.getByRole('button', { name: 'Next' }).click();
  await expect(root.locator('.tq-progress-text', { hasText: 'Question 2 of 12' })).toBeVisible();
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
    await expect(root.locator('.tq-start')).toBeVisible();
    await scan('intro');
    await root.locator('.tq-start').click();
    await root.locator('.tq-choice').nth(1).click();
    await scan('question');
    await page.goto('/site/plain.html');
    await answerByMouse(widget(page), quiz, MANAGER);
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

  const stepThrough = async (page, expectedSteps) => {
    const root = widget(page);
    const check = async (where) => {
      const overflow = await horizontalOverflow(page);
      expect(overflow.overflowing, `${where}: elements past the edge`).toEqual([]);
      expect(overflow.pageWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(overflow.viewport);
    };
    await expect(root.locator('.tq-start')).toBeVisible();
    await check('intro');
    await root.locator('.tq-start').click();
    for (let step = 1; step <= expectedSteps; step++) {
      await check(`question ${step}`);
      // The last choice: often the longest, and the one furthest down.
      await root.locator('.tq-choice').last().click();
    }
    await root.locator('.tq-see-result').click();
    await expect(root.locator('.tq-result')).toBeVisible();
    await check('result');
  };

  test('a 30-question quiz with very long texts never overflows', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/site/long.html');
    await stepThrough(page, 30);
  });

  test('a right-to-left quiz lays out from the right and never overflows', async ({ page }) => {
    await page.goto('/site/rtl.html');
    const root = widget(page);
    await expect(root).toHaveAttribute('dir', 'rtl');
    await expect(root).toHaveAttribute('lang', 'ar');
    await root.locator('.tq-start').click();
    const [mark, text] = await Promise.all([
      root.locator('.tq-choice-mark').first().boundingBox(),
      root.locator('.tq-choice-text').first().boundingBox(),
    ]);
    expect(mark.x, 'the choice mark sits at the right, before the text in reading order').toBeGreaterThan(text.x);
    const align = await root.locator('.tq-prompt').evaluate((el) => getComputedStyle(el).direction);
    expect(align).toBe('rtl');
    await page.goto('/site/rtl.html');
    await stepThrough(page, readQuiz('tests/pages/quizzes/rtl.ar.json').questions.length);
  });

  test('the Spanish quiz shows no English and never overflows', async ({ page }) => {
    await page.goto('/site/spanish.html');
    const root = widget(page);
    const spanish = readQuiz('quizzes/four-transitions.es.json');
    await expect(root.locator('.tq-start')).toHaveText(spanish.ui.start);
    await expect(root).toHaveAttribute('lang', 'es');
    await stepThrough(page, spanish.questions.length);
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
        await page.goto('/widget/index.html');
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
        await expect(root.locator('.tq-start')).toBeVisible();
        await shoot('intro', quiz.title);
        await root.locator('.tq-start').click();
        await root.locator('.tq-choice').nth(2).click();
        await root.locator('.tq-choice').nth(1).click();
        await root.locator('.tq-choice').nth(0).hover();
        await shoot('question', quiz.questions[2].prompt);
        // The demo saves progress: start the second visit afresh.
        await page.evaluate(() => localStorage.clear());
        await page.goto('/widget/index.html');
        await page.locator('[data-transition-quiz]').scrollIntoViewIfNeeded();
        await answerByMouse(page.locator(`[data-transition-quiz] ${WIDGET}`), quiz, MANAGER);
        await shoot('result', outcome(expectedResult(quiz, MANAGER).gap).label);
      });
    }
  }
});
