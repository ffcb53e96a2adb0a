// Charts that survive any brand colour (issue 21, point 4): whatever --tq-accent a site owner
// sets, in the light and the dark theme, the readers chart's two series ("said" and "showed")
// and the result chart's gap against the other outcomes stay distinguishable. Measured on the
// colours the browser computes: each series against the widget's background (WCAG's 3:1 for
// graphics), the series against each other (a colour difference, CIE76 ΔE in CIELAB, of at
// least 25: well past "clearly different" at about 10), and a cue that is not colour (the
// "said" bar is thinner). The formulas are written out here, from the WCAG and CIE
// definitions, not taken from the widget.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

const SERVER = 'http://127.0.0.1:4175';
const quiz = readQuiz('quizzes/four-transitions.en.json');
const { answers, expected } = readPersonas().find((p) => p.id === 'manager-still-super-seller');
/** The accent of the README's theming example. */
const README_ACCENT = /--tq-accent:\s*(#[0-9a-f]{6})/i.exec(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'))[1];
/** Brand colours: the default, the README's, the brown the issue found (#7a2e0e), the gap
 * colours themselves, black, white, and a spread of hues and lightness. */
const ACCENTS = [null, README_ACCENT, '#7a2e0e', '#a33a12', '#ffa982', '#000000', '#ffffff', '#1c2024', '#eceef1', '#17602a', '#6b21a8', '#e11d48', '#facc15', '#0891b2'];

// ---- Colour arithmetic, from the definitions ----------------------------------------------

/** "rgb(r, g, b)" or "rgba(r, g, b, a)" as [r, g, b] (0-255). */
const rgb = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);
const linear = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
/** WCAG 2 relative luminance. */
const luminance = (colour) => { const [r, g, b] = colour.map(linear); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
/** WCAG 2 contrast ratio. */
const contrast = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
/** CIELAB (D65) of an sRGB colour. */
function lab(colour) {
  const [r, g, b] = colour.map(linear);
  const xyz = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883];
  const [fx, fy, fz] = xyz.map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116));
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
/** CIE76 colour difference. */
const deltaE = (a, b) => { const [p, q] = [lab(a), lab(b)]; return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]); };

test('the arithmetic is right: known contrast ratios and differences', () => {
  expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
  expect(contrast([119, 119, 119], [255, 255, 255])).toBeCloseTo(4.48, 2); // #777 on white, the classic near miss
  expect(deltaE([255, 255, 255], [0, 0, 0])).toBeCloseTo(100, 1);
  expect(lab([255, 0, 0]).map(Math.round)).toEqual([53, 80, 67]);
});

test('the readers chart and the result chart stay readable and distinct under any accent, light and dark', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route(`${SERVER}/api/v1/**`, (route) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    if (!route.request().url().includes('/summary/')) return route.fulfill({ status: 204, headers: cors });
    const shares = (values) => ({ ...Object.fromEntries(quiz.outcomes.map((o, idx) => [o.id, values[idx]])), none: 10 });
    const summary = { quiz: quiz.id, enough: true, minimum: 1, completions: 40, outcomes: shares([10, 40, 30, 10]), hardest: shares([5, 15, 30, 40]), stages: shares([0, 0, 0, 0]), saidVsShown: {} };
    return route.fulfill({ status: 200, headers: cors, contentType: 'application/json', body: JSON.stringify(summary) });
  });
  await page.goto('/site/readers.html');
  const root = widget(page);
  await answerByMouse(root, quiz, answers);
  await expect(root.locator('.tq-result')).toHaveAttribute('data-outcome', expected);
  await expect(root.locator('.tq-readers .tq-said')).toHaveCount(quiz.outcomes.length);

  const failures = [];
  for (const theme of ['light', 'dark']) {
    // The widget follows the page's theme mark (its data-theme is auto).
    await page.evaluate((theme) => { document.documentElement.dataset.theme = theme; }, theme);
    await expect(root).toHaveAttribute('data-theme', theme);
    for (const accent of ACCENTS) {
      await page.evaluate((accent) => {
        const host = document.querySelector('#quiz');
        if (accent) host.style.setProperty('--tq-accent', accent); else host.style.removeProperty('--tq-accent');
      }, accent);
      const seen = await root.evaluate((widget) => {
        const fill = (selector) => getComputedStyle(widget.querySelector(selector)).fill;
        const height = (selector) => widget.querySelector(selector).getBoundingClientRect().height;
        const scores = '.tq-chart:not(.tq-readers-chart)';
        return {
          background: getComputedStyle(widget).backgroundColor,
          said: fill('.tq-readers .tq-said .tq-bar-fill'),
          shown: fill('.tq-readers .tq-shown .tq-bar-fill'),
          gap: fill(`${scores} .tq-bar-gap .tq-bar-fill`),
          other: fill(`${scores} .tq-bar:not(.tq-bar-gap):not(.tq-bar-untested) .tq-bar-fill`),
          saidHeight: height('.tq-readers .tq-said .tq-bar-svg'),
          shownHeight: height('.tq-readers .tq-shown .tq-bar-svg'),
        };
      });
      const where = `${theme}, accent ${accent || 'default'}`;
      const [background, said, shown, gap, other] = [seen.background, seen.said, seen.shown, seen.gap, seen.other].map(rgb);
      for (const [name, colour] of [['said', said], ['showed', shown], ['gap', gap], ['other scores', other]]) {
        const ratio = contrast(colour, background);
        if (ratio < 3) failures.push(`${where}: the ${name} bars ${colour} have a contrast of ${ratio.toFixed(2)} with the background ${background}`);
      }
      const series = deltaE(said, shown);
      if (series < 25) failures.push(`${where}: "said" ${said} and "showed" ${shown} differ by ΔE ${series.toFixed(1)}`);
      const scores = deltaE(gap, other);
      if (scores < 25) failures.push(`${where}: the gap ${gap} and the other scores ${other} differ by ΔE ${scores.toFixed(1)}`);
      if (!(seen.saidHeight <= 0.6 * seen.shownHeight)) failures.push(`${where}: "said" bars are ${seen.saidHeight}px high, "showed" ${seen.shownHeight}px`);
    }
  }
  expect(failures).toEqual([]);
});
