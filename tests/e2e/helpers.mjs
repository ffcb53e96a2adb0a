// Shared helpers for the end-to-end tests: finding the widget, answering a quiz, and an
// independent implementation of the documented scoring formula to check results against.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';

/** The widget inside a host's shadow root (Playwright's locators pierce open shadow roots). */
export const widget = (page, host = '#quiz') => page.locator(`${host} .tq-widget`);

/** A quiz file from the repository, parsed. */
export function readQuiz(path) {
  return JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
}

/**
 * The README's formula: per outcome, the weight the chosen answers gave it over the most
 * the answered questions could have given it, as a whole percentage rounded half up.
 * `picks` maps question id to choice id. Returns { scores: {id: n}, likely }.
 */
export function expectedResult(quiz, picks) {
  const scores = {};
  for (const outcome of quiz.outcomes) {
    let weight = 0, most = 0;
    for (const question of quiz.questions) {
      const chosen = question.choices.find((choice) => choice.id === picks[question.id]);
      if (!chosen) continue;
      weight += (chosen.weights || {})[outcome.id] || 0;
      most += Math.max(...question.choices.map((choice) => (choice.weights || {})[outcome.id] || 0));
    }
    scores[outcome.id] = most === 0 ? 0 : Math.floor((200 * weight + most) / (2 * most));
  }
  // Highest score; the lower rung (earlier outcome) wins a tie.
  const likely = quiz.outcomes.reduce((best, o) => (scores[o.id] > scores[best.id] ? o : best), quiz.outcomes[0]);
  return { scores, likely: likely.id };
}

/** Starts the quiz and answers each question by choice text, clicking like a reader. */
export async function answerByMouse(quizWidget, quiz, picks) {
  await quizWidget.locator('.tq-start').click();
  for (const question of quiz.questions) {
    await expect(quizWidget.getByRole('heading', { level: 2 })).toHaveText(question.prompt);
    const choice = question.choices.find((c) => c.id === picks[question.id]);
    await quizWidget.getByRole('button', { name: choice.text, exact: true }).click();
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
