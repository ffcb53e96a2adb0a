// Reader personas, end to end. The persona table (tests/personas/) was written blind by a
// sales-leadership coach who never saw the weights: who each reader is, their answers, and
// the result a coach would give them. Here the README's rules, written again in JavaScript
// (helpers.mjs), must give every persona that result, and a few personas are completed by
// clicking in Chromium and checked for what a reader sees. All personas are also checked
// natively (crates/quiz-core/src/scoring/tests.rs).
import { test, expect } from '@playwright/test';
import { answerByMouse, expectedResult, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const personas = readPersonas();
const persona = (id) => personas.find((p) => p.id === id);
const outcome = (id) => quiz.outcomes.find((o) => o.id === id);

test('the README rules, written again in JavaScript, give every persona the result the coach expected', () => {
  expect(personas.length).toBeGreaterThanOrEqual(20);
  const got = personas.map(({ id, answers }) => ({ id, gap: expectedResult(quiz, answers).gap }));
  expect(got).toEqual(personas.map(({ id, expected }) => ({ id, gap: expected })));
});

/** The small print under the headline for a persona's result, from the quiz's own strings. */
function strengthLine(result) {
  const template = quiz.ui[result.strength === 'strong' ? 'evidence_strong' : 'evidence_some'];
  return template.replace('{count}', result.pointing[result.gap]).replace('{tested}', result.tested[result.gap]);
}

for (const id of ['new-manager-still-closing', 'cro-head-of-sales-in-title', 'vp-super-closer', 'sales-ops-analyst', 'seasoned-cro-ten-years']) {
  test(`persona "${id}" sees the coach's result, with how strong the evidence is and what was not asked`, async ({ page }) => {
    const { answers, expected, who } = persona(id);
    test.info().annotations.push({ type: 'persona', description: who });
    const result = expectedResult(quiz, answers);
    await page.goto('/site/plain.html');
    const root = widget(page);
    await answerByMouse(root, quiz, answers);
    const view = root.locator('.tq-result');
    await expect(view).toHaveAttribute('data-result', expected ? 'gap' : 'no-clear-gap');
    await expect(view).toHaveAttribute('data-outcome', expected ?? '');
    await expect(view.getByRole('heading', { level: 2 })).toHaveText(expected ? outcome(expected).label : quiz.ui.no_gap_title);
    if (expected) {
      await expect(view.locator('.tq-strength')).toHaveText(strengthLine(result));
      await expect(view.locator('.tq-rung-gap .tq-rung-label')).toHaveText(outcome(expected).short);
    } else {
      await expect(view.locator('.tq-strength')).toHaveCount(0);
      await expect(view.locator('.tq-evidence')).toHaveCount(0);
      await expect(root.getByText(quiz.ui.result_heading, { exact: true })).toHaveCount(0);
    }
    // A climb the reader named as hardest that none of their situations tested is neither
    // confirmed nor denied.
    if (result.hardest && result.tested[result.hardest] === 0) {
      await expect(view.locator('.tq-compare p')).toHaveText(quiz.ui.agreement_untested);
    }
    if (result.closeSecond) {
      await expect(view.locator('.tq-second-title')).toContainText(outcome(result.closeSecond).label);
    }
    // Every climb the reader's situations never tested says so, instead of a 0 that would
    // claim there is nothing to work on there; the others show their score.
    const rows = view.locator('.tq-bars li');
    for (const [idx, o] of quiz.outcomes.entries()) {
      const figure = rows.nth(idx).locator('.tq-bar-figure');
      await expect(figure).toHaveText(result.tested[o.id] === 0 ? quiz.ui.untested : String(result.scores[o.id]));
    }
    const read = view.locator('.tq-chart .tq-sr-only li');
    for (const [idx, o] of quiz.outcomes.entries()) {
      if (result.tested[o.id] === 0) {
        await expect(read.nth(idx)).toHaveText(quiz.ui.score_untested.replace('{label}', o.short));
      }
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
  const { answers } = persona('seasoned-cro-ten-years');
  await answerByMouse(root, quiz, answers);
  await expect(root.locator('.tq-result')).toHaveAttribute('data-result', 'no-clear-gap');
  await expect.poll(() => page.evaluate(() => window.completes.length)).toBe(1);
  const [detail] = await page.evaluate(() => window.completes);
  const hardest = quiz.questions.find((q) => q.role === 'hardest').choices.find((c) => c.id === answers.hardest).outcome;
  expect(detail).toEqual({
    quiz: 'four-transitions', outcomeId: null, clearGap: false, hardest, stage: 'officer', furtherUp: null,
    scores: { profession: 0, management: 0, 'leading-leaders': 0, officer: 0 },
  });

  await root.getByRole('button', { name: 'Share', exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.shared.length)).toBe(1);
  expect((await page.evaluate(() => window.shared))[0].text).toBe(quiz.ui.share_text_no_gap);

  await root.getByRole('button', { name: 'Copy link' }).click();
  await expect(root.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const friend = await (await browser.newContext()).newPage();
  await friend.goto(link);
  const theirs = widget(friend).locator('.tq-result');
  // Shared, the result is someone else's: "their answers" (tests/e2e/shared.spec.mjs).
  await expect(theirs.getByRole('heading', { level: 2 })).toHaveText(quiz.ui.shared_no_gap_title);
  await expect(theirs).toHaveAttribute('data-result', 'no-clear-gap');
  await expect(theirs.locator('.tq-shared-note')).toBeVisible();
  await friend.context().close();
});
