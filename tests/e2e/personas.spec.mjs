// Reader personas, end to end: a few of the answer sets in tests/personas/ completed by
// clicking in Chromium, each checked for the headline a reader sees and the honest
// no-clear-gap state (its heading, its event for the host page, and its shared link).
// All personas are checked natively too (src/scoring/tests.rs); these are the ones whose
// result looks most different on screen.
import { test, expect } from '@playwright/test';
import { answerByMouse, expectedResult, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const personas = readPersonas();
const persona = (id) => personas.find((p) => p.id === id);
const outcome = (id) => quiz.outcomes.find((o) => o.id === id);

test('the README rules, written again in JavaScript, give every persona its expected result', () => {
  expect(personas.length).toBeGreaterThanOrEqual(10);
  for (const { id, answers, expect: expected } of personas) {
    const result = expectedResult(quiz, answers);
    expect({ id, gap: result.gap, furtherUp: result.furtherUp, closeSecond: result.closeSecond, scores: result.scores })
      .toEqual({ id, gap: expected.gap, furtherUp: expected.furtherUp, closeSecond: expected.closeSecond, scores: expected.scores });
  }
});

/** What the headline must say for a persona: the gap's name, or one of the no-gap titles. */
function headlineFor(expected) {
  if (expected.gap) return outcome(expected.gap).label;
  return expected.furtherUp ? 'No clear gap in the climb you are making now' : 'No clear gap in your answers';
}

for (const id of ['new-manager-closer', 'stopgap-seller', 'quick-win-cro', 'seller-boardroom', 'cro-mature', 'skip-all-mature']) {
  test(`persona "${persona(id).who}" sees the headline worked out by hand`, async ({ page }) => {
    const { answers, expect: expected } = persona(id);
    await page.goto('/site/plain.html');
    const root = widget(page);
    await answerByMouse(root, quiz, answers);
    const result = root.locator('.tq-result');
    await expect(result.getByRole('heading', { level: 2 })).toHaveText(headlineFor(expected));
    await expect(result).toHaveAttribute('data-result', expected.gap ? 'gap' : 'no-clear-gap');
    await expect(result).toHaveAttribute('data-outcome', expected.gap ?? '');
    // The ladder marks the gap the headline names, and nothing when there is none.
    await expect(result.locator('.tq-rung-gap .tq-rung-label')).toHaveText(expected.gap ? [outcome(expected.gap).short] : []);
    if (expected.furtherUp) {
      await expect(result.locator('.tq-further-up')).toContainText(outcome(expected.furtherUp).label);
      await expect(result.locator('.tq-rung-further .tq-rung-label')).toHaveText(outcome(expected.furtherUp).short);
    } else {
      await expect(result.locator('.tq-further-up')).toHaveCount(0);
    }
    if (expected.next?.startsWith('stage:')) {
      await expect(result.locator('.tq-next-heading')).toHaveText(`The climb in front of you: ${outcome(expected.next.slice(6)).label}`);
    }
    if (expected.next === 'browse') {
      await expect(result.locator('.tq-next-heading')).toHaveText('Where to look next');
      await expect(result.locator('.tq-shifts dt')).toHaveText(quiz.outcomes.map((o) => o.label));
    }
    // A screen reader hears the same small heading as the screen shows: never "Your likely
    // mindset gap" when the answers show none.
    const key = expected.gap ? 'result_heading' : 'no_gap_heading';
    const eyebrow = quiz.ui[key] ?? readQuiz('quiz.schema.json').properties.ui.properties[key].default;
    await expect(result.locator('.tq-eyebrow')).toHaveText(eyebrow);
    await expect(root.locator('[aria-live]')).toHaveText(eyebrow);
    if (!expected.gap) {
      await expect(result.locator('.tq-evidence')).toHaveCount(0);
      await expect(root.getByText('Your likely mindset gap')).toHaveCount(0);
    }
  });
}

test('a result with no clear gap tells the host page so, and its shared link reopens it', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    window.completes = [];
    document.addEventListener('transition-quiz:complete', (event) => window.completes.push(event.detail));
    window.shared = [];
    navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
  });
  await page.goto('/site/plain.html');
  const root = widget(page);
  const { answers } = persona('cro-mature');
  await answerByMouse(root, quiz, answers);
  await expect(root.locator('.tq-result')).toHaveAttribute('data-result', 'no-clear-gap');
  await expect.poll(() => page.evaluate(() => window.completes.length)).toBe(1);
  const [detail] = await page.evaluate(() => window.completes);
  expect(detail).toEqual({
    quiz: 'four-transitions', outcomeId: null, clearGap: false, hardest: 'officer', stage: 'officer', furtherUp: null,
    scores: { profession: 0, management: 0, 'leading-leaders': 0, officer: 0 },
  });

  await root.getByRole('button', { name: 'Share', exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.shared.length)).toBe(1);
  expect((await page.evaluate(() => window.shared))[0].text).toBe('My answers showed no clear mindset gap');

  await root.getByRole('button', { name: 'Copy link' }).click();
  await expect(root.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  const theirs = widget(friend).locator('.tq-result');
  await expect(theirs.getByRole('heading', { level: 2 })).toHaveText('No clear gap in your answers');
  await expect(theirs).toHaveAttribute('data-result', 'no-clear-gap');
  await expect(theirs.locator('.tq-shared-note')).toBeVisible();
  await friend.context().close();
});
