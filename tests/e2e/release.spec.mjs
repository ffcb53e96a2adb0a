// The owner's route from the download (README, "Put the quiz on your site in five minutes"):
// scripts/release.sh packs the archives `make release` makes (here from the server
// `make test-e2e` built, with the widget inside it), their SHA-256 sums check, and then, from
// the unpacked archives only: the results server runs with its example configuration (only
// the owner's own values changed), serves the widget and the API on one origin, and a blog on
// another origin loads the quiz from it and reports to it; the static download, uploaded as
// /quiz/, reports to it too; the example webhook receiver packed beside the server keeps each
// completion once and refuses a replayed delivery; the npm package packs the same widget.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { answerByMouse, readPersonas, readQuiz, widget } from './helpers.mjs';

test.describe.configure({ mode: 'serial' });

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'target', 'e2e-release');
const VERSION = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const quiz = readQuiz('quizzes/four-transitions.en.json');
const persona = readPersonas().find((p) => p.id === 'new-manager-still-closing');

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});

let work, blog, blogOrigin, server, serverOrigin, receiver, receiverOrigin, log = '';
const HOOK_SECRET = 'the owner\'s webhook secret';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  execFileSync(join(ROOT, 'scripts', 'release.sh'), ['--profile', 'debug', '--out', OUT], { cwd: ROOT, stdio: 'pipe' });
  work = mkdtempSync(join(ROOT, 'target', 'owner-'));
  // The owner's blog, on its own origin.
  mkdirSync(join(work, 'blog'));
  blog = await startServer({ host: '127.0.0.1', port: 0, cors: false, mounts: [{ prefix: '/', dir: join(work, 'blog') }] });
  blogOrigin = `http://127.0.0.1:${blog.address().port}`;
  // The server, unpacked where the owner puts it, run with the archive's own example
  // configuration: only the address, the owner's origin and a dashboard secret changed.
  const archive = readdirSync(OUT).find((name) => name.startsWith(`transition-quiz-results-${VERSION}-`));
  execFileSync('tar', ['-xzf', join(OUT, archive), '-C', work]);
  const dir = join(work, archive.replace(/\.tar\.gz$/, ''));
  // The example webhook receiver, from the archive too.
  const hookPort = await freePort();
  receiverOrigin = `http://127.0.0.1:${hookPort}`;
  receiver = spawn('node', [join(dir, 'webhook-receiver.mjs'), '--port', String(hookPort), '--secret', HOOK_SECRET,
    '--out', join(work, 'completions.jsonl')]);
  await expect.poll(() => fetch(receiverOrigin, { method: 'POST', body: '' }).then((r) => r.status, () => 0)).toBe(401);
  const port = await freePort();
  serverOrigin = `http://127.0.0.1:${port}`;
  const example = readFileSync(join(dir, 'results.toml'), 'utf8');
  const config = example
    .replace(/^listen = "[^"]+"/m, `listen = "127.0.0.1:${port}"`)
    .replace(/^# dashboard_secret = "[^"]+"/m, 'dashboard_secret = "the owner\'s long release secret"')
    .replace(/^origins = \["https:\/\/blog\.example"\]/m,
      `origins = ["${blogOrigin}"]\nwebhook = { url = "${receiverOrigin}/hook", secret = "${HOOK_SECRET}" }`);
  expect(config).not.toEqual(example);
  writeFileSync(join(dir, 'results.toml'), config);
  server = spawn(join(dir, 'transition-quiz-results'), ['--config', 'results.toml'], { cwd: dir });
  server.stderr.on('data', (chunk) => { log += chunk; });
  await expect.poll(async () => {
    expect(server.exitCode, log).toBeNull();
    return fetch(`${serverOrigin}/healthz`).then((response) => response.status, () => 0);
  }, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  receiver?.kill('SIGTERM');
  blog?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the archives are versioned and their SHA-256 sums check', () => {
  const names = readdirSync(OUT).sort();
  expect(names).toEqual(expect.arrayContaining([
    'SHA256SUMS', `transition-quiz-${VERSION}.tgz`, `transition-quiz-widget-${VERSION}.tar.gz`, `transition-quiz-widget-${VERSION}.zip`,
  ]));
  expect(names.some((name) => new RegExp(`^transition-quiz-results-${VERSION}-[\\w-]+\\.tar\\.gz$`).test(name))).toBe(true);
  const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: OUT, encoding: 'utf8' });
  expect(checked.trim().split('\n')).toHaveLength(4);
  expect(checked).not.toMatch(/FAILED/);
});

test('the server from the archive serves the widget and the API on one origin', async ({ request }) => {
  const embed = await request.get(`${serverOrigin}/quiz/embed.js`);
  expect(embed.status()).toBe(200);
  expect(await embed.body()).toEqual(readFileSync(join(ROOT, 'dist', 'embed.js')));
  expect(embed.headers()['etag']).toMatch(/^"[0-9a-f]+(-gz)?"$/); // gzipped for a browser that accepts it
  expect(embed.headers()['access-control-allow-origin']).toBe('*');
  const again = await request.get(`${serverOrigin}/quiz/embed.js`, { headers: { 'if-none-match': embed.headers()['etag'] } });
  expect(again.status()).toBe(304);
  const wasm = await request.get(`${serverOrigin}/quiz/transition-quiz_bg.wasm`);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  for (const path of ['quiz.schema.json', 'playground.html', 'quizzes/four-transitions.es.json', 'widget.css', 'transition-quiz.js']) {
    expect((await request.get(`${serverOrigin}/quiz/${path}`)).status(), path).toBe(200);
  }
  const summary = await request.get(`${serverOrigin}/api/v1/summary/four-transitions`, { headers: { origin: blogOrigin } });
  expect(await summary.json()).toEqual({ quiz: 'four-transitions', enough: false, minimum: 30 });
});

/** Writes a page of the blog with `body`, and opens it. */
async function blogPage(page, name, body) {
  writeFileSync(join(work, 'blog', name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title></head>
<body><main><h1>A post</h1>${body}</main></body></html>\n`);
  await page.goto(`${blogOrigin}/${name}`);
}

/** Completes the quiz on the page and returns the server's answer to the completion. */
async function complete(page) {
  const root = widget(page);
  const sent = page.waitForResponse((response) => response.url() === `${serverOrigin}/api/v1/completions`);
  await answerByMouse(root, quiz, persona.answers);
  await expect(root.getByRole('heading', { level: 2 })).toHaveText(quiz.outcomes.find((o) => o.id === persona.expected).label);
  const response = await sent;
  completionIds.push(JSON.parse(response.request().postData()).id);
  return { status: response.status(), body: await response.json() };
}
const completionIds = [];

/** The completions the webhook receiver kept, as it wrote them. */
const kept = () => {
  try {
    return readFileSync(join(work, 'completions.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
};

test('a blog on another origin loads the quiz from the server and reports to it', async ({ page }) => {
  await blogPage(page, 'post.html', `<div id="quiz" data-transition-quiz data-results="${serverOrigin}"><a href="/q">Take the quiz</a></div>
<script src="${serverOrigin}/quiz/embed.js" defer></script>`);
  expect(await complete(page)).toEqual({ status: 200, body: { stored: true, outcome: persona.expected } });
  // One completion is below min_completions (30 in the example): no figures for readers yet.
  await expect(widget(page).locator('.tq-result')).toBeVisible();
  await expect(widget(page).locator('.tq-readers')).toHaveCount(0);
});

test('the static download uploaded as /quiz/ reports to the server too', async ({ page }) => {
  execFileSync('unzip', ['-q', join(OUT, `transition-quiz-widget-${VERSION}.zip`), '-d', join(work, 'blog')]);
  execFileSync('mv', [join(work, 'blog', `transition-quiz-widget-${VERSION}`), join(work, 'blog', 'quiz')]);
  const loaded = [];
  page.on('request', (request) => loaded.push(new URL(request.url()).origin));
  await blogPage(page, 'static.html', `<div id="quiz" data-transition-quiz data-results="${serverOrigin}"><a href="/q">Take the quiz</a></div>
<script src="/quiz/embed.js" defer></script>`);
  expect(await complete(page)).toEqual({ status: 200, body: { stored: true, outcome: persona.expected } });
  expect(new Set(loaded)).toEqual(new Set([blogOrigin, serverOrigin]));
});

test('the example webhook receiver keeps each completion once and refuses a replay', async () => {
  await expect.poll(() => kept().map((payload) => payload.id).sort()).toEqual([...completionIds].sort());
  const [delivered] = kept();
  expect(delivered).toEqual(expect.objectContaining({ quiz: 'four-transitions', outcome: persona.expected, page: '/post.html' }));
  // One key casing with the API, the page's events and the exports: camelCase.
  expect(Object.keys(delivered).filter((key) => key.includes('_'))).toEqual([]);
  expect(Object.keys(delivered)).toEqual(expect.arrayContaining(['furtherUp', 'sentAt']));
  const post = (payload, secret = HOOK_SECRET) => {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    return fetch(`${receiverOrigin}/hook`, { method: 'POST', body, headers: { 'x-transition-quiz-signature': signature } })
      .then((response) => response.status);
  };
  const now = Math.floor(Date.now() / 1000);
  // Another attempt at a delivery it has (a retry after a lost answer): taken, not kept again.
  expect(await post({ ...delivered, sentAt: now })).toBe(200);
  // A delivery recorded and replayed later: its signature is right, its time is not.
  expect(await post({ ...delivered, id: 'replayed-id-0000000001', sentAt: now - 3600 })).toBe(400);
  // Not signed with the secret.
  expect(await post({ ...delivered, id: 'forged-id-00000000001', sentAt: now }, 'a guess')).toBe(401);
  expect(kept()).toHaveLength(completionIds.length);
});

test('the npm package packs the same widget', () => {
  const listing = execFileSync('tar', ['-tzf', join(OUT, `transition-quiz-${VERSION}.tgz`)], { encoding: 'utf8' });
  for (const file of ['embed.js', 'transition-quiz_bg.wasm', 'transition-quiz.js', 'widget.css', 'quiz.schema.json']) {
    expect(listing).toContain(`package/${file}`);
  }
  expect(listing).not.toContain('index.html');
});
