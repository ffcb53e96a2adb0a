#!/usr/bin/env node
// Trunk post_build hook: turns wasm-bindgen's no-modules glue into a per-widget factory,
// minifies the files a page loads (glue, embed.js, widget.css) with esbuild, fills in
// embed.js's templates of the first screen, the small wasm module of the rules that
// drawing needs (built here) and the stylesheet, removes Trunk's own tags from the HTML
// pages, and makes dist/ an npm package.
//
// Why a factory: the glue declares one `wasm_bindgen` binding holding one wasm instance.
// embed.js wants one instance per widget, so that a panic (which aborts its instance)
// takes down only that widget. Wrapping the whole file in a function does it: loading
// the script once defines `self.__transitionQuizGlue`, and each call returns a fresh
// `wasm_bindgen` whose init function instantiates the already-compiled module. No eval,
// so it works under a strict Content-Security-Policy.
//
// Why not Trunk's own minifier: it rewrites the no-modules glue into ES module syntax
// (`export function ...`), which a classic <script> cannot load.
import { execFileSync } from 'node:child_process';
import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const release = process.env.TRUNK_PROFILE === 'release';

// embed.js draws the first screen before the wasm arrives (see "Painting before the wasm"
// there). It fills the templates the Yew components render (src/early-templates.json, kept
// up to date by tests/early.rs), with the defaults of the UI strings that screen uses (from
// quiz.schema.json, which a test keeps equal to the Rust defaults).
async function earlyData(code) {
  const source = process.env.TRUNK_SOURCE_DIR || join(dir, '..', '..');
  const schema = JSON.parse(await readFile(join(source, 'quiz.schema.json'), 'utf8'));
  const keys = ['duration', 'step_announcement', 'see_result'];
  const defaults = Object.fromEntries(keys.map((key) => [key, schema.properties.ui.properties[key].default]));
  const templates = JSON.parse(await readFile(join(source, 'src', 'early-templates.json'), 'utf8'));
  if (!code.includes('{/*ui-defaults*/}') || !code.includes('{/*templates*/}')) {
    throw new Error('embed.js: the markers for the first screen\'s data are missing');
  }
  return code.replace('{/*ui-defaults*/}', JSON.stringify(defaults)).replace('{/*templates*/}', JSON.stringify(templates));
}

// The rules module: quiz-core's rules of the first screen (crates/quiz-core/src/rules.rs),
// compiled small for embed.js's drawing (crates/first-screen), with a stack of 8 KiB (it needs
// a few hundred bytes: it holds no allocator and its functions do not recurse), so it takes
// one 64 KiB page of memory, then optimised with the same wasm-opt and features as the widget
// (index.html). It goes into embed.js itself, in base64 (5 KB, 3.4 KB more of embed.js in
// brotli): as a file of its own it was one more answer to wait for, and the page's first
// layout often ran before it was handled (BENCHMARKS.md, issue 22: the first question 30 and
// 23 ms later, over two runs of 30 loads).
async function rulesModule() {
  const source = process.env.TRUNK_SOURCE_DIR || join(dir, '..', '..');
  const env = { ...process.env, CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: '-C link-arg=-zstack-size=8192' };
  const target = join(source, 'target', 'first-screen');
  execFileSync('cargo', ['build', '--quiet', '--release', '--offline', '-p', 'first-screen', '--target', 'wasm32-unknown-unknown', '--target-dir', target],
    { cwd: source, env, stdio: 'inherit' });
  const optimised = join(target, 'first-screen.wasm');
  execFileSync('wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
    join(target, 'wasm32-unknown-unknown', 'release', 'first_screen.wasm'), '-o', optimised],
  { cwd: source, stdio: 'inherit' });
  return (await readFile(optimised)).toString('base64');
}

async function withRules(code) {
  if (!code.includes("'/*rules-wasm*/'")) throw new Error('embed.js: the marker for the rules module is missing');
  return code.replace("'/*rules-wasm*/'", JSON.stringify(await rulesModule()));
}

// The widget's stylesheet, minified, goes into embed.js too, which makes it the shadow
// roots' constructed stylesheet (see there: a <link> was one more answer to wait for).
// widget.css stays in dist/ for browsers without constructed stylesheets.
// A constructed stylesheet ignores @import and resolves url() against the page, not against
// embed.js's folder, so the stylesheet may have neither.
async function withStylesheet(code) {
  if (!code.includes("'/*widget-css*/'")) throw new Error('embed.js: the marker for the stylesheet is missing');
  const css = await readFile(join(dir, 'widget.css'), 'utf8');
  if (/@import|url\(/i.test(css)) throw new Error('widget.css: no @import or url() (embed.js makes it a constructed stylesheet)');
  return code.replace("'/*widget-css*/'", JSON.stringify(css));
}

async function rewrite(name, change) {
  const file = join(dir, name);
  await writeFile(file, await change(await readFile(file, 'utf8')));
}

const minify = (loader) => async (code) =>
  release ? (await transform(code, { loader, minify: true, target: 'es2020', legalComments: 'inline' })).code : code;

await rewrite('transition-quiz.js', async (glue) =>
  minify('js')(`self.__transitionQuizGlue=function(){${glue}\n;return wasm_bindgen};\n`));
await rewrite('widget.css', minify('css'));
await rewrite('embed.js', async (code) => minify('js')(await withStylesheet(await withRules(await earlyData(code)))));

// Trunk leaves its own <link data-trunk ...> tags in pages when it injects no scripts.
for (const name of (await readdir(dir)).filter((name) => name.endsWith('.html'))) {
  await rewrite(name, (html) => html.replace(/[ \t]*<link data-trunk[^>]*>\n?/g, ''));
}

// index.html is only Trunk's build manifest: dist/ holds what a site owner uploads, and the
// demo article lives in demo/.
await rm(join(dir, 'index.html'), { force: true });

// dist/ is also an npm package, so a site owner can load a versioned copy from any
// npm-backed CDN (https://cdn.jsdelivr.net/npm/transition-quiz@0.1.0/embed.js).
const root = join(dir, '..', '..');
const cargo = await readFile(join(process.env.TRUNK_SOURCE_DIR || root, 'Cargo.toml'), 'utf8');
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const description = /^description\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const pkg = {
  name: 'transition-quiz',
  version,
  description,
  license: 'MIT',
  keywords: ['quiz', 'embed', 'widget', 'webassembly', 'yew', 'sales', 'career'],
  browser: 'embed.js',
  unpkg: 'embed.js',
  jsdelivr: 'embed.js',
  files: [
    'embed.js', 'transition-quiz.js', 'transition-quiz_bg.wasm', 'widget.css', 'quiz.schema.json',
    'quizzes/', 'playground.html', 'playground.js', 'playground.css',
  ],
};
await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
for (const name of ['README.md', 'LICENSE']) await copyFile(join(process.env.TRUNK_SOURCE_DIR || root, name), join(dir, name));
