// End-to-end tests: Debian's Chromium (never a Playwright-downloaded browser) against the
// release dist/, served by scripts/serve.mjs. The widget is served under /widget/ and the
// host pages under /site/, so embed.js must find its files relative to its own URL. The test
// build (`make dist-test`: the release plus hooks to make a widget crash) is under /widget-test/.
// The demo article (demo/) is under /demo/, with the widget at /quiz/ as `make demo` serves it.
// A second server on another port plays a CDN on a different origin.
import { defineConfig } from '@playwright/test';

export const PORT = 4173;
export const CDN_PORT = 4174;
export const RESULTS_PORT = 4175;
const serve = 'node scripts/serve.mjs --host 127.0.0.1';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'target/playwright',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `${serve} --port ${PORT} --mount /widget/=dist --mount /widget-test/=target/dist-test --mount /site/=tests/pages --mount /demo/=demo --mount /quiz/=dist`,
      url: `http://127.0.0.1:${PORT}/widget/embed.js`,
      reuseExistingServer: false,
    },
    {
      command: `${serve} --port ${CDN_PORT} --cors --mount /cdn/transition-quiz@0.1.0/=dist`,
      url: `http://127.0.0.1:${CDN_PORT}/cdn/transition-quiz@0.1.0/embed.js`,
      reuseExistingServer: false,
    },
    {
      // The results server (make test-e2e builds it), on a fresh SQLite file each run.
      command: 'rm -rf target/e2e-results && mkdir -p target/e2e-results && ' +
        'TQ_RESULTS_DATABASE=sqlite://target/e2e-results/results.db ' +
        `target/debug/transition-quiz-results --config tests/pages/results.toml`,
      url: `http://127.0.0.1:${RESULTS_PORT}/healthz`,
      reuseExistingServer: false,
    },
  ],
});
