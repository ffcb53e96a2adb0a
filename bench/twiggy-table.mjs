#!/usr/bin/env node
// Groups twiggy's view of a wasm built with its names kept (bench/size.sh writes
// target/size/named.wasm) into the table BENCHMARKS.md shows: raw bytes per part.
//
//   twiggy top -n 100000 -f csv target/size/named.wasm > top.csv
//   node bench/twiggy-table.mjs top.csv [other.csv]     (two files: before and after columns)
import { readFileSync } from 'node:fs';

const PARTS = [
  ['data: strings, tables (and, before, the built-in quiz)', (name) => name.startsWith('data segment')],
  ['our components\' render functions (Yew\'s `view` of each)', (name) => /CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view/.test(name)],
  ['Yew: virtual DOM, scheduler, hooks, listeners, per-component glue', (name) => /yew::|implicit_clone|indexmap/.test(name.slice(0, 120))],
  ['quiz-core (validation, scoring, session, messages...)', (name) => /quiz_core::/.test(name.slice(0, 120))],
  ['the widget\'s own code (edges, view helpers, closures)', (name) => /transition_quiz::/.test(name.slice(0, 120))],
  ['std: collections, iterators, Rc, drop glue, sorts, formatting, allocator', (name) => /^<?(core|alloc|std|dlmalloc|hashbrown)|\b(core|alloc|std|hashbrown)(\[\w+\])?::/.test(name.slice(0, 60)) || /__rust|__rdl|memcpy|memset|memcmp|memmove/.test(name)],
  ['wasm-bindgen, js-sys, web-sys, gloo: imports and their shims', (name) => /wasm_bindgen|js_sys|web_sys|gloo|externref|shim|__wbg|wbindgen|^import /.test(name)],
  ['other (tables, unnamed code)', () => true],
];

function group(file) {
  const totals = new Map(PARTS.map(([label]) => [label, 0]));
  let all = 0;
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const match = /^"?(.*?)"?,(\d+),/.exec(line);
    if (!match || match[1].includes('function names') || match[1].startsWith('custom section')) continue;
    const size = Number(match[2]);
    const [label] = PARTS.find(([, test]) => test(match[1]));
    totals.set(label, totals.get(label) + size);
    all += size;
  }
  return { totals, all };
}

const groups = process.argv.slice(2).map(group);
const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log(`| part (raw KB, after wasm-opt) | ${groups.length > 1 ? 'before | after |' : 'KB |'}`);
console.log(`|---|${groups.map(() => '---:').join('|')}|`);
for (const [label] of PARTS) console.log(`| ${label} | ${groups.map((g) => kb(g.totals.get(label))).join(' | ')} |`);
console.log(`| **all** | ${groups.map((g) => `**${kb(g.all)}**`).join(' | ')} |`);
