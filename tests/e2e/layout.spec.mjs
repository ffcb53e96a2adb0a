// The result looks right in any column: from 280 to 1400 px wide, at 200 % zoom, left to
// right and right to left. The chart's and ladder's text stays at the scale of the body
// text (the old SVG chart scaled its labels with the column: 28 px beside 16 px text in a
// wide one), nothing spills out of the widget, and no two pieces of text overlap.
// Among the results drawn: the built-in quiz's busiest (a gap, a stronger lean on a later climb
// that rests on it, untested climbs "not asked"), and, since the built-in quiz asks nobody about
// climbs two above their own, a lean further up from its old version (format version 1).
// Also makes the README's screenshots of a no-gap result and of a result in a wide column
// (into target/screenshots/; `make screenshots` copies them into docs/).
import { mkdirSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { addHostLater, answerByMouse, expectedResult, readPersonas, readQuiz, widget } from './helpers.mjs';

const quiz = readQuiz('quizzes/four-transitions.en.json');
const arabic = readQuiz('tests/pages/quizzes/rtl.ar.json');
const oldQuiz = readQuiz('tests/pages/quizzes/four-transitions-v1.json');
const persona = (id) => readPersonas().find((p) => p.id === id).answers;
const oldPersona = (id) => readQuiz('tests/personas/four-transitions-v1.json').personas.find((p) => p.id === id).answers;
const firstChoices = (q) => Object.fromEntries(q.questions.map((question) => [question.id, question.choices[0].id]));

/** A seller who treats selling as a stopgap (strong evidence on the first climb) and wants
 * the manager's job on his own terms (a higher score on the next one): the result names the
 * first climb and adds that the next shows even more strongly. No persona of the built-in
 * quiz gets this line, so these answers are made for it (checked below by expectedResult). */
const STRONGER_LATER = {
  stage: 'seller', hardest: 'management', party: 'for-now', 'lost-deal': 'move-on', 'customer-fit': 'close',
  'spare-month': 'teammate-deals', promotion: 'earned', teammate: 'run-it', onboard: 'cost', 'career-advice': 'management-track',
};

/** Makes the quiz's column exactly `width` CSS pixels wide, whatever the viewport. */
async function setColumn(page, width, host = '#quiz') {
  await page.evaluate(([width, host]) => {
    const main = document.querySelector('main');
    main.style.maxWidth = 'none';
    main.style.padding = '0';
    document.querySelector(host).style.width = `${width}px`;
  }, [width, host]);
}

/**
 * Measures the result as drawn: for each piece of text in the ladder, the chart and the
 * comparison, its font size as rendered (an SVG's scaling included), and every text box
 * that leaves the widget or overlaps another.
 */
function measure(page, host = '#quiz') {
  return widget(page, host).evaluate((root) => {
    const box = root.getBoundingClientRect();
    const renderedSize = (el) => {
      const size = parseFloat(getComputedStyle(el).fontSize);
      // Text inside an SVG is scaled with it: multiply by the SVG's scale on screen.
      const svg = el.closest('svg');
      return svg ? size * svg.getScreenCTM().a : size;
    };
    const hidden = (el) => el.closest('.tq-sr-only') || el.getClientRects().length === 0;
    const texts = [...root.querySelectorAll('.tq-result *')].filter((el) => !hidden(el)
      && [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()));
    const scaled = [...root.querySelectorAll('.tq-rung-label, .tq-badge, .tq-bar-label, .tq-bar-figure, .tq-bar-label text, svg text')]
      .filter((el) => !hidden(el))
      .map((el) => ({ text: el.textContent.trim(), size: renderedSize(el) }));
    const name = (el) => `${el.className.baseVal ?? el.className} "${el.textContent.trim().slice(0, 30)}"`;
    // A text element's own line boxes (not its padding), leaving out visually hidden text.
    const lines = (el) => [...el.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim())
      .flatMap((node) => {
        const range = document.createRange();
        range.selectNodeContents(node);
        return [...range.getClientRects()];
      })
      .filter((r) => r.width > 0 && r.height > 0);
    const outside = texts.filter((el) => lines(el).some((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5))
      .map(name);
    const overlapping = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (texts[i].contains(texts[j]) || texts[j].contains(texts[i])) continue;
        const hit = lines(texts[i]).some((a) => lines(texts[j]).some((b) =>
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1));
        if (hit) overlapping.push(`${name(texts[i])} / ${name(texts[j])}`);
      }
    }
    // The bars of tested outcomes; an untested one has no bar, only "not asked".
    const bars = [...root.querySelectorAll('.tq-bar:not(.tq-bar-untested) .tq-bar-svg')].map((svg) => svg.getBoundingClientRect().width);
    return { body: parseFloat(getComputedStyle(root).fontSize), scaled, outside, overlapping, bars, width: box.width };
  });
}

function expectWellDrawn(m, where) {
  expect(m.scaled.length, `${where}: the chart and ladder have text`).toBeGreaterThan(4);
  for (const { text, size } of m.scaled) {
    expect(size / m.body, `${where}: "${text}" is drawn at ${size.toFixed(1)} px beside ${m.body} px body text`)
      .toBeLessThanOrEqual(1.5);
    expect(m.body / size, `${where}: "${text}" is drawn at ${size.toFixed(1)} px beside ${m.body} px body text`)
      .toBeLessThanOrEqual(1.5);
  }
  expect(m.outside, `${where}: text outside the widget`).toEqual([]);
  expect(m.overlapping, `${where}: overlapping text`).toEqual([]);
  expect(m.bars.length > 0 && m.bars.every((width) => width > 40), `${where}: every bar has room (${m.bars})`).toBe(true);
}

const WIDTHS = [280, 375, 640, 1000, 1400];

test('the answers made for a stronger later climb get one (by the README\'s rules)', () => {
  expect(expectedResult(quiz, STRONGER_LATER)).toEqual(expect.objectContaining({
    gap: 'profession', strongerLater: 'management', strength: 'strong',
  }));
  expect(expectedResult(oldQuiz, oldPersona('job-seller-both'))).toEqual(expect.objectContaining({ gap: 'profession', furtherUp: 'officer' }));
});

for (const [name, path, host, q, picks, shows] of [
  ['left to right', '/site/plain.html', '#quiz', quiz, STRONGER_LATER, '.tq-stronger-later'],
  ['left to right, a lean further up (format version 1)', '/site/plain.html', '#old', oldQuiz, oldPersona('job-seller-both'), '.tq-further-up'],
  ['right to left', '/site/rtl.html', '#quiz', arabic, firstChoices(arabic), '.tq-result'],
]) {
  test(`the result is drawn right in columns from 280 to 1400 px, ${name}`, async ({ page }) => {
    await page.setViewportSize({ width: 1480, height: 900 });
    await page.goto(path);
    if (host !== '#quiz') {
      await addHostLater(page, host.slice(1), { 'data-quiz-src': '/site/quizzes/four-transitions-v1.json', 'data-persist': 'false' });
    }
    await answerByMouse(widget(page, host), q, picks);
    await expect(widget(page, host).locator(shows)).toBeVisible();
    for (const width of WIDTHS) {
      await setColumn(page, width, host);
      await expect.poll(() => widget(page, host).evaluate((el) => Math.round(el.getBoundingClientRect().width))).toBe(width);
      expectWellDrawn(await measure(page, host), `${name} at ${width} px`);
    }
  });
}

test('the result is drawn right at 200 % zoom', async ({ browser }) => {
  // A 1280 px window at 200 % zoom lays out like this: half the CSS pixels, twice the density.
  const context = await browser.newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto('/site/plain.html');
  // A seller with no clear gap: the faint lean, the untested climbs and the next climb's steps.
  await answerByMouse(widget(page), quiz, persona('good-seller-two-small-slips'));
  await expect(widget(page).locator('.tq-result')).toHaveAttribute('data-result', 'no-clear-gap');
  await expect(widget(page).locator('.tq-next')).toBeVisible();
  expectWellDrawn(await measure(page), '200 % zoom');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
  await context.close();
});

test('screenshots: a result with no clear gap, and a result in a wide column', async ({ page }) => {
  const dir = new URL('../../target/screenshots/', import.meta.url).pathname; // `make screenshots` copies them to docs/.
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/site/plain.html');
  await answerByMouse(widget(page), quiz, persona('seasoned-cro-ten-years'));
  await expect(widget(page).locator('.tq-result')).toHaveAttribute('data-result', 'no-clear-gap');
  await widget(page).screenshot({ path: `${dir}result-no-gap-375-light.png` });

  await page.setViewportSize({ width: 1320, height: 900 });
  await page.goto('/site/plain.html');
  await setColumn(page, 1240);
  await answerByMouse(widget(page), quiz, STRONGER_LATER);
  await expect(widget(page).locator('.tq-stronger-later')).toBeVisible();
  await widget(page).screenshot({ path: `${dir}result-wide-1240-light.png` });
});
