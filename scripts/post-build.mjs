#!/usr/bin/env node
// Trunk post_build hook: turns wasm-bindgen's no-modules glue into a per-widget factory,
// minifies the files a page loads (glue, embed.js, widget.css) with esbuild, removes
// Trunk's own tags from the HTML pages, and makes dist/ an npm package.
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
import { copyFile, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const release = process.env.TRUNK_PROFILE === 'release';

// embed.js draws the first screen before the wasm arrives (see "Painting before the wasm"
// there). It needs the UI strings that screen uses, with the defaults every quiz starts
// from (quiz.schema.json, which a test keeps equal to the Rust defaults), and the built-in
// quiz's first screen: its fields, its first question, and of the others only what embed.js
// counts them by (the stage question's choice ids, each question's stages) and whether the
// first is shuffled.
async function earlyData(code) {
  const source = process.env.TRUNK_SOURCE_DIR || join(dir, '..', '..');
  const schema = JSON.parse(await readFile(join(source, 'quiz.schema.json'), 'utf8'));
  const keys = ['start', 'duration', 'progress', 'back'];
  const defaults = Object.fromEntries(keys.map((key) => [key, schema.properties.ui.properties[key].default]));
  const quiz = JSON.parse(await readFile(join(source, 'quizzes', 'four-transitions.en.json'), 'utf8'));
  const first = quiz.questions[0];
  const builtIn = {
    id: quiz.id, locale: quiz.locale, dir: quiz.dir, title: quiz.title, intro: quiz.intro,
    ui: quiz.ui && Object.fromEntries(keys.filter((key) => key in quiz.ui).map((key) => [key, quiz.ui[key]])),
    shuffle: quiz.shuffle,
    questions: [
      { prompt: first.prompt, help: first.help, role: first.role, shuffle: first.shuffle, stages: first.stages, choices: first.choices.map((choice) => ({ id: choice.id, text: choice.text })) },
      ...quiz.questions.slice(1).map((question) => (question.role === 'stage'
        ? { role: 'stage', choices: question.choices.map((choice) => ({ id: choice.id })) }
        : { stages: question.stages })),
    ],
  };
  if (!code.includes('{/*ui-defaults*/}') || !code.includes('null/*built-in*/')) {
    throw new Error('embed.js: the markers for the early-paint data are missing');
  }
  return code.replace('{/*ui-defaults*/}', JSON.stringify(defaults)).replace('null/*built-in*/', JSON.stringify(builtIn));
}

async function rewrite(name, change) {
  const file = join(dir, name);
  await writeFile(file, await change(await readFile(file, 'utf8')));
}

const minify = (loader) => async (code) =>
  release ? (await transform(code, { loader, minify: true, target: 'es2020', legalComments: 'inline' })).code : code;

await rewrite('transition-quiz.js', async (glue) =>
  minify('js')(`self.__transitionQuizGlue=function(){${glue}\n;return wasm_bindgen};\n`));
await rewrite('embed.js', async (code) => minify('js')(await earlyData(code)));
await rewrite('widget.css', minify('css'));

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
