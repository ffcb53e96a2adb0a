// Every snippet in the README, run as a site owner would run it. The README's fenced blocks
// are read by their language, not copied here, so a snippet that changes is tested as it now
// reads, and a block no test knows how to run fails the first test below.
//
// HTML snippets go, as written, into a page of a site served by scripts/serve.mjs, with dist/
// mounted where the README says to upload it (/quiz/); each quiz must become ready. The only
// rewriting is of origins the README uses as examples (the static host of "Serving from
// another origin", the results server), each mapped to a server the tests run. Any other
// absolute URL fails the test: a snippet that loads a file nothing serves, such as an npm CDN
// address of a package not published yet, would leave a site owner with the fallback forever.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { readQuiz } from './helpers.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const RESULTS = 'http://127.0.0.1:4175'; // playwright.config.mjs

/** The README's fenced blocks: language, text, the line it starts on and its heading. */
export function fencedBlocks(markdown) {
  const blocks = [];
  let heading = '', open = null;
  markdown.split('\n').forEach((line, index) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ ...open, text: open.lines.join('\n') });
        open = null;
      } else open.lines.push(line);
    } else if (/^```/.test(line)) {
      open = { lang: line.slice(3).trim(), line: index + 1, heading, lines: [] };
    } else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
  });
  return blocks.map(({ lines, ...block }) => block);
}

const BLOCKS = fencedBlocks(README);
const where = (block) => `README.md:${block.line} (under "${block.heading}")`;
const of = (kind) => BLOCKS.filter((block) => kindOf(block) === kind);

/** What the tests do with a block; null for a block no test runs. */
function kindOf(block) {
  if (['html', 'css', 'js', 'json', 'sh', 'nginx', 'toml', 'ini'].includes(block.lang)) return block.lang;
  if (block.lang !== '') return null;
  if (/^Content-Security-Policy: /.test(block.text)) return 'csp';
  if (/^transition-quiz: /.test(block.text)) return 'console';
  if (block.text.split('\n').every((line) => /^(line \d+, column \d+|[\w[\].]+): /.test(line))) return 'problems';
  return null;
}

test('every fenced block in the README is one the tests run', () => {
  const untested = BLOCKS.filter((block) => kindOf(block) === null).map((block) => `${where(block)}: ${block.text.split('\n')[0]}`);
  expect(untested, 'blocks no test runs (give them a language this spec knows, or teach it)').toEqual([]);
  // The five-minute route is there, self-hosted first.
  expect(of('html')[0].text).toContain('<script src="/quiz/embed.js" defer></script>');
});

// ---- The servers: the site owner's site, a static host on another origin -------------------

/** The nginx example's location, headers and wasm type, and where dist/ was put. */
function nginxExample() {
  const [block] = of('nginx');
  if (!block) throw new Error('the README has no nginx example of serving dist/ from another origin');
  const location = /^location (\S+) \{/m.exec(block.text)[1];
  const root = /^\s*root (\S+);/m.exec(block.text)[1];
  const headers = Object.fromEntries([...block.text.matchAll(/add_header (\S+) "?([^";]+)"?;/g)].map((m) => [m[1], m[2]]));
  const wasmType = /location ~ \\\.wasm\$ \{\s*default_type (\S+);/.exec(block.text)[1];
  const folder = /contents of `dist\/` in `([^`]+)`/.exec(README)[1];
  const host = /on\s+`([a-z0-9.-]+\.example\.com)`/.exec(README)[1];
  return { location, root, headers, wasmType, folder, host };
}

let site, cdn, cdnWithoutCors, pages;
const origin = (server) => `http://127.0.0.1:${server.address().port}`;

test.beforeAll(async () => {
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  pages = mkdtempSync(join(ROOT, 'target', 'readme-pages-'));
  const dist = join(ROOT, 'dist');
  // The site: dist/ uploaded as /quiz/ (the README's step 2), the test's pages at /.
  site = await startServer({ host: '127.0.0.1', port: 0, cors: false, mounts: [{ prefix: '/quiz/', dir: dist }, { prefix: '/', dir: pages }] });
  // The static host of the nginx example: dist/ at the URL path its folder gives, with CORS.
  if (of('nginx').length === 0) return; // Its own test says it is missing.
  const nginx = nginxExample();
  const path = nginx.folder.slice(nginx.root.length);
  cdn = await startServer({ host: '127.0.0.1', port: 0, cors: true, mounts: [{ prefix: path, dir: dist }] });
  cdnWithoutCors = await startServer({ host: '127.0.0.1', port: 0, cors: false, mounts: [{ prefix: path, dir: dist }] });
});

test.afterAll(async () => {
  for (const server of [site, cdn, cdnWithoutCors]) server && server.close();
  if (pages) rmSync(pages, { recursive: true, force: true });
});

/** The example origins the README uses, and the servers that play them here. */
function origins({ withoutCors = false } = {}) {
  const map = { 'https://results.example.com': RESULTS };
  if (cdn) map[`https://${nginxExample().host}`] = origin(withoutCors ? cdnWithoutCors : cdn);
  return map;
}

/** `text` with the README's example origins replaced; throws on any other absolute URL. */
function mapOrigins(text, options) {
  const map = origins(options);
  for (const url of text.match(/https?:\/\/[^\s"'<>;]+/g) || []) {
    if (!Object.keys(map).some((known) => url.startsWith(known))) {
      throw new Error(`${url} is served by nothing the tests run: a site owner who pastes it would see only the fallback (is it published?)`);
    }
  }
  return Object.entries(map).reduce((out, [from, to]) => out.split(from).join(to), text);
}

let pageCount = 0;

/**
 * Opens a page of the site whose body is `html` (a snippet with its origins mapped), sent with
 * `csp` if given. Requests anywhere but the test servers are refused and reported.
 */
async function openPage(page, html, { csp, head = '', ...options } = {}) {
  const name = `post-${process.pid}-${++pageCount}.html`;
  writeFileSync(join(pages, name), `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A post</title>${head}</head>
<body><main><h1>A post</h1>
${mapOrigins(html, options)}
</main></body>
</html>
`);
  const problems = [];
  await page.route((url) => url.hostname !== '127.0.0.1', (route) => {
    problems.push(`requested ${route.request().url()}`);
    return route.abort('blockedbyclient');
  });
  // Every file the page loads is there (the browser's own request for a favicon aside).
  page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') &&
    problems.push(`${response.status()} ${response.url()}`));
  page.on('console', (message) => /Content.Security.Policy|Refused/i.test(message.text()) && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  const query = csp ? `?csp=${encodeURIComponent(mapOrigins(csp, options))}` : '';
  await page.goto(`${origin(site)}/${name}${query}`);
  return problems;
}

/** Each quiz element of the page becomes ready and shows its Start button and its quiz. */
async function expectReady(page) {
  const hosts = page.locator('[data-transition-quiz]');
  const count = await hosts.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const host = hosts.nth(i);
    await expect(host).toHaveAttribute('data-transition-quiz-state', 'ready');
    await expect(host.locator('.tq-widget .tq-first')).toBeVisible();
    const src = await host.getAttribute('data-quiz-src');
    if (src) {
      const quiz = await (await page.request.get(new URL(src, page.url()).href)).json();
      await expect(host.locator('.tq-title')).toHaveText(quiz.title);
    }
    const theme = await host.getAttribute('data-theme');
    if (theme) await expect(host.locator('.tq-widget')).toHaveAttribute('data-theme', theme);
  }
}

/** The script line of the README's first snippet, for snippets that show only the element. */
const twoLinesScript = () => /<script [^>]*><\/script>/.exec(of('html')[0].text)[0];
const withScript = (html) => (/<script /.test(html) ? html : `${html}\n${twoLinesScript()}`);

// ---- HTML ----------------------------------------------------------------------------------

/**
 * Writes the files an HTML snippet names that the README has the site owner write: an
 * overrides file (data-quiz-overrides), from the README's own example of one (its JSON block
 * with "extends"). A broken one would leave the quiz in error, never ready.
 */
function writeOwnersFiles(html) {
  for (const [, path] of html.matchAll(/data-quiz-overrides="(\/[^"]+)"/g)) {
    const example = of('json').find((block) => 'extends' in JSON.parse(block.text));
    if (!example) throw new Error(`${path}: the README shows no overrides file to put there`);
    writeFileSync(join(pages, path), example.text);
  }
}

for (const block of of('html')) {
  test(`the HTML at ${where(block)} gives a ready quiz`, async ({ page }) => {
    writeOwnersFiles(block.text);
    const problems = await openPage(page, withScript(block.text));
    await expectReady(page);
    expect(problems).toEqual([]);
  });
}

test('a snippet that loads an address nothing serves fails, as the old npm CDN one would', async ({ page }) => {
  const old = '<div data-transition-quiz><a href="/my-quiz-page">Take the quiz</a></div>\n' +
    '<script src="https://cdn.jsdelivr.net/npm/transition-quiz@0.1.0/embed.js" defer></script>';
  await expect(openPage(page, old)).rejects.toThrow(/cdn\.jsdelivr\.net.*served by nothing the tests run/);
});

// ---- Content-Security-Policy: each policy with the HTML snippet just before it --------------

for (const block of of('csp')) {
  const html = BLOCKS.slice(0, BLOCKS.indexOf(block)).filter((b) => b.lang === 'html').at(-1);
  test(`the policy at ${where(block)} lets the snippet at line ${html.line} work`, async ({ page }) => {
    const policy = block.text.replace(/^Content-Security-Policy: /, '');
    const problems = await openPage(page, withScript(html.text), { csp: policy });
    await expectReady(page);
    expect(problems).toEqual([]);
  });
}

// ---- Serving from another origin: the nginx example ----------------------------------------

test('the nginx example sends what the widget needs, and the widget needs it', async ({ page, request }) => {
  const nginx = nginxExample();
  // dist/'s folder lies under the location, and the example host is the one the snippet names.
  expect(nginx.folder.startsWith(nginx.root + nginx.location)).toBe(true);
  const cdnSnippet = of('html').find((block) => block.text.includes(`https://${nginx.host}/`));
  expect(cdnSnippet, 'an HTML snippet loads embed.js from the example host').toBeTruthy();
  // The headers it adds are those the test's static host sends, and the wasm type is the one
  // the widget streams.
  expect(nginx.headers).toEqual({ 'Access-Control-Allow-Origin': '*' });
  expect(nginx.wasmType).toBe('application/wasm');
  const wasmUrl = `${origin(cdn)}${nginx.folder.slice(nginx.root.length)}transition-quiz_bg.wasm`;
  const wasm = await request.get(wasmUrl);
  expect(wasm.headers()['access-control-allow-origin']).toBe(nginx.headers['Access-Control-Allow-Origin']);
  expect(wasm.headers()['content-type']).toBe(nginx.wasmType);

  // With them, the snippet loads the quiz across origins (the HTML tests above do too).
  expect(await openPage(page, cdnSnippet.text).then(async (problems) => (await expectReady(page), problems))).toEqual([]);

  // Without Access-Control-Allow-Origin, the quiz never loads and the fallback stays.
  const other = await page.context().newPage();
  await openPage(other, cdnSnippet.text, { withoutCors: true });
  await expect(other.locator('[data-transition-quiz]')).toHaveAttribute('data-transition-quiz-state', 'error');
  await expect(other.getByRole('link', { name: 'Take the quiz' })).toBeVisible();
  await other.close();
});

test('the widget works, more slowly, when the wasm is not sent as application/wasm', async ({ page }) => {
  const cdnSnippet = of('html').find((block) => block.text.includes(`https://${nginxExample().host}/`));
  await page.route('**/*.wasm', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const problems = await openPage(page, cdnSnippet.text);
  await expectReady(page);
  expect(problems).toEqual([]);
});

// ---- CSS, JavaScript -------------------------------------------------------------------------

for (const block of of('css')) {
  test(`the CSS at ${where(block)} themes the widget`, async ({ page }) => {
    await openPage(page, twoLinesScript().replace(/^/, '<div data-transition-quiz><a href="/q">Take the quiz</a></div>\n'), {
      head: `<style>${block.text}</style>`,
    });
    await expectReady(page);
    // The second question, whose progress bar is drawn in the accent.
    await page.locator('.tq-first .tq-choice').first().click();
    const done = page.locator('.tq-progress-done');
    for (const [, property, value] of block.text.matchAll(/(--tq-[\w-]+):\s*([^;]+);/g)) {
      expect(await done.evaluate((el, name) => getComputedStyle(el).getPropertyValue(name).trim(), property)).toBe(value.trim());
    }
    const accent = /--tq-accent:\s*#(\w\w)(\w\w)(\w\w)/.exec(block.text);
    if (accent) {
      const [r, g, b] = accent.slice(1).map((hex) => parseInt(hex, 16));
      await expect(done).toHaveCSS('fill', `rgb(${r}, ${g}, ${b})`);
    }
  });
}

const INLINE_QUIZ = JSON.stringify({
  version: 1, id: 'inline', title: 'An inline quiz', intro: 'Written inside the page.',
  outcomes: [
    { id: 'a', label: 'Outcome A', shift: 'Shift A.', summary: 'Why A.', actions: ['Do A.'] },
    { id: 'b', label: 'Outcome B', shift: 'Shift B.', summary: 'Why B.', actions: ['Do B.'] },
  ],
  questions: [{ id: 'only', prompt: 'Which one?', choices: [
    { id: 'a', text: 'Choose A', weights: { a: 1 } }, { id: 'b', text: 'Choose B', weights: { b: 1 } }] }],
});

for (const block of of('js')) {
  test(`the JavaScript at ${where(block)} hears the quiz`, async ({ page }) => {
    // `analytics` stands for the site's own analytics library.
    const head = '<script>window.analytics = { calls: [], track(...args) { this.calls.push(args); } };</script>';
    await openPage(page, `<div data-transition-quiz data-persist="false"><script type="application/json">${INLINE_QUIZ}</script></div>
${twoLinesScript()}
<script>${block.text}</script>`, { head });
    await expectReady(page);
    await page.locator('.tq-choice', { hasText: 'Choose B' }).click();
    await page.locator('.tq-see-result').click();
    await expect(page.locator('.tq-result')).toHaveAttribute('data-outcome', 'b');
    expect(await page.evaluate(() => window.analytics.calls)).toEqual([['quiz_complete', { quiz: 'inline', gap: 'b' }]]);
  });
}

// ---- JSON and the checker's messages -------------------------------------------------------

/** The problems the widget's own validator finds in `text`, as the console and check-quiz write them. */
async function validate(page, text) {
  const found = await page.evaluate((quiz) => window.TransitionQuiz.validate(quiz), text);
  return found.map(({ path, message }) => (path ? `${path}: ${message}` : message));
}

async function validatorPage(page) {
  await openPage(page, twoLinesScript());
  await page.waitForFunction(() => window.TransitionQuiz);
}

// An overrides file (with "extends") is checked against the built-in quiz it extends.
for (const block of of('json')) {
  test(`the JSON at ${where(block)} is a valid quiz, or part of one, or overrides`, async ({ page }) => {
    const value = JSON.parse(block.text);
    await validatorPage(page);
    // A part (a `ui` block, an outcome's `cta`...) is checked inside a small complete quiz.
    const quiz = 'version' in value ? value : { ...JSON.parse(INLINE_QUIZ), ...value };
    expect(await validate(page, JSON.stringify(quiz))).toEqual([]);
  });
}

/**
 * How to make each of the README's example problems: a path, and the change to the built-in
 * quiz (or the text) that produces it.
 */
const PROBLEM_MAKERS = [
  [/^questions\[3\]\.choices\[1\]\.weights: unknown outcome "t9"/, (quiz) => { quiz.questions[3].choices[1].weights = { t9: 1 }; }],
  // A second link for the first outcome (the built-in quiz gives it one), whose address is a script.
  [/^outcomes\[0\]\.links\[1\]\.url: "javascript:"/, (quiz) => { quiz.outcomes[0].links[1] = { ...quiz.outcomes[0].links[0], url: 'javascript:alert(1)' }; }],
  [/^line (\d+), column (\d+): expected a comma/, (quiz, [, line, column]) => {
    // Entries on lines 2 to line - 1, the last without its comma, then one at that column.
    const entries = Array.from({ length: Number(line) - 2 }, (_, i) => `  "k${i}": ${i},`);
    entries[entries.length - 1] = entries.at(-1).slice(0, -1);
    return ['{', ...entries, `${' '.repeat(Number(column) - 1)}"b": 1`, '}'].join('\n');
  }],
];

for (const block of of('problems')) {
  test(`the problems at ${where(block)} are what the checker says`, async ({ page }) => {
    await validatorPage(page);
    for (const line of block.text.split('\n')) {
      const maker = PROBLEM_MAKERS.find(([pattern]) => pattern.test(line));
      expect(maker, `a way to make "${line}"`).toBeTruthy();
      const quiz = readQuiz('quizzes/four-transitions.en.json');
      const made = maker[1](quiz, maker[0].exec(line));
      const problems = await validate(page, typeof made === 'string' ? made : JSON.stringify(quiz));
      expect(problems).toContain(line);
    }
  });
}

for (const block of of('console')) {
  test(`the console message at ${where(block)} is what the widget logs`, async ({ page }) => {
    const logged = [];
    page.on('console', (message) => logged.push(message.text()));
    const attribute = /^transition-quiz: (data-[\w-]+="[^"]*") /.exec(block.text);
    const file = /^transition-quiz: the quiz at (\/\S+) has/.exec(block.text);
    if (attribute) {
      await openPage(page, `<div data-transition-quiz ${attribute[1]}><a href="/q">Take the quiz</a></div>\n${twoLinesScript()}`);
      await expectReady(page);
    } else {
      expect(file, 'a message this test knows how to cause').toBeTruthy();
      // The two problems the message lists, in the small quiz, at the path it names.
      const quiz = JSON.parse(INLINE_QUIZ);
      quiz.outcomes[1].shift = '';
      quiz.questions[0].choices[1].weights = { t9: 1, b: 1 };
      mkdirSync(join(pages, file[1], '..'), { recursive: true });
      writeFileSync(join(pages, file[1]), JSON.stringify(quiz, null, 2));
      await openPage(page, `<div data-transition-quiz data-quiz-src="${file[1]}"><a href="/q">Take the quiz</a></div>\n${twoLinesScript()}`);
      await expect(page.locator('[data-transition-quiz]')).toHaveAttribute('data-transition-quiz-state', 'error');
    }
    await expect.poll(() => logged.join('\n')).toContain(block.text);
  });
}

// ---- Commands and the results server's configuration ---------------------------------------

const MAKE_TARGETS = new Set([...readFileSync(join(ROOT, 'Makefile'), 'utf8').matchAll(/^([\w-]+):/gm)].map((m) => m[1]));
const PACKAGES = new Map(['.', ...readdirSync(join(ROOT, 'crates')).map((name) => `crates/${name}`)]
  .filter((dir) => existsSync(join(ROOT, dir, 'Cargo.toml')))
  .map((dir) => [/^name\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, dir, 'Cargo.toml'), 'utf8'))[1], dir]));
/** The workspace's binaries: the package's name, or its [[bin]] names. */
const BINARIES = new Map([...PACKAGES].flatMap(([name, dir]) => {
  const bins = [...readFileSync(join(ROOT, dir, 'Cargo.toml'), 'utf8').matchAll(/\[\[bin\]\]\s*name\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
  return (bins.length ? bins : [name]).map((bin) => [bin, name]);
}));

/** The help text of one of the workspace's binaries, built by `make test-e2e` or on demand. */
function helpOf(bin) {
  const built = join(ROOT, 'target', 'debug', bin);
  const args = existsSync(built) ? [built, ['--help']] : ['cargo', ['run', '-q', '-p', BINARIES.get(bin), '--', '--help']];
  return execFileSync(args[0], args[1], { cwd: ROOT, encoding: 'utf8' });
}

/** Checks that one command from a README block exists and is spelt as its tool reads it. */
function checkCommand(command) {
  const words = command.replace(/^(\w+=\S+\s+)+/, '').split(/\s+/);
  const flags = words.filter((word) => /^--?\w/.test(word));
  const [tool] = words;
  if (tool === 'make') {
    for (const target of words.slice(1)) expect(MAKE_TARGETS, `make ${target}`).toContain(target);
  } else if (tool === 'node') {
    // Run when it only asks for help; every script it names exists.
    expect(existsSync(join(ROOT, words[1])), words[1]).toBe(true);
    if (flags.includes('--help')) execFileSync('node', words.slice(1), { cwd: ROOT });
  } else if (tool === 'cargo') {
    const pkg = words[words.indexOf('-p') + 1];
    if (words.includes('-p')) expect([...PACKAGES.keys()], command).toContain(pkg);
    if (words.includes('--path')) expect(existsSync(join(ROOT, words[words.indexOf('--path') + 1], 'Cargo.toml')), command).toBe(true);
    if (words[1] === 'run' && words.includes('--')) {
      const help = helpOf([...BINARIES].find(([, name]) => name === pkg)[0]);
      for (const flag of words.slice(words.indexOf('--') + 1).filter((word) => word.startsWith('--'))) expect(help, command).toContain(flag);
    }
  } else {
    expect([...BINARIES.keys()], `${command}: a binary of the workspace`).toContain(tool);
    const help = helpOf(tool);
    for (const flag of flags) expect(help, command).toContain(flag);
  }
}

for (const block of of('sh')) {
  test(`the commands at ${where(block)} exist as written`, () => {
    test.setTimeout(180_000); // A help text may need a build of its binary first.
    for (const line of block.text.split('\n').map((text) => text.replace(/\s#.*$/, '').trim()).filter(Boolean)) {
      for (const command of line.split('&&').map((part) => part.trim())) checkCommand(command);
    }
  });
}

for (const block of of('ini')) {
  test(`the systemd unit at ${where(block)} starts the results server as its help says`, () => {
    const exec = /^ExecStart=(\S+)(.*)$/m.exec(block.text);
    const bin = exec[1].split('/').at(-1);
    checkCommand(`${bin}${exec[2]}`);
  });
}

/** A free port on 127.0.0.1. */
const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

for (const block of of('toml')) {
  test(`the results server starts with the configuration at ${where(block)}`, async ({ request }) => {
    const server = join(ROOT, 'target', 'debug', 'transition-quiz-results');
    const dir = mkdtempSync(join(pages, 'results-'));
    // The quiz files it names are the site owner's own: a valid quiz stands in for each.
    for (const [, file] of block.text.matchAll(/^file = "([^"]+)"/gm)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), INLINE_QUIZ);
    }
    writeFileSync(join(dir, 'results.toml'), block.text);
    // The database and address are the machine's own (the README's flags override them).
    const port = await freePort();
    const child = spawn(server, ['--config', join(dir, 'results.toml'), '--database', `sqlite://${dir}/results.db`, '--listen', `127.0.0.1:${port}`]);
    let log = '';
    child.stderr.on('data', (chunk) => { log += chunk; });
    try {
      await expect.poll(async () => {
        expect(child.exitCode, log).toBeNull();
        return (await request.get(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status();
      }, { timeout: 15_000 }).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
}

test('the package name the README gives is the one dist/ would be published under', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'dist', 'package.json'), 'utf8'));
  expect(/named \*\*`([^`]+)`\*\*/.exec(README)[1]).toBe(pkg.name);
  expect(README).toMatch(/It is not published yet/);
});
