#!/usr/bin/env node
// Trunk post_build hook: turns wasm-bindgen's no-modules glue into a per-widget factory,
// minifies the files a page loads (glue, embed.js, widget.css) with esbuild, and removes
// Trunk's own tags from the HTML pages.
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
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
const release = process.env.TRUNK_PROFILE === 'release';

async function rewrite(name, change) {
  const file = join(dir, name);
  await writeFile(file, await change(await readFile(file, 'utf8')));
}

const minify = (loader) => async (code) =>
  release ? (await transform(code, { loader, minify: true, target: 'es2020', legalComments: 'inline' })).code : code;

await rewrite('transition-quiz.js', async (glue) =>
  minify('js')(`self.__transitionQuizGlue=function(){${glue}\n;return wasm_bindgen};\n`));
await rewrite('embed.js', minify('js'));
await rewrite('widget.css', minify('css'));

// Trunk leaves its own <link data-trunk ...> tags in pages when it injects no scripts.
for (const name of (await readdir(dir)).filter((name) => name.endsWith('.html'))) {
  await rewrite(name, (html) => html.replace(/[ \t]*<link data-trunk[^>]*>\n?/g, ''));
}
