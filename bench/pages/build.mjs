#!/usr/bin/env node
// Builds the benchmark's five pages from one article, bench/pages/template.html: each page is
// the template with its own parts (the widget's element, its stylesheet and scripts) put in
// the template's {{...}} lines, so the pages cannot drift apart. bench/run.mjs calls
// buildPages() at the start and serves what it wrote under /bench/. To look at the pages:
//
//   node bench/pages/build.mjs [out-dir]     (default target/bench/pages)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(dirname(HERE));
const TEMPLATE = join(HERE, 'template.html');
const SLOTS = ['head', 'top', 'end', 'scripts'];
/** The slots that hold a widget, wrapped in <!-- bench:slot --> markers (the harness checks that the pages differ only there). */
const WIDGET_SLOTS = ['top', 'end'];

/**
 * What each page adds to the article, by slot: lines relative to the indentation of the
 * template's {{slot}} line. A slot a page leaves out disappears with its line.
 */
export const PAGE_PARTS = {
  // The floor: the article alone.
  'article.html': {},
  // Our widget, loaded at once (the embed snippet, with eager loading and no saved progress).
  'widget.html': {
    top: ['<div class="quiz-slot" id="quiz" data-transition-quiz data-quiz-src="/quizzes/five.json" data-loading="eager" data-persist="false"></div>'],
    scripts: ['<script src="/widget/embed.js" defer></script>'],
  },
  // Our widget two and three times on one page, for the memory each further widget costs.
  'two.html': {
    top: [1, 2].map((n) => `<div class="quiz-slot" id="quiz${n}" data-transition-quiz data-quiz-src="/quizzes/five.json" data-loading="eager" data-persist="false"></div>`),
    scripts: ['<script src="/widget/embed.js" defer></script>'],
  },
  'three.html': {
    top: [1, 2, 3].map((n) => `<div class="quiz-slot" id="quiz${n}" data-transition-quiz data-quiz-src="/quizzes/five.json" data-loading="eager" data-persist="false"></div>`),
    scripts: ['<script src="/widget/embed.js" defer></script>'],
  },
  // SurveyJS 2 as its docs show for plain HTML, with our setup script.
  'survey.html': {
    head: ['<link rel="stylesheet" href="/build/survey/survey-core.fontless.min.css">'],
    top: ['<div class="quiz-slot" id="quiz" data-survey-quiz data-quiz-src="/quizzes/five.json"></div>'],
    scripts: [
      '<script src="/build/survey/survey.core.min.js" defer></script>',
      '<script src="/build/survey/survey-js-ui.min.js" defer></script>',
      '<script src="/build/survey/quiz-survey.js" defer></script>',
    ],
  },
  // The hand-written Preact widget, bundled.
  'preact.html': {
    top: ['<div class="quiz-slot" id="quiz" data-preact-quiz data-quiz-src="/quizzes/five.json"></div>'],
    scripts: ['<script src="/build/preact/quiz.js" defer></script>'],
  },
  // Our widget with its default (lazy) loading, after the article and a tall comments section.
  'lazy.html': {
    end: [
      '<section class="comments" aria-label="Comments" style="min-height: 300vh">',
      '  <h2>Comments</h2>',
      "  <!-- At least three screens tall, so the quiz below sits beyond the widget's one-screen look-ahead. -->",
      '  <p>No comments yet.</p>',
      '</section>',
      '<div class="quiz-slot" id="quiz" data-transition-quiz data-quiz-src="/quizzes/five.json" data-persist="false"></div>',
    ],
    scripts: ['<script src="/widget/embed.js" defer></script>'],
  },
};

/** The template without its leading comment (which would put a page in quirks mode), checked. */
export function readTemplate(file = TEMPLATE) {
  const template = readFileSync(file, 'utf8').replace(/^<!--[\s\S]*?-->\n/, '');
  if (!template.startsWith('<!doctype html>')) throw new Error(`${file}: must start with <!doctype html> after its comment`);
  for (const slot of SLOTS) {
    const count = template.match(new RegExp(`^[ \\t]*\\{\\{${slot}\\}\\}\\n`, 'gm'))?.length || 0;
    if (count !== 1) throw new Error(`${file}: {{${slot}}} must be on a line of its own, once (found ${count})`);
  }
  return template;
}

/** One page: each {{slot}} line replaced by the page's lines for it at that indentation, or removed. */
export function renderPage(template, parts) {
  for (const slot of Object.keys(parts)) if (!SLOTS.includes(slot)) throw new Error(`unknown slot ${slot}`);
  return template.replace(/^([ \t]*)\{\{(\w+)\}\}\n/gm, (_, indent, slot) => {
    const lines = parts[slot];
    if (!lines || lines.length === 0) return '';
    const marked = WIDGET_SLOTS.includes(slot) ? ['<!-- bench:slot -->', ...lines, '<!-- /bench:slot -->'] : lines;
    return marked.map((line) => `${indent}${line}\n`).join('');
  });
}

/** Writes every page into `outDir` (emptied first) and returns the file names. */
export function buildPages(outDir) {
  const template = readTemplate();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [name, parts] of Object.entries(PAGE_PARTS)) writeFileSync(join(outDir, name), renderPage(template, parts));
  return Object.keys(PAGE_PARTS);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = resolve(process.argv[2] || join(ROOT, 'target', 'bench', 'pages'));
  const names = buildPages(outDir);
  console.log(`wrote ${names.join(', ')} to ${outDir}`);
}
