// The size budget: bytes are deterministic, so the release build's sizes are checked on
// every test run and cannot grow unnoticed. Raise a budget only on purpose, with the
// reason in BENCHMARKS.md.
import { test, expect } from '@playwright/test';
import { measure } from '../../scripts/sizes.mjs';

/** Brotli bytes (quality 11). The targets in BENCHMARKS.md are 2 KB for embed.js and 75 KB
 *  in total; the total budget sits just above what the build needs today. Raised from 126 KB
 *  to 138 KB for the results server's client (data-results: sending, the readers panel),
 *  +11.2 KB, then to 140 KB for the call to action and links through the server's share
 *  page (+2 KB), as BENCHMARKS.md records. */
const BUDGET = { embed: 2 * 1024, total: 140 * 1024 };

test('the files a page loads to show the widget stay within the size budget', () => {
  const sizes = measure(new URL('../../dist/', import.meta.url).pathname);
  const embed = sizes.rows.find((row) => row.file === 'embed.js');
  const report = sizes.rows.map((row) => `${row.file} ${row.brotli}`).join(', ');
  expect(embed.brotli, `embed.js is ${embed.brotli} bytes brotli (${report})`).toBeLessThanOrEqual(BUDGET.embed);
  expect(sizes.total.brotli, `the widget is ${sizes.total.brotli} bytes brotli (${report})`).toBeLessThanOrEqual(BUDGET.total);
});
