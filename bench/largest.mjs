// The benchmark for the largest quiz the format allows (40 questions x 8 choices x 8
// outcomes, every text at its limit), with the CPU slowed 4x: how much longer a reader's page
// takes to be ready with it than with a 5-question quiz loaded the same way (data-quiz-src).
// The difference is what the quiz's size costs: parsing, the reader's bounded validation and
// a larger first render, so it bounds the validation's cost from above (target: under
// 50 ms). Also the authors' exact proof, through TransitionQuiz.validate (the playground's
// path), for comparison, and the reader's check alone, timed directly through a hook of the
// test build (target/dist-test/, the release plus test hooks: the same validation code).
//
//   node bench/largest.mjs [--runs N]     (make bench runs it; needs dist/ and the quiz file
//                                          target/bench/largest.json, written by
//                                          cargo run --release -p quiz-core --example largest-quiz)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'target', 'bench');
const QUIZ = join(OUT, 'largest.json');
const RATE = 4;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
if (!existsSync(QUIZ) || !existsSync(join(ROOT, 'dist', 'embed.js'))) {
  console.error('bench/largest.mjs: build dist/ (make dist) and write target/bench/largest.json first:\n' +
    '  cargo run --release -p quiz-core --example largest-quiz -- target/bench/largest.json');
  process.exit(2);
}
mkdirSync(join(OUT, 'largest-page'), { recursive: true });
for (const [name, src] of [['largest', '/largest/largest.json'], ['small', '/fixtures/five.json']]) {
  writeFileSync(join(OUT, 'largest-page', `${name}.html`), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A quiz by URL</title></head>
<body><div data-transition-quiz id="quiz" data-loading="eager" data-persist="false" data-quiz-src="${src}"></div>
<script src="/widget/embed.js" defer></script></body></html>
`);
}

const { chromium } = await import('playwright');
const { startServer } = await import(join(ROOT, 'scripts', 'serve.mjs'));
const server = await startServer({
  host: '127.0.0.1', port: 0, cors: false,
  mounts: [{ prefix: '/widget/', dir: join(ROOT, 'dist') }, { prefix: '/widget-test/', dir: join(ROOT, 'target', 'dist-test') }, { prefix: '/largest/', dir: OUT }, { prefix: '/page/', dir: join(OUT, 'largest-page') },
    { prefix: '/fixtures/', dir: join(ROOT, 'tests', 'pages', 'quizzes') }],
});
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const readyMs = { largest: [], small: [] };
const proofMs = [];
const checkMs = [];

/** The reader's bounded check alone, in the test build's own instance, on this (4x) page. */
async function readersCheck(page, text) {
  return page.evaluate(async (text) => {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/widget-test/transition-quiz.js';
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
    const instance = self.__transitionQuizGlue();
    await instance({ module_or_path: '/widget-test/transition-quiz_bg.wasm' });
    if (instance.debug_validate_for_reader(text) !== 0) throw new Error('the largest quiz is not valid');
    const t0 = performance.now();
    instance.debug_validate_for_reader(text);
    return performance.now() - t0;
  }, text);
}

/** Milliseconds from navigation to the widget saying ready, on a fresh page at 4x. */
async function timeToReady(name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const host = document.getElementById('quiz');
      if (host && host.getAttribute('data-transition-quiz-state') === 'ready') {
        window.readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-transition-quiz-state'] });
  });
  await page.goto(`${origin}/page/${name}.html`);
  await page.waitForFunction(() => window.readyAt !== undefined, null, { timeout: 60_000 });
  const ready = await page.evaluate(() => window.readyAt);
  return { ready, page, context };
}
try {
  for (let run = 0; run < runs; run++) {
    for (const name of ['small', 'largest']) {
      const { ready, page, context } = await timeToReady(name);
      readyMs[name].push(ready);
      if (name === 'largest') {
        const text = await (await fetch(`${origin}/largest/largest.json`)).text();
        proofMs.push(await page.evaluate(async (text) => {
          await window.TransitionQuiz.validate('{}'); // Loads the checker's instance first.
          const t0 = performance.now();
          await window.TransitionQuiz.validate(text);
          return performance.now() - t0;
        }, text));
        checkMs.push(await readersCheck(page, text));
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
const result = {
  runs, cpuSlowdown: RATE,
  readySmallMs: Math.round(median(readyMs.small)),
  readyLargestMs: Math.round(median(readyMs.largest)),
  largestCostsMs: Math.round(median(readyMs.largest) - median(readyMs.small)),
  readersCheckMs: Math.round(median(checkMs) * 10) / 10,
  authorExactProofMs: Math.round(median(proofMs)),
  samples: { check: checkMs.map((ms) => Math.round(ms * 10) / 10), small: readyMs.small.map(Math.round), largest: readyMs.largest.map(Math.round), proof: proofMs.map(Math.round) },
};
writeFileSync(join(OUT, 'largest.json.result.json'), JSON.stringify(result, null, 2));
console.log(`largest quiz, CPU x${RATE}, median of ${runs}:`);
console.log(`  reader's page ready: 5-question quiz ${result.readySmallMs} ms, largest quiz ${result.readyLargestMs} ms`);
console.log(`  what the largest quiz costs a reader's page (parse + bounded check + larger render): ${result.largestCostsMs} ms (target: validation under 50 ms)`);
console.log(`  the reader's check alone (parse + validation with the bounded reachability search): ${result.readersCheckMs} ms (target: under 50 ms)`);
console.log(`  authors' exact proof (TransitionQuiz.validate, the playground's path): ${result.authorExactProofMs} ms`);
