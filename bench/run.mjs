#!/usr/bin/env node
// The benchmark's harness: our widget against an article with no widget (the floor), the same
// quiz in SurveyJS, and the same quiz as a small hand-written Preact widget. See
// bench/README.md.
//
//   node bench/run.mjs [--runs N] [--quick] [--only ours,survey,...]
//
// This file builds the comparison bundles and the pages, serves them, drives the browser
// (fresh contexts, CPU throttling, the network log), summarises the runs and prints the table.
// What runs inside the pages to time them is bench/instrument.mjs; the pages are built from
// one article by bench/pages/build.mjs.
//
// Needs a built dist/ (make dist). Writes bench/build/ (the comparison bundles),
// target/bench/pages/ (the pages), and target/bench/latest.json + target/bench/<date>.json;
// all of them are generated, none is tracked.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { instrument, scrollToLazyWidget } from './instrument.mjs';
import { buildPages } from './pages/build.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const DIST = join(ROOT, 'dist');
const BUILD = join(BENCH, 'build');
/** A copy of dist/ taken at the start, so that a rebuild during the run cannot mix versions. */
const WIDGET = join(BUILD, 'widget');
/** Everything the run writes besides the builds: the pages, and the results' JSON. */
const TARGET = join(ROOT, 'target', 'bench');
/** The pages as built from bench/pages/template.html, served under /bench/. */
const PAGES_DIR = join(TARGET, 'pages');
const RESULTS = TARGET;
const QUIZZES = join(ROOT, 'tests', 'pages', 'quizzes');
const NODE_MODULES = join(ROOT, 'node_modules');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 720 };
const THROTTLED_RATE = 4;
/** The choice (by index) the harness clicks on each question; every widget must reach the same outcome. */
const ANSWERS = [0, 1, 2, 0, 1];
/** Pause between a painted step and the next click, as a reader would (not measured). */
const PAUSE_MS = 100;

// ---------------------------------------------------------------------------------------
// The pages and how to drive each widget. Every selector is looked up inside the element
// `host` (in its shadow root if `shadow`).
const PAGES = {
  ours: {
    name: 'ours (transition-quiz)',
    path: 'widget.html',
    widget: {
      host: '#quiz',
      shadow: true,
      // No Start: the first screen is the intro with the first question on it.
      choice: 'button.tq-choice',
      prompt: '.tq-prompt',
      final: 'button.tq-see-result',
      result: '.tq-result[data-outcome]',
    },
  },
  article: { name: 'article (no widget)', path: 'article.html', widget: null },
  survey: {
    name: 'SurveyJS',
    path: 'survey.html',
    widget: {
      host: '#quiz',
      choice: '.sd-question .sd-item',
      choiceClick: 'label', // the radio input is visually hidden; readers click its label
      prompt: '.sd-question__title',
      final: '.sd-navigation__complete-btn',
      result: '.sq-result[data-outcome]',
    },
  },
  preact: {
    name: 'Preact (hand-written)',
    path: 'preact.html',
    widget: {
      host: '#quiz',
      choice: 'button.pq-choice',
      prompt: '.pq-prompt',
      final: 'button.pq-see-result',
      result: '.pq-result[data-outcome]',
    },
  },
};
const LAZY = {
  path: 'lazy.html',
  widget: { host: '#quiz', start: 'button.tq-choice' },
  allowedBeforeScroll: ['/bench/lazy.html', '/widget/embed.js'],
};

// ---------------------------------------------------------------------------------------
function parseArgs(argv) {
  const options = { runs: null, quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice(7));
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/run.mjs [--runs N] [--quick] [--only article,ours,survey,preact]');
      process.exit(0);
    } else fail(`unknown argument ${arg} (try --help)`);
  }
  if (options.runs == null) options.runs = options.quick ? 3 : 10;
  if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs needs a whole number of at least 1');
  for (const key of options.only || []) if (!PAGES[key]) fail(`--only: no page "${key}" (${Object.keys(PAGES).join(', ')})`);
  return options;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const stats = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  return { median: median(v), min: Math.min(...v), max: Math.max(...v), values: v };
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------
// Preconditions and the comparison builds.

function checkDist() {
  const files = ['embed.js', 'transition-quiz.js', 'transition-quiz_bg.wasm', 'widget.css'];
  const missing = files.filter((file) => !existsSync(join(DIST, file)));
  if (missing.length) {
    fail(`dist/ is not built (missing ${missing.map((f) => 'dist/' + f).join(', ')}).\n` +
      '       Build it first: make dist   (or: PATH=$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH trunk build --release)');
  }
  const warnings = [];
  // A dist/ older than the sources it is built from is probably stale.
  const built = statSync(join(DIST, 'transition-quiz_bg.wasm')).mtimeMs;
  const newest = newestMtime([join(ROOT, 'src'), join(ROOT, 'styles'), join(ROOT, 'Cargo.toml'), join(ROOT, 'Cargo.lock')]);
  if (newest.time > built + 1000) {
    warnings.push(`dist/ is older than ${newest.file.slice(ROOT.length + 1)}: it may not match the sources (make dist).`);
  }
  return warnings;
}

function newestMtime(paths) {
  let best = { time: 0, file: '' };
  const visit = (path) => {
    if (!existsSync(path)) return;
    const info = statSync(path);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else if (info.mtimeMs > best.time) best = { time: info.mtimeMs, file: path };
  };
  paths.forEach(visit);
  return best;
}

async function buildComparisons() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    fail('esbuild is not installed: run npm ci (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1) first.');
  }
  for (const pkg of ['preact', 'htm', 'survey-core', 'survey-js-ui']) {
    if (!existsSync(join(NODE_MODULES, pkg, 'package.json'))) fail(`node_modules/${pkg} is missing: run npm ci first.`);
  }
  rmSync(WIDGET, { recursive: true, force: true });
  cpSync(DIST, WIDGET, { recursive: true });
  mkdirSync(join(BUILD, 'preact'), { recursive: true });
  mkdirSync(join(BUILD, 'survey'), { recursive: true });
  // Minified like our own glue and embed.js (scripts/post-build.mjs): esbuild, es2020.
  const common = { bundle: true, minify: true, format: 'iife', target: 'es2020', legalComments: 'none', logLevel: 'warning', absWorkingDir: ROOT };
  await esbuild.build({ ...common, entryPoints: [join(BENCH, 'preact', 'quiz.js')], outfile: join(BUILD, 'preact', 'quiz.js') });
  await esbuild.build({ ...common, entryPoints: [join(BENCH, 'survey', 'quiz-survey.js')], outfile: join(BUILD, 'survey', 'quiz-survey.js') });
  // SurveyJS's own minified UMD builds and its stylesheet without the Google-hosted font.
  copyFileSync(join(NODE_MODULES, 'survey-core', 'survey.core.min.js'), join(BUILD, 'survey', 'survey.core.min.js'));
  copyFileSync(join(NODE_MODULES, 'survey-js-ui', 'survey-js-ui.min.js'), join(BUILD, 'survey', 'survey-js-ui.min.js'));
  copyFileSync(join(NODE_MODULES, 'survey-core', 'survey-core.fontless.min.css'), join(BUILD, 'survey', 'survey-core.fontless.min.css'));
}

/**
 * All the pages must carry the same article; only the marked widget slots may differ. The
 * builder makes them so; this checks what it wrote, as the browser will get it.
 */
function checkPagesShareArticle() {
  const body = (file) => readFileSync(join(PAGES_DIR, file), 'utf8')
    .replace(/[ \t]*<!-- bench:slot -->[\s\S]*?<!-- \/bench:slot -->\n?/g, '')
    .replace(/\s*<(script|link rel="stylesheet")[^>]*>(<\/script>)?/g, '');
  const reference = body('article.html');
  const different = ['widget.html', 'two.html', 'three.html', 'survey.html', 'preact.html', 'lazy.html'].filter((file) => body(file) !== reference);
  if (different.length) fail(`${PAGES_DIR.slice(ROOT.length + 1)}: ${different.join(', ')} differ from article.html outside the widget slot.`);
}

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function machineInfo(browserVersion, options) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (cpuinfo.match(/^model name\s*:\s*(.+)$/m) || [])[1] || os.cpus()[0]?.model || 'unknown';
  let commit = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += '+dirty';
  } catch { /* not a git checkout */ }
  return {
    cpu: model.trim(),
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    chromium: browserVersion,
    node: process.version,
    runs: options.runs,
    quick: options.quick,
    viewport: VIEWPORT,
    commit,
    versions: {
      playwright: versionOf('playwright'), 'survey-core': versionOf('survey-core'), 'survey-js-ui': versionOf('survey-js-ui'),
      preact: versionOf('preact'), htm: versionOf('htm'), esbuild: versionOf('esbuild'),
    },
  };
}

// ---------------------------------------------------------------------------------------
// Sizes: gzip -9 and brotli quality 11, exactly as scripts/sizes.mjs computes them.
const compressed = new Map();
function sizesOf(bytes) {
  const key = createHash('sha256').update(bytes).digest('hex');
  if (!compressed.has(key)) {
    compressed.set(key, {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    });
  }
  return compressed.get(key);
}

// ---------------------------------------------------------------------------------------
// One measured page load: a fresh context (empty cache), optional CPU throttling.

async function newPage(browser, config, rate) {
  const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
  await context.addInitScript({ content: `(${instrument})(${JSON.stringify(config)});` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // The network log: every response's bytes, and any request that leaves 127.0.0.1.
  const responses = [];
  const external = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.hostname !== '127.0.0.1') external.push(request.url());
  });
  page.on('response', (response) => {
    responses.push(response.body().then(
      (body) => ({ url: response.url(), status: response.status(), body }),
      () => ({ url: response.url(), status: response.status(), body: null }),
    ));
  });
  return { context, page, cdp, responses, external };
}

async function measure(browser, origin, key, rate, quiz, timeout) {
  const spec = PAGES[key];
  const config = { widget: spec.widget, prompts: quiz.questions.map((q) => q.prompt), timeout };
  const { context, page, cdp, responses, external } = await newPage(browser, config, rate);
  const run = { rate };
  try {
    await page.goto(`${origin}/bench/${spec.path}`, { waitUntil: 'domcontentloaded', timeout: timeout + 5000 });
    const times = await page.evaluate(() => window.__bench.firstQuestion);
    run.firstQuestion = times.firstQuestion;
    if (times.start != null) run.start = times.start;

    const early = await page.evaluate((limit) => {
      return {
        resources: performance.getEntriesByType('resource')
          .filter((entry) => entry.startTime <= limit)
          .map((entry) => entry.name),
        longtasks: window.__bench.longtasks.slice(),
      };
    }, run.firstQuestion);
    const before = early.longtasks.filter((task) => task.start < run.firstQuestion);
    run.blocking = before.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
    run.longtasks = before.length;
    run.urls = [page.url(), ...new Set(early.resources)];

    if (spec.widget) {
      run.transitions = [];
      run.transitionsPaint = [];
      run.transitionsDom = [];
      for (let k = 0; k < quiz.questions.length - 1; k++) {
        await sleep(PAUSE_MS);
        const step = await page.evaluate(([k, index]) => window.__bench.next(k, index), [k, ANSWERS[k]]);
        run.transitions.push(step.painted);
        run.transitionsPaint.push(step.paint);
        run.transitionsDom.push(step.dom);
      }
      run.transition = median(run.transitions);
      run.transitionPaint = median(run.transitionsPaint);
      run.transitionDom = median(run.transitionsDom);
      await sleep(PAUSE_MS);
      const last = quiz.questions.length - 1;
      const finish = await page.evaluate(([k, index]) => window.__bench.finish(k, index), [last, ANSWERS[last]]);
      run.result = finish.painted;
      run.resultPaint = finish.paint;
      run.resultDom = finish.dom;
      run.outcome = finish.outcome;
    } else {
      await page.waitForLoadState('load');
    }

    await sleep(PAUSE_MS);
    await cdp.send('HeapProfiler.collectGarbage');
    run.jsHeap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    run.wasmMemory = await page.evaluate(() => window.__bench.wasmMemory());
    run.memory = run.jsHeap + (run.wasmMemory || 0);
    run.fcp = await page.evaluate(() => window.__bench.fcp);
    run.errors = await page.evaluate(() => window.__bench.errors);
  } catch (error) {
    run.error = String(error.message || error).split('\n')[0];
    try { run.errors = await page.evaluate(() => window.__bench && window.__bench.errors); } catch { /* gone */ }
  }
  const log = await Promise.all(responses);
  // Times to 0.01 ms in the JSON (performance.now() carries float noise).
  for (const [name, value] of Object.entries(run)) {
    if (typeof value === 'number' && !Number.isInteger(value)) run[name] = Math.round(value * 100) / 100;
    else if (Array.isArray(value)) run[name] = value.map((v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v));
  }
  run.files = filesOf(run.urls || [], log);
  run.external = external;
  await context.close();
  return run;
}

/** The files behind `urls`, with their sizes, from the network log. */
function filesOf(urls, log) {
  return urls.map((url) => {
    const entries = log.filter((entry) => entry.url === url);
    const entry = entries.find((e) => e.body) || entries[0];
    if (!entry || !entry.body) return { url, path: new URL(url).pathname, missing: true, raw: 0, gzip: 0, brotli: 0 };
    return { url, path: new URL(url).pathname, status: entry.status, requests: entries.length, ...sizesOf(entry.body) };
  });
}

// The lazy page: what loads before any scroll, then scroll to the widget and see it load.
async function measureLazy(browser, origin, timeout) {
  const config = { widget: null, prompts: [], timeout };
  const { context, page, responses, external } = await newPage(browser, config, 1);
  const out = {};
  try {
    await page.goto(`${origin}/bench/${LAZY.path}`, { waitUntil: 'load' });
    await sleep(1500); // time for anything eager to start
    const names = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const before = [page.url(), ...new Set(names)];
    out.before = filesOf(before, await Promise.all(responses));
    out.beforeOk = out.before.every((file) => LAZY.allowedBeforeScroll.includes(file.path)) &&
      LAZY.allowedBeforeScroll.every((path) => out.before.some((file) => file.path === path));
    out.hostTop = await page.evaluate(() => document.querySelector('[data-transition-quiz]').getBoundingClientRect().top);
    out.viewportHeight = VIEWPORT.height;

    const scrolled = await page.evaluate(scrollToLazyWidget, { host: LAZY.widget.host, start: LAZY.widget.start, timeout });
    Object.assign(out, scrolled);
    out.loaded = !scrolled.error;
    const all = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    out.after = filesOf([...new Set(all)].filter((url) => !before.includes(url)), await Promise.all(responses));
  } catch (error) {
    out.error = String(error.message || error).split('\n')[0];
    out.loaded = false;
  }
  out.external = external;
  await context.close();
  return out;
}

// One, two and three widgets on a page (widget.html, two.html, three.html), each ready at
// its intro: JS heap + wasm memory after a garbage collection, medians over `runs` loads at
// normal CPU speed, and what each further widget adds.
async function measureWidgets(browser, origin, runs, timeout) {
  const config = { widget: null, prompts: [], timeout };
  const out = [];
  for (const [count, path] of [[1, 'widget.html'], [2, 'two.html'], [3, 'three.html']]) {
    const memory = [];
    for (let i = 0; i < runs; i++) {
      const { context, page, cdp } = await newPage(browser, config, 1);
      try {
        await page.goto(`${origin}/bench/${path}`, { waitUntil: 'load' });
        await page.waitForFunction((count) => document.querySelectorAll('[data-transition-quiz-state="ready"]').length === count, count, { timeout });
        await cdp.send('HeapProfiler.collectGarbage');
        const jsHeap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        const wasm = await page.evaluate(() => window.__bench.wasmMemory());
        memory.push({ jsHeap, wasm, total: jsHeap + wasm });
      } finally {
        await context.close();
      }
    }
    const pick = (key) => median(memory.map((m) => m[key]));
    out.push({ widgets: count, jsHeap: pick('jsHeap'), wasm: pick('wasm'), total: pick('total') });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Summaries and the table.

const FIGURES = [
  { key: 'fcp', label: 'first contentful paint', unit: 'ms' },
  { key: 'firstQuestion', label: 'first question painted *', unit: 'ms' },
  { key: 'blocking', label: 'blocking time before Q1', unit: 'ms' },
  { key: 'transitionDom', label: 'choice -> next Q in DOM', unit: 'ms' },
  { key: 'transitionPaint', label: 'choice -> next Q next paint', unit: 'ms' },
  { key: 'transition', label: 'choice -> next Q double rAF', unit: 'ms' },
  { key: 'resultDom', label: 'final -> result in DOM', unit: 'ms' },
  { key: 'resultPaint', label: 'final -> result next paint', unit: 'ms' },
  { key: 'result', label: 'final -> result double rAF', unit: 'ms' },
  { key: 'jsHeap', label: 'JS heap after result', unit: 'KB' },
  { key: 'wasmMemory', label: 'wasm memory', unit: 'KB' },
  { key: 'memory', label: 'JS heap + wasm memory', unit: 'KB' },
];

function summarize(runs) {
  const ok = runs.filter((run) => !run.error);
  const out = { runs: runs.length, failed: runs.length - ok.length };
  for (const { key } of FIGURES) {
    const s = stats(ok.map((run) => run[key]));
    if (s) out[key] = s;
  }
  const transitions = stats(ok.flatMap((run) => run.transitions || []));
  if (transitions) out.allTransitions = transitions;
  out.outcomes = [...new Set(ok.map((run) => run.outcome).filter(Boolean))];
  out.errors = [...new Set(runs.flatMap((run) => [run.error, ...(run.errors || [])]).filter(Boolean))];
  return out;
}

function bytesOf(runs) {
  const run = runs.find((r) => !r.error && r.files && r.files.length) || runs.find((r) => r.files && r.files.length);
  if (!run) return null;
  const files = run.files.map(({ url, path, raw, gzip, brotli, requests, missing }) => ({ path, url, raw, gzip, brotli, requests, missing }));
  const sum = (list) => list.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const page = files[0];
  // Whether every run fetched the same files (a widget that loads differently run to run would show here).
  const signature = (r) => (r.files || []).map((f) => f.path).sort().join(' ');
  return {
    files,
    total: sum(files),
    widget: sum(files.slice(1)),
    page: { raw: page.raw, gzip: page.gzip, brotli: page.brotli },
    sameFilesEveryRun: runs.filter((r) => !r.error).every((r) => signature(r) === signature(run)),
  };
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
function cell(s, unit) {
  if (!s) return '-';
  const f = unit === 'KB' ? (v) => Math.round(v / 1024).toString() : (v) => (v < 10 ? v.toFixed(1) : Math.round(v).toString());
  return s.min === s.max ? f(s.median) : `${f(s.median)} [${f(s.min)}-${f(s.max)}]`;
}
function ratio(a, b) {
  if (a == null || b == null || b === 0) return '-';
  const r = a / b;
  return (r < 0.1 ? r.toFixed(3) : r.toFixed(2)) + 'x';
}

function table(report) {
  const keys = Object.keys(report.pages);
  const cols = keys.map((k) => ({ article: 'article', ours: 'ours', survey: 'SurveyJS', preact: 'Preact' }[k]));
  const theirs = keys.filter((k) => k === 'survey' || k === 'preact');
  const ratioCols = report.pages.ours ? theirs.map((k) => `ours/${k === 'survey' ? 'SurveyJS' : 'Preact'}`) : [];
  const W = 33;
  const C = 20;
  const R = 14;
  const row = (label, cells, ratios = []) =>
    label.padEnd(W) + cells.map((c) => String(c).padStart(C)).join('') + ratios.map((c) => String(c).padStart(R)).join('');
  const lines = [];
  const m = report.machine;
  lines.push(`transition-quiz benchmark, ${m.runs} run(s) per page and CPU setting, ${report.date}`);
  lines.push(`${m.cpu}, ${m.cores} cores; ${m.chromium}; node ${m.node}; viewport ${m.viewport.width}x${m.viewport.height}; commit ${m.commit || '?'}`);
  lines.push('');
  lines.push('Bytes to show the first question (the page and every file it loads before then), KB');
  lines.push(row('', cols, ratioCols));
  for (const [part, label] of [['total', 'all files'], ['widget', 'widget files only']]) {
    for (const kind of ['raw', 'gzip', 'brotli']) {
      const values = keys.map((k) => report.bytes[k] && report.bytes[k][part][kind]);
      const ours = report.bytes.ours && report.bytes.ours[part][kind];
      lines.push(row(`${label}, ${kind === 'gzip' ? 'gzip -9' : kind}`, values.map((v) => (v == null ? '-' : kb(v))),
        ratioCols.length ? theirs.map((k) => ratio(ours, report.bytes[k] && report.bytes[k][part][kind])) : []));
    }
  }
  lines.push(row('files', keys.map((k) => (report.bytes[k] ? report.bytes[k].files.length : '-'))));
  lines.push('');
  lines.push('The files, brotli KB (raw KB):');
  for (const k of keys) {
    if (!report.bytes[k]) continue;
    const files = report.bytes[k].files.map((f) => `${f.path.split('/').pop()} ${kb(f.brotli)} (${kb(f.raw)})`);
    lines.push(`  ${cols[keys.indexOf(k)].padEnd(9)} ${files.join(', ')}`);
  }
  for (const [setting, title] of Object.entries(report.settings)) {
    const results = report.results[setting];
    lines.push('');
    lines.push(`${title}: median [min-max] over ${m.runs} run(s)`);
    lines.push(row('', cols, ratioCols));
    for (const { key, label, unit } of FIGURES) {
      if (keys.every((k) => !results[k][key])) continue;
      const ours = results.ours && results.ours[key] && results.ours[key].median;
      lines.push(row(`${label} (${unit})`, keys.map((k) => cell(results[k][key], unit)),
        ratioCols.length ? theirs.map((k) => ratio(ours, results[k][key] && results[k][key].median)) : []));
    }
    const failures = keys.filter((k) => results[k].failed).map((k) => `${k} ${results[k].failed}/${results[k].runs}`);
    if (failures.length) lines.push(`FAILED runs: ${failures.join(', ')}`);
  }
  lines.push('');
  lines.push('* from navigation start; for ours, the first screen (the intro with the first question);');
  lines.push('  for the article: when its heading is painted. Times are from navigation start unless noted.');
  lines.push(`Every widget answered [${ANSWERS.map((i) => i + 1).join(', ')}] and showed: ` +
    keys.filter((k) => PAGES[k].widget).map((k) => `${k} ${report.outcomes[k].join('/') || '?'}`).join(', ') +
    ` (expected ${report.expectedOutcome})`);
  if (report.lazy) {
    const lazy = report.lazy;
    lines.push('');
    lines.push(`Lazy loading (lazy.html, the quiz ${Math.round(lazy.hostTop || 0)} px down, viewport ${VIEWPORT.height} px, CPU x1)`);
    lines.push(`  before any scroll: ${(lazy.before || []).map((f) => `${f.path} ${kb(f.raw)} KB`).join(', ')}` +
      `  -> ${lazy.beforeOk ? 'OK, only the page and embed.js' : 'NOT OK'}`);
    lines.push(`  after scrolling to it: ${(lazy.after || []).map((f) => `${f.path} ${kb(f.raw)} KB`).join(', ') || 'nothing'}`);
    lines.push(`  first question painted ${lazy.loaded ? `${Math.round(lazy.ms)} ms after the scroll -> OK` : `NOT OK: ${lazy.error}`}`);
  }
  if (report.widgets) {
    lines.push('');
    lines.push('Several widgets on a page (widget.html, two.html, three.html; each at its intro, CPU x1): JS heap + wasm memory, KB');
    report.widgets.forEach((row, i) => {
      const added = i === 0 ? '' : `, +${kb(row.total - report.widgets[i - 1].total)} for this widget`;
      lines.push(`  ${row.widgets} widget(s): ${kb(row.total)} (JS heap ${kb(row.jsHeap)}, wasm ${kb(row.wasm)}${added})`);
    });
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const warnings = checkDist();
  const startWarnings = warnings.length;
  buildPages(PAGES_DIR);
  checkPagesShareArticle();
  const wall = performance.now();
  await buildComparisons();

  const { chromium } = await import('playwright');
  const { startServer } = await import(join(ROOT, 'scripts', 'serve.mjs'));
  const mounts = [
    { prefix: '/widget/', dir: WIDGET },
    { prefix: '/bench/', dir: PAGES_DIR },
    { prefix: '/quizzes/', dir: QUIZZES },
    { prefix: '/build/', dir: BUILD },
  ];
  const server = await startServer({ host: '127.0.0.1', port: 0, mounts, cors: false });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

  const quiz = JSON.parse(readFileSync(join(QUIZZES, 'five.json'), 'utf8'));
  const { diagnose } = await import('./shared/scoring.mjs');
  const expectedOutcome = diagnose(quiz, ANSWERS).outcome.id;

  const keys = Object.keys(PAGES).filter((k) => !options.only || options.only.includes(k));
  const settings = options.quick ? { cpu1: 'CPU x1 (no throttling)' } : { cpu1: 'CPU x1 (no throttling)', cpu4: `CPU x${THROTTLED_RATE} (CDP Emulation.setCPUThrottlingRate)` };
  const rates = { cpu1: 1, cpu4: THROTTLED_RATE };
  const runs = Object.fromEntries(Object.keys(settings).map((s) => [s, Object.fromEntries(keys.map((k) => [k, []]))]));

  console.log(`bench: ${origin}, ${options.runs} run(s) x ${keys.length} page(s) x ${Object.keys(settings).length} CPU setting(s)`);
  for (const warning of warnings) console.warn(`bench: warning: ${warning}`);
  let lazy = null;
  let widgets = null;
  let chromiumVersion = '?';
  try {
    if (!options.quick) {
      process.stdout.write('warm-up');
      for (const key of keys) { await measure(browser, origin, key, 1, quiz, 30000); process.stdout.write('.'); }
      process.stdout.write('\n');
    }
    for (let i = 0; i < options.runs; i++) {
      process.stdout.write(`run ${i + 1}/${options.runs} `);
      for (const setting of Object.keys(settings)) {
        // Rotate the order so that no page always runs right after another.
        const order = keys.map((_, j) => keys[(i + j) % keys.length]);
        for (const key of order) {
          const run = await measure(browser, origin, key, rates[setting], quiz, rates[setting] > 1 ? 60000 : 30000);
          runs[setting][key].push(run);
          process.stdout.write(run.error ? 'x' : '.');
          if (run.error) process.stdout.write(`\n  ${key} ${setting}: ${run.error}\n`);
        }
      }
      process.stdout.write(` ${Math.round((performance.now() - wall) / 1000)} s\n`);
    }
    lazy = !options.only || options.only.includes('ours') ? await measureLazy(browser, origin, 30000) : null;
    widgets = !options.only || options.only.includes('ours') ? await measureWidgets(browser, origin, Math.max(3, options.runs), 30000) : null;
    chromiumVersion = browser.version();
  } finally {
    await browser.close();
    server.close();
  }

  const report = {
    date: new Date().toISOString(),
    machine: machineInfo(`Chromium ${chromiumVersion}`, options),
    settings,
    answers: ANSWERS,
    expectedOutcome,
    pages: Object.fromEntries(keys.map((k) => [k, { name: PAGES[k].name, url: `/bench/${PAGES[k].path}` }])),
    bytes: Object.fromEntries(keys.map((k) => [k, bytesOf(runs.cpu1[k])])),
    results: Object.fromEntries(Object.keys(settings).map((s) => [s, Object.fromEntries(keys.map((k) => [k, summarize(runs[s][k])]))])),
    outcomes: Object.fromEntries(keys.map((k) => [k, [...new Set(Object.keys(settings).flatMap((s) => summarize(runs[s][k]).outcomes))]])),
    lazy,
    widgets,
    // Every run's own figures (the files are under bytes).
    runs: Object.fromEntries(Object.keys(settings).map((s) => [s, Object.fromEntries(keys.map((k) =>
      [k, runs[s][k].map(({ files, urls, ...figures }) => figures)]))])),
    external: [...new Set(Object.values(runs).flatMap((byPage) => Object.values(byPage).flat()).flatMap((r) => r.external))],
    warnings,
  };
  report.ratios = ratios(report);
  // The widget's own files as scripts/sizes.mjs reports them (the size budget's view).
  report.distSizes = (await import(join(ROOT, 'scripts', 'sizes.mjs'))).measure(WIDGET);
  report.wallSeconds = Math.round((performance.now() - wall) / 1000);

  const problems = [];
  for (const k of keys) {
    for (const s of Object.keys(settings)) if (report.results[s][k].failed) problems.push(`${k} failed ${report.results[s][k].failed} run(s) at ${s}: ${report.results[s][k].errors.join('; ')}`);
    if (PAGES[k].widget && report.outcomes[k].some((o) => o !== expectedOutcome)) problems.push(`${k} showed outcome ${report.outcomes[k].join('/')} instead of ${expectedOutcome}`);
    if (report.bytes[k] && !report.bytes[k].sameFilesEveryRun) warnings.push(`${k} did not load the same files in every run`);
    if (report.bytes[k] && report.bytes[k].files.some((f) => f.missing)) warnings.push(`${k}: some file bodies were not in the network log`);
  }
  if (lazy && !lazy.beforeOk) problems.push('lazy.html fetched more than the page and embed.js before any scroll');
  if (lazy && !lazy.loaded) problems.push(`lazy.html: ${lazy.error || 'the widget did not load after scrolling'}`);
  if (report.external.length) problems.push(`pages requested outside 127.0.0.1: ${report.external.join(', ')}`);
  crossCheckSizes(report, warnings);
  report.problems = problems;

  const text = table(report);
  report.table = text;
  console.log('\n' + text);
  for (const warning of warnings.slice(startWarnings)) console.warn(`bench: warning: ${warning}`);
  for (const problem of problems) console.error(`bench: PROBLEM: ${problem}`);

  mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  writeFileSync(join(RESULTS, 'latest.json'), json);
  writeFileSync(join(RESULTS, `${stamp}.json`), json);
  const shown = RESULTS.slice(ROOT.length + 1);
  console.log(`\nwrote ${shown}/latest.json and ${shown}/${stamp}.json (${report.wallSeconds} s)`);
  process.exitCode = problems.length ? 1 : 0;
}

function ratios(report) {
  const out = {};
  if (!report.pages.ours) return out;
  for (const other of ['survey', 'preact'].filter((k) => report.pages[k])) {
    const r = (a, b) => (a == null || !b ? null : Math.round((a / b) * 1000) / 1000);
    const entry = { bytes: {} };
    for (const part of ['total', 'widget']) {
      entry.bytes[part] = {};
      for (const kind of ['raw', 'gzip', 'brotli']) entry.bytes[part][kind] = r(report.bytes.ours?.[part][kind], report.bytes[other]?.[part][kind]);
    }
    for (const setting of Object.keys(report.settings)) {
      entry[setting] = {};
      for (const { key } of FIGURES) entry[setting][key] = r(report.results[setting].ours[key]?.median, report.results[setting][other][key]?.median);
    }
    out[`ours/${other}`] = entry;
  }
  return out;
}

/** Our files' sizes from the network must match scripts/sizes.mjs on dist/. */
function crossCheckSizes(report, warnings) {
  const ours = report.bytes.ours;
  if (!ours) return;
  // What the first screen needs; the widget's glue and wasm are fetched once it is painted,
  // and are counted when they were loaded before it all the same.
  for (const name of ['embed.js', 'transition-quiz.js', 'transition-quiz_bg.wasm']) {
    const file = ours.files.find((f) => f.path === `/widget/${name}`);
    if (!file && name.startsWith('transition-quiz')) continue;
    if (!file) { warnings.push(`ours: /widget/${name} was not loaded before the first question`); continue; }
    const disk = sizesOf(readFileSync(join(WIDGET, name)));
    if (disk.raw !== file.raw || disk.brotli !== file.brotli) warnings.push(`ours: ${name} from the network differs from dist/${name}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
