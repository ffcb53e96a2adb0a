// Shared helpers for the end-to-end tests: finding the widget, answering a quiz, and an
// independent implementation of the documented scoring formula to check results against.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';

/** The widget inside a host's shadow root (Playwright's locators pierce open shadow roots). */
export const widget = (page, host = '#quiz') => page.locator(`${host} ${WIDGET}`);

/** The widget itself, not embed.js's drawing of its first screen (tests/e2e/early.spec.mjs
 * covers that): a test that took hold of the drawing could find it gone when the widget takes
 * its place. */
export const WIDGET = '.tq-root:not([data-early]) .tq-widget';

/** A quiz file from the repository, parsed. */
export function readQuiz(path) {
  return JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
}

/** The README's threshold: a score below it is not a gap. */
export const MIN_GAP_SCORE = 25;
/** The README's reach: a gap may lead the result up to this many climbs above the stage. */
export const REACH = 1;
/** The README's margin for a close second. */
export const CLOSE_MARGIN = 10;

/** The README's evidence rules (format version 2): answers that must point to an outcome
 * before it can be named, and what makes the evidence strong. */
export const MIN_EVIDENCE = 2;
export const STRONG_ANSWERS = 3;
export const STRONG_SCORE = 50;

/**
 * The README's rules, written again here so the tests check the widget against the
 * documentation rather than against itself. Only the questions the reader is shown count.
 * Per outcome: the weight the chosen answers gave it over the most the answered questions
 * could have given it, as a whole percentage rounded half up, and how many answers gave it
 * weight (`pointing`) out of how many questions could have (`tested`). An outcome is clear
 * from MIN_GAP_SCORE and (version 2) MIN_EVIDENCE answers; strong from STRONG_ANSWERS
 * answers and STRONG_SCORE. The gap is the highest clear score within REACH climbs of the
 * stage (the lower rung on a tie), or, in version 2, the lowest strong rung below it; null
 * when nothing within reach is clear; a clear score beyond reach is `furtherUp`.
 * `picks` maps question id to choice id.
 */
export function expectedResult(quiz, picks) {
  const scores = {}, pointing = {}, tested = {};
  let stage = null, hardest = null;
  const shown = quiz.questions.filter((question) => isShown(quiz, question, picks));
  for (const question of shown) {
    const chosen = question.choices.find((choice) => choice.id === picks[question.id]);
    if (chosen && question.role === 'stage') stage = chosen.outcome ?? null;
    if (chosen && question.role === 'hardest') hardest = chosen.outcome ?? null;
  }
  for (const outcome of quiz.outcomes) {
    let weight = 0, most = 0;
    pointing[outcome.id] = 0;
    tested[outcome.id] = 0;
    for (const question of shown) {
      const chosen = question.choices.find((choice) => choice.id === picks[question.id]);
      if (!chosen) continue;
      const given = (chosen.weights || {})[outcome.id] || 0;
      const could = Math.max(...question.choices.map((choice) => (choice.weights || {})[outcome.id] || 0));
      weight += given;
      most += could;
      if (given > 0) pointing[outcome.id] += 1;
      if (could > 0) tested[outcome.id] += 1;
    }
    scores[outcome.id] = most === 0 ? 0 : Math.floor((200 * weight + most) / (2 * most));
  }
  const version2 = quiz.version >= 2;
  const ids = quiz.outcomes.map((o) => o.id);
  const rung = (id) => ids.indexOf(id);
  const inReach = (id) => stage === null || rung(id) <= rung(stage) + REACH;
  const isClear = (id) => scores[id] >= MIN_GAP_SCORE && pointing[id] >= (version2 ? MIN_EVIDENCE : 1);
  const isStrong = (id) => isClear(id) && pointing[id] >= STRONG_ANSWERS && scores[id] >= STRONG_SCORE;
  // The highest score among `ids`, the earlier (lower) rung winning a tie; null for none.
  const best = (list) => list.reduce((top, id) => (top === null || scores[id] > scores[top] ? id : top), null);
  const clear = ids.filter(isClear);
  const top = best(clear.filter(inReach));
  const root = version2 && top !== null ? ids.slice(0, rung(top)).find((id) => isStrong(id) && inReach(id)) : undefined;
  const gap = root ?? top;
  const strongerLater = root ? top : null;
  const furtherUp = best(clear.filter((id) => !inReach(id)));
  const closeSecond = gap === null ? null
    : best(clear.filter((id) => id !== gap && id !== strongerLater && inReach(id)
      && scores[id] <= scores[gap] && scores[gap] - scores[id] <= CLOSE_MARGIN));
  const strength = gap === null ? null : isStrong(gap) ? 'strong' : 'some';
  return { scores, pointing, tested, gap, strongerLater, furtherUp, closeSecond, strength, stage, hardest };
}

/** The reader personas of the built-in quiz (tests/personas/), with their expected results. */
export function readPersonas() {
  return JSON.parse(readFileSync(new URL('../personas/four-transitions.json', import.meta.url), 'utf8')).personas;
}

/**
 * The README's stage-aware questions, written again here: a question with `stages` is shown
 * only to readers whose answer to the stage question is one of them. `picks` maps question
 * id to choice id.
 */
export function isShown(quiz, question, picks) {
  if (!question.stages) return true;
  const stage = quiz.questions.find((q) => q.role === 'stage');
  return Boolean(stage) && question.stages.includes(picks[stage.id]);
}

/** The questions a reader with `picks` is shown, in order. */
export const shownQuestions = (quiz, picks) => quiz.questions.filter((question) => isShown(quiz, question, picks));

/**
 * The README's "Question N of M": M is how many questions the answers so far show; before
 * the stage question is answered, the most that any answer to it would show.
 */
export function questionCount(quiz, picks) {
  const stage = quiz.questions.find((q) => q.role === 'stage');
  if (!stage || picks[stage.id] != null) return shownQuestions(quiz, picks).length;
  return Math.max(...stage.choices.map((choice) => shownQuestions(quiz, { ...picks, [stage.id]: choice.id }).length));
}

/** Expects the first screen of `quiz` on `quizWidget`, as after Retake or Take the quiz: its
 * first question under the intro, nothing chosen, and the live region saying it is the first
 * of the README's count. */
export async function expectFirstScreen(quizWidget, quiz) {
  await expect(quizWidget.locator('.tq-first .tq-prompt')).toHaveText(quiz.questions[0].prompt);
  await expect(quizWidget.locator('.tq-chosen')).toHaveCount(0);
  await expect(quizWidget.locator('[aria-live]')).toHaveText(`Question 1 of ${questionCount(quiz, {})}`);
}

/** The progress line above `question` for a reader who answered `picks` so far. */
export function progressText(quiz, picks, question) {
  const number = shownQuestions(quiz, picks).findIndex((q) => q.id === question.id) + 1;
  return `Question ${number} of ${questionCount(quiz, picks)}`;
}

/** One pick per question: each question's choice at `position` in the file (wrapping). */
export const picksAt = (quiz, position) =>
  Object.fromEntries(quiz.questions.map((q, idx) => [q.id, q.choices[(typeof position === 'function' ? position(idx) : position) % q.choices.length].id]));

/** The text of `question`'s choice `choiceId`. */
export const choiceText = (question, choiceId) => question.choices.find((c) => c.id === choiceId).text;

/** Clicks `question`'s choice `choiceId` by its text, as a reader does: never by position on
 * screen, since a quiz may shuffle its choices per reader. */
export async function choose(quizWidget, question, choiceId) {
  await quizWidget.getByRole('radio', { name: choiceText(question, choiceId), exact: true }).click();
}

/** Answers each question the reader is shown by choice text, clicking like a reader: the
 * first on the first screen, under the quiz's intro. */
export async function answerByMouse(quizWidget, quiz, picks) {
  for (const question of shownQuestions(quiz, picks)) {
    await expect(quizWidget.locator('.tq-prompt')).toHaveText(question.prompt);
    await choose(quizWidget, question, picks[question.id]);
  }
  await quizWidget.getByRole('button', { name: quiz.ui?.see_result || 'See my result' }).click();
}

/** The text of the element that has focus, looking inside shadow roots. */
export async function focusedText(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    return active ? active.textContent.trim() : null;
  });
}

/** Whether the page scrolls sideways, and the widget's right edge. */
export async function horizontalOverflow(page, host = '#quiz') {
  return page.evaluate((host) => {
    const root = document.querySelector(host).shadowRoot.querySelector('.tq-widget');
    const overflowing = [...root.querySelectorAll('*')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > window.innerWidth + 0.5 || box.left < -0.5);
    }).map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class')}`);
    return { pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, overflowing };
  }, host);
}

/**
 * Adds a quiz host to the page after it has loaded, as a single-page site would, and mounts
 * it with TransitionQuiz.load(). `attributes` are set on the host; `fallback` is its content.
 */
export async function addHostLater(page, id, attributes, fallback = '') {
  await page.evaluate(([id, attributes, fallback]) => {
    const host = document.createElement('div');
    host.id = id;
    for (const [name, value] of Object.entries({ 'data-transition-quiz': '', 'data-loading': 'eager', ...attributes })) {
      host.setAttribute(name, value);
    }
    host.innerHTML = fallback;
    document.querySelector('main').append(host);
    window.TransitionQuiz.load();
  }, [id, attributes, fallback]);
}

/** Counts, in `window.wasmInstances`, the widget's wasm instances the page creates from now on
 * (embed.js exposes nothing for this; the glue instantiates through WebAssembly.instantiate).
 * The small module of the first screen's rules that embed.js instantiates once per page is
 * not a widget's (nor does it go through WebAssembly.instantiate). */
export async function countWasmInstances(page) {
  await page.addInitScript(() => {
    window.wasmInstances = 0;
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = function (...args) {
      return instantiate.apply(this, args).then((result) => {
        const instance = result instanceof WebAssembly.Instance ? result : result.instance;
        if (instance.exports.mount) window.wasmInstances += 1;
        return result;
      });
    };
  });
}

/** Makes the browser's random source return the same bytes in every page of `context`, so
 * two readers get the same seed and see shuffled choices in the same order (for tests that
 * compare two pages pixel by pixel). */
export async function sameRandom(context) {
  await context.addInitScript(() => { crypto.getRandomValues = (array) => array.fill(7); });
}
