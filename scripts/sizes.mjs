#!/usr/bin/env node
// Sizes of the files a page loads to show the widget: raw, gzip -9 and brotli (quality 11).
//
//   node scripts/sizes.mjs [dist]          prints a table
//   node scripts/sizes.mjs [dist] --json   prints JSON
//   node scripts/sizes.mjs [dist] --all    with widget.css too (for browsers without
//                                          constructed stylesheets)
//
// The benchmark and the size-budget test both use `measure` from here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The files, in load order, that a page fetches to show the widget: embed.js (with the
 *  stylesheet and the first screen's rules inside it), then the glue and the wasm. A browser
 *  without constructed stylesheets also fetches widget.css (`node scripts/sizes.mjs --all`). */
export const WIDGET_FILES = ['embed.js', 'transition-quiz.js', 'transition-quiz_bg.wasm'];

/** Raw, gzip -9 and brotli byte counts of each file, and their totals. */
export function measure(dir = 'dist', files = WIDGET_FILES) {
  const rows = files.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return {
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
  });
  const total = { file: 'total', raw: 0, gzip: 0, brotli: 0 };
  for (const row of rows) for (const key of ['raw', 'gzip', 'brotli']) total[key] += row[key];
  return { rows, total };
}

export function formatTable({ rows, total }) {
  const line = (r) => `${r.file.padEnd(26)}${String(r.raw).padStart(10)}${String(r.gzip).padStart(10)}${String(r.brotli).padStart(10)}`;
  return [`${'file'.padEnd(26)}${'raw'.padStart(10)}${'gzip -9'.padStart(10)}${'brotli'.padStart(10)}`, ...rows.map(line), line(total)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith('--')) || 'dist';
  const sizes = measure(dir, args.includes('--all') ? [...WIDGET_FILES, 'widget.css'] : WIDGET_FILES);
  console.log(args.includes('--json') ? JSON.stringify(sizes, null, 2) : formatTable(sizes));
}
