#!/usr/bin/env node
// A/B of widget builds: the first question (and, with --result, the result) of two or more
// builds of our widget and of the Preact widget, in one run, page loads interleaved, so that
// the machine's drift hits every build alike. For size and speed work: a change to embed.js
// or the stylesheet is tried by copying dist/ to a folder, editing it there, and comparing.
// Not a test and not the benchmark (bench/run.mjs is); BENCHMARKS.md says what it was used for.
//
//   node bench/ab.mjs [--runs N] [--rate R] [--result] [--profile] NAME=DIR [NAME=DIR...]
//
// --profile samples the main thread's JavaScript (CDP Profiler, every 50 us) from navigation
// to the first question and prints, per build, where the time went: the functions with the
// most self time, averaged over the loads (the instrument's own polling is left out).
//
// Each DIR is a widget folder as dist/ is (embed.js beside its files), served as /widget/
// on its own origin. Needs the comparison bundles of a benchmark run (bench/build/preact,
// made by `make bench` or `node bench/run.mjs`). Times as bench/run.mjs takes them (the same
// in-page instrument, fresh contexts, CPU throttled by CDP); medians [min-max], in ms.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instrument } from './instrument.mjs';
import { buildPages } from './pages/build.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const PAGES_DIR = join(ROOT, 'target', 'bench', 'pages');
const QUIZZES = join(ROOT, 'tests', 'pages', 'quizzes');
const BUILD = join(BENCH, 'build');
const ANSWERS = [0, 1, 2, 0, 1];
const OURS = { host: '#quiz', shadow: true, choice: 'button.tq-choice', prompt: '.tq-prompt', final: 'button.tq-see-result', result: '.tq-result[data-outcome]' };
const PREACT = { host: '#quiz', choice: 'button.pq-choice', prompt: '.pq-prompt', final: 'button.pq-see-result', result: '.pq-result[data-outcome]' };

function fail(message) {
  console.error(`ab: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { runs: 20, rate: 4, result: false, profile: false, builds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--rate') options.rate = Number(argv[++i]);
    else if (arg === '--result') options.result = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/ab.mjs [--runs N] [--rate R] [--result] [--profile] NAME=DIR [NAME=DIR...]');
      process.exit(0);
    } else if (/^[\w.-]+=./.test(arg)) {
      const [name, dir] = [arg.slice(0, arg.indexOf('=')), resolve(arg.slice(arg.indexOf('=') + 1))];
      if (!existsSync(join(dir, 'embed.js'))) fail(`${name}: ${dir} has no embed.js (a widget folder is what make dist writes)`);
      if (options.builds.some((build) => build.name === name)) fail(`${name} is named twice`);
      options.builds.push({ name, dir });
    } else fail(`unknown argument ${arg} (try --help)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 200) fail('--runs needs a whole number from 1 to 200');
  if (!(options.rate >= 1 && options.rate <= 20)) fail('--rate needs a number from 1 to 20');
  if (options.builds.length === 0) fail('name at least one widget folder, as NAME=DIR (for example now=dist)');
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = (values) => `${median(values).toFixed(0)} [${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}]`;

/**
 * Self time (ms) by function, from a CPU profile: each sample's interval goes to the node
 * it landed in. Functions of the instrument (injected, so without a URL) and the profiler's
 * own (program) and (idle) are left out; builtins (fetch, appendChild...) are kept by name.
 */
function selfTime(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = {};
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
    if (['(program)', '(idle)', '(root)', '(garbage collector)'].includes(functionName) && !url) return;
    if (!url && lineNumber >= 0) return; // the instrument
    const where = url ? `${url.split('/').pop()}:${lineNumber + 1}:${columnNumber + 1}` : '(builtin)';
    const key = `${functionName || '(anonymous)'} ${where}`;
    times[key] = (times[key] || 0) + (profile.timeDeltas[i + 1] || 0) / 1000;
  });
  return times;
}

/**
 * Runs in the page from before its first script: the time the first question's prompt is
 * first in the host's DOM (its shadow root's, for ours), whether shown yet or not, as
 * `window.__firstPromptInDom`. Mutation observers on the document and on every shadow root
 * attached; reading text forces no layout.
 */
function watchFirstPrompt([host, prompt]) {
  const check = () => {
    if (window.__firstPromptInDom) return;
    const element = document.querySelector(host);
    const root = element && (element.shadowRoot || element);
    if (root && root.textContent.includes(prompt)) window.__firstPromptInDom = performance.now();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const shadow = attach.call(this, init);
    observer.observe(shadow, { childList: true, subtree: true, characterData: true });
    return shadow;
  };
}

async function load(browser, origin, path, widget, quiz, options) {
  const config = { widget, prompts: quiz.questions.map((question) => question.prompt), timeout: 20000 };
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    await context.addInitScript({ content: `(${instrument})(${JSON.stringify(config)});` });
    await context.addInitScript({ content: `(${watchFirstPrompt})(${JSON.stringify([widget.host, quiz.questions[0].prompt])});` });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (options.rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.rate });
    if (options.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      await cdp.send('Profiler.start');
    }
    await page.goto(`${origin}/bench/${path}`, { waitUntil: 'domcontentloaded', timeout: 25000 });
    const times = await page.evaluate(() => window.__bench.firstQuestion);
    const run = { firstQuestion: times.firstQuestion, inDom: await page.evaluate(() => window.__firstPromptInDom) };
    run.toPaint = run.firstQuestion - run.inDom;
    if (options.profile) run.selfTime = selfTime((await cdp.send('Profiler.stop')).profile);
    if (options.result) {
      const last = quiz.questions.length - 1;
      for (let k = 0; k < last; k++) await page.evaluate(([k, index]) => window.__bench.next(k, index), [k, ANSWERS[k]]);
      const finish = await page.evaluate(([k, index]) => window.__bench.finish(k, index), [last, ANSWERS[last]]);
      Object.assign(run, { resultPaint: finish.paint, resultDoubleRaf: finish.painted });
    }
    const errors = await page.evaluate(() => window.__bench.errors);
    if (errors.length) throw new Error(errors.join('; '));
    return run;
  } finally {
    await context.close();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(BUILD, 'preact', 'quiz.js'))) fail('bench/build/preact/quiz.js is missing: run the benchmark once (make bench, or node bench/run.mjs --quick)');
  buildPages(PAGES_DIR);
  const quiz = JSON.parse(readFileSync(join(QUIZZES, 'five.json'), 'utf8'));
  const { chromium } = await import('playwright');
  const { startServer } = await import(join(ROOT, 'scripts', 'serve.mjs'));
  const servers = [];
  const serve = async (widgetDir) => {
    const mounts = [
      { prefix: '/widget/', dir: widgetDir },
      { prefix: '/bench/', dir: PAGES_DIR },
      { prefix: '/quizzes/', dir: QUIZZES },
      { prefix: '/build/', dir: BUILD },
    ];
    const server = await startServer({ host: '127.0.0.1', port: 0, mounts, cors: false });
    servers.push(server);
    return `http://127.0.0.1:${server.address().port}`;
  };
  const contenders = [];
  for (const build of options.builds) contenders.push({ name: build.name, origin: await serve(build.dir), path: 'widget.html', widget: OURS });
  contenders.push({ name: 'Preact', origin: await serve(options.builds[0].dir), path: 'preact.html', widget: PREACT });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const runs = new Map(contenders.map((contender) => [contender.name, []]));
  try {
    console.log(`ab: ${options.runs} run(s) of ${contenders.map((c) => c.name).join(', ')}, interleaved, CPU x${options.rate}`);
    for (let i = 0; i < options.runs; i++) {
      for (const contender of contenders) runs.get(contender.name).push(await load(browser, contender.origin, contender.path, contender.widget, quiz, options));
      process.stdout.write('.');
    }
    process.stdout.write('\n');
  } finally {
    await browser.close();
    for (const server of servers) server.close();
  }
  const figures = [
    ['first question painted', 'firstQuestion'],
    ['  of which: its prompt in the DOM', 'inDom'],
    ['  of which: from the DOM to painted (and one frame, as the benchmark times it)', 'toPaint'],
  ];
  if (options.result) figures.push(['result, next paint', 'resultPaint'], ['result, double rAF', 'resultDoubleRaf']);
  const preact = runs.get('Preact');
  for (const [label, key] of figures) {
    console.log(`\n${label} (ms; median [min-max]; ratio of medians to Preact)`);
    for (const contender of contenders) {
      const values = runs.get(contender.name).map((run) => run[key]);
      const ratio = median(values) / median(preact.map((run) => run[key]));
      console.log(`  ${contender.name.padEnd(16)} ${summary(values).padEnd(18)} ${ratio.toFixed(2)}x`);
    }
  }
  if (!options.profile) return;
  for (const contender of contenders) {
    const sums = {};
    for (const run of runs.get(contender.name)) for (const [key, ms] of Object.entries(run.selfTime)) sums[key] = (sums[key] || 0) + ms / options.runs;
    const total = Object.values(sums).reduce((a, b) => a + b, 0);
    console.log(`\n${contender.name}: JavaScript self time to the first question, ${total.toFixed(1)} ms per load; the most:`);
    for (const [key, ms] of Object.entries(sums).sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${ms.toFixed(1).padStart(6)}  ${key}`);
  }
}

main().catch((error) => fail(error.stack || String(error)));
