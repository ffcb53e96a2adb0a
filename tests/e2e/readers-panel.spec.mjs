// "How other readers answered" follows its quiz (issue 21, point 3): what readers said is
// hardest, and the said-and-shown chart, appear only for a quiz that asks which step is
// hardest; every heading and sentence is one of the quiz's `ui` strings (the built-in quiz's
// career wording, the Spanish quiz's Spanish, a quiz on another topic's neutral defaults). The
// results server's summaries are answered by the test (tests/pages/readers.html).
import { test, expect } from '@playwright/test';
import { answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

const SERVER = 'http://127.0.0.1:4175';
const english = readQuiz('quizzes/four-transitions.en.json');
const spanish = readQuiz('quizzes/four-transitions.es.json');
const coffee = readQuiz('tests/pages/quizzes/coffee.json');
/** The neutral defaults of the UI strings, as the schema lists them. */
const DEFAULTS = Object.fromEntries(Object.entries(readQuiz('quiz.schema.json').properties.ui.properties).map(([key, value]) => [key, value.default]));
const { answers } = readPersonas().find((p) => p.id === 'new-manager-still-closing');

/** A summary of 40 readers: each outcome's share of results and of "said hardest" as given. */
function summary(quiz, shown, said) {
  const shares = (values) => ({ ...Object.fromEntries(quiz.outcomes.map((o, idx) => [o.id, values[idx]])), none: 100 - values.reduce((a, b) => a + b, 0) });
  return {
    quiz: quiz.id, enough: true, minimum: 1, completions: 40, starts: 50,
    outcomes: shares(shown), hardest: said ? shares(said) : shares(quiz.outcomes.map(() => 0)),
    stages: shares(quiz.outcomes.map(() => 0)), saidVsShown: {},
  };
}

const SUMMARIES = {
  'four-transitions': summary(english, [10, 40, 30, 10], [5, 15, 30, 45]),
  'four-transitions-es': summary(spanish, [10, 40, 30, 10], [5, 15, 30, 45]),
  coffee: summary(coffee, [50, 30, 20]),
};

test.beforeEach(async ({ page }) => {
  await page.route(`${SERVER}/api/v1/**`, (route) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    const url = route.request().url();
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const key = /\/summary\/([\w-]+)$/.exec(url)?.[1];
    if (key) return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: JSON.stringify(SUMMARIES[key]) });
    return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: '{"stored":true}' });
  });
  await page.goto('/site/readers.html');
});

/** The readers panel of the widget on `host`, once the reader has taken `quiz` with `picks`. */
async function panelAfter(page, host, quiz, picks) {
  const root = widget(page, host);
  await answerByMouse(root, quiz, picks);
  const panel = root.locator('.tq-readers');
  await expect(panel).toBeVisible();
  return panel;
}

test('a quiz that asks no hardest step shows what readers\' answers showed, and nothing of what they said', async ({ page }) => {
  const picks = { morning: 'weighed', cafe: 'beans', 'bad-cup': 'skip', gift: 'grinder' };
  const panel = await panelAfter(page, '#coffee', coffee, picks);
  await expect(panel.getByRole('heading')).toHaveText(DEFAULTS.readers_heading);
  await expect(panel.locator('.tq-readers-caption')).toHaveText(DEFAULTS.readers_outcomes);
  // One bar per outcome, no legend, and the figures as text with the neutral words.
  await expect(panel.locator('.tq-legend')).toHaveCount(0);
  await expect(panel.locator('.tq-said')).toHaveCount(0);
  await expect(panel.locator('.tq-shown')).toHaveCount(coffee.outcomes.length);
  const shares = SUMMARIES.coffee.outcomes;
  await expect(panel.locator('.tq-sr-only li')).toHaveText(coffee.outcomes.map((o) => `${o.short || o.label}: ${shares[o.id]}% of readers`));
  await expect(panel).not.toContainText(/hardest/i);
  await expect(panel.locator('.tq-readers-figures')).toHaveText(`40 readers have taken this quiz. ${shares.purist}% of them got the same result as you.`);
});

test('the built-in quiz sets what readers said beside what their answers showed, in its own words', async ({ page }) => {
  const panel = await panelAfter(page, '#quiz', english, answers);
  await expect(panel.getByRole('heading')).toHaveText(english.ui.readers_heading || DEFAULTS.readers_heading);
  await expect(panel.locator('.tq-readers-caption')).toHaveText(english.ui.readers_chart);
  await expect(panel.locator('.tq-legend span')).toHaveText([english.ui.readers_said || DEFAULTS.readers_said, english.ui.readers_shown || DEFAULTS.readers_shown]);
  const { hardest, outcomes } = SUMMARIES['four-transitions'];
  await expect(panel.locator('.tq-sr-only li')).toHaveText(english.outcomes.map((o) => `${o.short}: ${hardest[o.id]}% said it is hardest, ${outcomes[o.id]}% showed it in their answers`));
  await expect(panel.locator('.tq-readers-note')).toHaveText(english.ui.readers_note);
});

test('the Spanish quiz\'s panel is all in Spanish', async ({ page }) => {
  const panel = await panelAfter(page, '#spanish', spanish, answers);
  const ui = spanish.ui;
  await expect(panel.getByRole('heading')).toHaveText(ui.readers_heading);
  await expect(panel.locator('.tq-readers-caption')).toHaveText(ui.readers_chart);
  await expect(panel.locator('.tq-legend span')).toHaveText([ui.readers_said, ui.readers_shown]);
  const { hardest, outcomes } = SUMMARIES['four-transitions-es'];
  await expect(panel.locator('.tq-readers-figures')).toHaveText(
    `${ui.readers_count.replace('{count}', '40')} ${ui.readers_same.replace('{percent}', String(outcomes.management))}`);
  await expect(panel.locator('.tq-sr-only li')).toHaveText(spanish.outcomes.map((o) => ui.readers_row
    .replace('{label}', o.short).replace('{said}', hardest[o.id]).replace('{shown}', outcomes[o.id])));
  await expect(panel.locator('.tq-readers-note')).toHaveText(ui.readers_note);
  // No English default anywhere in it (each default's longest run of words between its
  // placeholders), the screen readers' figures included.
  const text = await panel.evaluate((el) => el.textContent);
  for (const [key, english] of Object.entries(DEFAULTS).filter(([key]) => key.startsWith('readers_'))) {
    const words = english.split(/\{\w+\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0];
    expect(text, key).not.toContain(words);
  }
});
