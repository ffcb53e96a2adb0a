// The site owner's contract, end to end: style isolation on a hostile theme, several
// widgets per page, lazy loading, a strict Content-Security-Policy sent by the server,
// failures that stay inside their widget, and the events a page hears.
import { test, expect } from '@playwright/test';
import { addHostLater, choose, countWasmInstances, picksAt, progressText, readQuiz, sameRandom, shownQuestions, widget, expectFirstScreen } from './helpers.mjs';

const builtIn = readQuiz('quizzes/four-transitions.en.json');

const CDN = 'http://127.0.0.1:4174';
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const STRICT_WITH_CDN =
  `default-src 'self'; script-src 'self' ${CDN} 'wasm-unsafe-eval'; style-src 'self' ${CDN}; connect-src 'self' ${CDN}`;

/** Pixel differences between two PNG screenshots, counted in the browser. */
async function differingPixels(page, first, second) {
  return page.evaluate(async ([a, b]) => {
    const load = (data) => new Promise((resolve) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.src = `data:image/png;base64,${data}`;
    });
    const [imageA, imageB] = await Promise.all([load(a), load(b)]);
    if (imageA.width !== imageB.width || imageA.height !== imageB.height) {
      return { sizes: [`${imageA.width}x${imageA.height}`, `${imageB.width}x${imageB.height}`], differing: Infinity };
    }
    const pixels = (image) => {
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return context.getImageData(0, 0, image.width, image.height).data;
    };
    const [pa, pb] = [pixels(imageA), pixels(imageB)];
    let differing = 0;
    for (let i = 0; i < pa.length; i += 4) {
      if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 24) differing++;
    }
    return { sizes: [`${imageA.width}x${imageA.height}`], differing };
  }, [first.toString('base64'), second.toString('base64')]);
}

/** Computed styles of the host page's own elements, to check the widget leaks nothing. */
const pageStyles = (page) =>
  page.evaluate(() => [...document.querySelectorAll('article, article *')].map((el) => {
    const style = getComputedStyle(el);
    return `${el.tagName}: ${style.color} ${style.fontSize} ${style.fontFamily} ${style.padding} ${style.display} ${style.boxSizing}`;
  }));

test('a hostile blog theme changes nothing in the widget, and the widget nothing in the page', async ({ page, browser }) => {
  const shots = {};
  for (const kind of ['calm', 'hostile']) {
    const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, reducedMotion: 'reduce' });
    // The same seed on both pages, so a shuffled question shows its choices in the same order.
    await sameRandom(context);
    const tab = await context.newPage();
    await tab.goto(`/site/${kind}.html`);
    const root = widget(tab);
    await expect(root.locator('.tq-first')).toBeVisible();
    shots[`${kind} intro`] = await root.screenshot({ animations: 'disabled' });
    const picks = picksAt(builtIn, 1);
    for (const question of shownQuestions(builtIn, picks).slice(0, 2)) await choose(root, question, picks[question.id]);
    shots[`${kind} question`] = await root.screenshot({ animations: 'disabled' });
    await context.close();
  }
  for (const step of ['intro', 'question']) {
    const diff = await differingPixels(page, shots[`calm ${step}`], shots[`hostile ${step}`]);
    expect(diff, `${step}: the widget looks the same on both pages`).toEqual({ sizes: [diff.sizes[0]], differing: 0 });
  }

  // The page's own elements look the same with the widget as without it.
  await page.route('**/widget/embed.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.goto('/site/hostile.html');
  const without = await pageStyles(page);
  await page.unroute('**/widget/embed.js');
  await page.goto('/site/hostile.html');
  await expect(widget(page).locator('.tq-first')).toBeVisible();
  expect(await pageStyles(page)).toEqual(without);
});

test('three widgets on one page keep their own quizzes, themes, state and events', async ({ page }) => {
  await page.goto('/site/many.html');
  const [first, second, third] = ['#first', '#second', '#third'].map((host) => widget(page, host));
  const spanish = readQuiz('quizzes/four-transitions.es.json');
  await expect(first.locator('.tq-title')).toHaveText('Which climb is your mindset gap?');
  await expect(second.locator('.tq-title')).toHaveText(spanish.title);
  await expect(third.locator('.tq-title')).toHaveText('An inline quiz');
  await expect(first).toHaveAttribute('data-theme', 'dark');
  await expect(second).toHaveAttribute('data-theme', 'light');
  await expect(third).toHaveAttribute('data-theme', 'auto');

  const [stage, next] = builtIn.questions;
  const chosen = { [stage.id]: stage.choices[2].id };
  await choose(first, stage, chosen[stage.id]);
  await third.getByRole('radio', { name: 'Choose B' }).click();
  await third.locator('.tq-see-result').click();
  await expect(third.locator('.tq-result')).toHaveAttribute('data-outcome', 'b');
  await expect(first.locator('.tq-progress-text')).toHaveText(progressText(builtIn, chosen, next));
  await expect(second.locator('.tq-first')).toBeVisible();

  const events = await page.evaluate(() => window.quizEvents);
  const seen = (host) => events.filter((e) => e.host === host).map((e) => e.type.replace('transition-quiz:', ''));
  expect(seen('first')).toEqual(['ready', 'start', 'answer']);
  expect(seen('second')).toEqual(['ready']);
  expect(seen('third')).toEqual(['ready', 'start', 'answer', 'complete']);
  expect(events.every((e) => e.composed)).toBe(true);

  const detail = (host, type) => events.find((e) => e.host === host && e.type === `transition-quiz:${type}`).detail;
  expect(detail('first', 'answer')).toEqual({ quiz: 'first', questionId: stage.id, choiceId: chosen[stage.id], step: 1 });
  expect(detail('second', 'ready')).toEqual({ quiz: 'four-transitions-es' });
  expect(detail('third', 'complete')).toEqual({
    quiz: 'third', outcomeId: 'b', clearGap: true, scores: { a: 0, b: 100 }, hardest: null, stage: null, furtherUp: null,
  });

  // Only the host that asked for it pushes to the dataLayer.
  const layer = await page.evaluate(() => window.dataLayer);
  expect(layer.map((entry) => entry.event)).toEqual(['transition-quiz:ready', 'transition-quiz:start', 'transition-quiz:answer']);
  expect(layer[2]).toEqual({ event: 'transition-quiz:answer', quiz: 'first', questionId: stage.id, choiceId: chosen[stage.id], step: 1 });
});

test('a widget below the fold loads nothing until the reader scrolls near it', async ({ page }) => {
  const requests = [];
  const isIcon = (path) => path.endsWith('favicon.svg'); // The page's, not the widget's.
  page.on('request', (request) => isIcon(new URL(request.url()).pathname) || requests.push(new URL(request.url()).pathname));
  await page.goto('/site/lazy.html');
  await page.waitForLoadState('networkidle');
  expect(requests).toEqual(['/site/lazy.html', '/site/page.css', '/widget/embed.js']);
  await expect(page.locator('#quiz')).not.toHaveAttribute('data-transition-quiz-state', /./);

  await page.locator('#quiz').scrollIntoViewIfNeeded();
  await expect(widget(page).locator('.tq-first')).toBeVisible();
  expect(requests).toEqual(expect.arrayContaining(['/widget/transition-quiz.js', '/widget/transition-quiz_bg.wasm']));
  // The stylesheet comes inside embed.js (widget.css is for browsers without constructed
  // stylesheets), and the widget is styled: its card has a border.
  expect(requests).not.toContain('/widget/widget.css');
  expect(await widget(page).evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
});

test('TransitionQuiz.load mounts hosts added later and unmount restores the fallback', async ({ page }) => {
  await countWasmInstances(page);
  await page.goto('/site/plain.html');
  await expect(widget(page).locator('.tq-first')).toBeVisible();
  await addHostLater(page, 'later', { 'data-transition-quiz': 'later' }, '<a href="/later">Later fallback</a>');
  await expect(widget(page, '#later').locator('.tq-first')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Later fallback' })).toBeHidden();
  expect(await page.evaluate(() => window.wasmInstances)).toBe(2);
  await page.evaluate(() => window.TransitionQuiz.unmount(document.getElementById('later')));
  await expect(page.getByRole('link', { name: 'Later fallback' })).toBeVisible();
  await expect(widget(page, '#later')).toHaveCount(0);
  await expect(widget(page).locator('.tq-first')).toBeVisible(); // The other widget is untouched.

  // Mounting again reuses the freed wasm instance instead of creating another.
  await page.evaluate(() => window.TransitionQuiz.load());
  await expect(widget(page, '#later').locator('.tq-first')).toBeVisible();
  await expectFirstScreen(widget(page, '#later'), builtIn);
  expect(await page.evaluate(() => window.wasmInstances), 'no new instance for the remount').toBe(2);
});

for (const [name, path, policy] of [
  ['the same origin', '/site/csp.html', STRICT],
  ['a CDN origin the policy allows', '/site/csp-cdn.html', STRICT_WITH_CDN],
]) {
  test(`works under a strict Content-Security-Policy with assets from ${name}`, async ({ page }) => {
    const problems = [];
    page.on('console', (message) => /Content.Security.Policy|Refused/i.test(message.text()) && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    const response = await page.goto(`${path}?csp=${encodeURIComponent(policy)}`);
    expect(response.headers()['content-security-policy']).toBe(policy);
    for (const host of ['#quiz', '#inline']) {
      await expect(widget(page, host).locator('.tq-first')).toBeVisible();
    }
    await widget(page, '#inline').getByRole('radio', { name: 'Choose A' }).click();
    await widget(page, '#inline').locator('.tq-see-result').click();
    await expect(widget(page, '#inline').locator('.tq-result')).toHaveAttribute('data-outcome', 'a');
    // The widget's styles applied: its card has a border and padding from widget.css.
    expect(await widget(page).evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe('solid');
    expect(problems).toEqual([]);
  });
}

test('a policy without the widget origin keeps the fallback and breaks nothing else', async ({ page }) => {
  await page.goto(`/site/csp-cdn.html?csp=${encodeURIComponent(STRICT)}`);
  await expect(page.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('failures stay inside their widget: a message, Retry, the fallback, an event and details for the owner', async ({ page }) => {
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto('/site/broken.html');

  // 404: the file is not there; trying again would not help (more in owner-errors.spec.mjs).
  const missing = widget(page, '#missing');
  await expect(missing.getByRole('alert')).toHaveText(/its file was not found/);
  await expect(missing.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Fallback 1' })).toBeVisible();

  // Not JSON, and not a valid quiz: no Retry (it would fail the same way).
  for (const [host, fallback] of [['#syntax', 'Fallback 2'], ['#rules', 'Fallback 3']]) {
    await expect(widget(page, host).getByRole('alert')).toHaveText(/its file has mistakes/);
    await expect(widget(page, host).getByRole('button', { name: 'Try again' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: fallback })).toBeVisible();
  }

  // Never answers: times out after data-timeout seconds, is retried once, then offers Retry.
  await expect(widget(page, '#hang').getByRole('button', { name: 'Try again' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('link', { name: 'Fallback 4' })).toBeVisible();

  // The good widget and the rest of the page work.
  await expect(page.getByText('The rest of the page.')).toBeVisible();
  await expectFirstScreen(widget(page, '#good'), builtIn);
  await expect(page.getByRole('link', { name: 'Fallback 5' })).toBeHidden();

  const events = await page.evaluate(() => window.quizEvents.filter((e) => e.type === 'transition-quiz:error'));
  const kinds = Object.fromEntries(events.map((e) => [e.host, e.detail.kind]));
  expect(kinds).toEqual({ missing: 'http', syntax: 'invalid', rules: 'invalid', hang: 'network' });
  for (const state of ['missing', 'syntax', 'rules', 'hang']) {
    await expect(page.locator(`#${state}`)).toHaveAttribute('data-transition-quiz-state', 'error');
  }

  // The console tells the site owner exactly what is wrong, with paths.
  const log = errors.join('\n');
  expect(log).toContain('the quiz file at /__status/404 was not found (HTTP 404)');
  expect(log).toMatch(/broken-syntax\.json has 1 problem:\n {2}line 6, column 3: expected a comma \(,\) or a closing \}/);
  expect(log).toContain('broken-rules.json has 3 problems:');
  expect(log).toContain('outcomes[0].links[0].url: "javascript:" links are not allowed');
  expect(log).toContain('outcomes[1].shift: must not be empty');
  expect(log).toContain('questions[0].choices[1].weights: unknown outcome "t9"; the outcomes are "a" and "b"');
  expect(log).toContain('could not fetch the quiz file at /__hang: no answer within 1 seconds');
});

test('Retry loads the quiz once the network is back', async ({ page }) => {
  let fail = true;
  await page.route('**/quizzes/five.json', (route) => (fail ? route.abort('connectionrefused') : route.continue()));
  await page.goto('/site/plain.html');
  await addHostLater(page, 'flaky', { 'data-quiz-src': '/site/quizzes/five.json' });
  const flaky = widget(page, '#flaky');
  await expect(flaky.getByRole('button', { name: 'Try again' })).toBeVisible();
  fail = false;
  await flaky.getByRole('button', { name: 'Try again' }).click();
  await expect(flaky.locator('.tq-first')).toBeVisible();
  await expect(page.locator('#flaky')).toHaveAttribute('data-transition-quiz-state', 'ready');
});

test('mounting and unmounting a widget 60 times does not grow its memory', async ({ page }) => {
  // Every wasm memory the page creates, caught as the glue instantiates the module.
  await page.addInitScript(() => {
    window.wasmMemories = [];
    const instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = function (...args) {
      return instantiate.apply(this, args).then((result) => {
        const instance = result instanceof WebAssembly.Instance ? result : result.instance;
        // The widget's instances (not embed.js's small first-screen module).
        if (instance && instance.exports.mount) window.wasmMemories.push(instance.exports.memory);
        return result;
      });
    };
  });
  await page.goto('/site/plain.html');
  const host = page.locator('#quiz');
  await expect(host).toHaveAttribute('data-transition-quiz-state', 'ready');
  const memory = () => page.evaluate(() => window.wasmMemories.map((m) => m.buffer.byteLength));
  const remount = async () => {
    await page.evaluate(() => window.TransitionQuiz.unmount(document.querySelector('#quiz')));
    await page.evaluate(() => window.TransitionQuiz.load());
    await expect(host).toHaveAttribute('data-transition-quiz-state', 'ready');
  };
  // One remount first. Measured over 80 remounts with the 43-question built-in quiz: 448 KB,
  // then one more 64 KiB page around the 38th (the allocator's free lists settling), then flat.
  // A leak of anything the size of a quiz, a session or a view (tens of KB) would take a page
  // every few remounts; so 60 remounts may add at most one page.
  await remount();
  const settled = await memory();
  expect(settled).toHaveLength(1);
  for (let i = 0; i < 60; i++) await remount();
  // The same instance each time, and its allocator reuses what each unmount freed.
  const after = await memory();
  expect(after).toHaveLength(1);
  expect(after[0] - settled[0]).toBeLessThanOrEqual(64 * 1024);
});
