// The static server the demo and these tests run on (scripts/serve.mjs): a malformed request
// gets 400 and the server keeps serving, and no spelling of a path (a sibling of a mount's
// prefix, an encoded "..", a folder whose name starts like the mounted one's) serves a file
// from outside the mounted folder; --help prints its usage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';

/** What a refusal may be: not found, bad request or forbidden, never a file. */
const REFUSED = [400, 403, 404];

test('a malformed percent escape gets 400, and the next request is still served', async ({ request }) => {
  for (const path of ['/site/%E0%A4%A', '/site/%', '/widget/%zz.js', '/site/plain%E0.html']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    const next = await request.get('/site/plain.html');
    expect(next.status(), `after ${path}`).toBe(200);
    expect(await next.text()).toContain('data-transition-quiz');
  }
});

test('a request target of "//" is refused, and the server keeps serving', async ({ request, baseURL }) => {
  // "//" is not a URL relative to a host (it reads as one with no host name): parsing it
  // that way throws, which once ended the server.
  const response = await request.get(`${baseURL}//`);
  expect(REFUSED, '//').toContain(response.status());
  expect((await request.get('/widget/embed.js')).status()).toBe(200);
});

test('sibling prefixes and encoded ".." never reach outside a mounted folder', async ({ request }) => {
  const paths = [
    '/sitex/plain.html',
    '/site-x/plain.html',
    '/site..%2Fpages/plain.html',
    '/site/..%2Fe2e/serve.spec.mjs',
    '/site/..%2F..%2Fpackage.json',
    '/site/%2e%2e%2f%2e%2e%2fpackage.json',
    '/site/%2E%2E/%2E%2E/package.json',
    '/site/..%5c..%5cpackage.json',
    '/widget/..%2Fpackage.json',
    '/widget/..%2F..%2Fmain%2Fpackage.json',
    '/widget/%2e%2e/Cargo.toml',
    '/site/plain.html%00.txt',
  ];
  for (const path of paths) {
    const response = await request.get(path);
    expect(REFUSED, `${path} answered ${response.status()}`).toContain(response.status());
    expect(await response.text(), path).not.toMatch(/"name"|\[package\]|<html|import /);
  }
  // The mounts themselves still serve.
  expect((await request.get('/site/plain.html')).status()).toBe(200);
  expect((await request.get('/widget/embed.js')).status()).toBe(200);
});

test('a folder whose name starts like the mounted one is not inside it', async ({ request }) => {
  // The test server's mounted folders have no such neighbour, so this starts its own server
  // on a temporary folder that has: pages/ (mounted) next to pages-private/.
  const dir = mkdtempSync(join(tmpdir(), 'serve-spec-'));
  mkdirSync(join(dir, 'pages'));
  mkdirSync(join(dir, 'pages-private'));
  writeFileSync(join(dir, 'pages', 'page.html'), '<p>public</p>\n');
  writeFileSync(join(dir, 'pages', 'x.html'), '<p>public x</p>\n');
  writeFileSync(join(dir, 'pages-private', 'secret.txt'), 'secret\n');
  // One prefix as parseArgs writes it (with "/"), one as a caller of startServer may (without).
  const mounts = [
    { prefix: '/site/', dir: join(dir, 'pages') },
    { prefix: '/docs', dir: join(dir, 'pages') },
  ];
  const server = await startServer({ host: '127.0.0.1', port: 0, mounts, cors: false });
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    expect((await request.get(`${origin}/site/page.html`)).status()).toBe(200);
    expect((await request.get(`${origin}/docs/page.html`)).status()).toBe(200);
    for (const path of [
      '/site/..%2Fpages-private/secret.txt',
      '/site/%2e%2e%2fpages-private%2fsecret.txt',
      '/docs..%2Fpages-private/secret.txt',
      '/docsx.html', // /docs + x.html: a sibling of the prefix, not a path inside it
    ]) {
      const response = await request.get(`${origin}${path}`);
      expect(REFUSED, `${path} answered ${response.status()}`).toContain(response.status());
      expect(await response.text(), path).not.toMatch(/secret|public/);
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help prints the usage and exits 0; an unknown argument points to it', () => {
  const serve = new URL('../../scripts/serve.mjs', import.meta.url).pathname;
  const help = spawnSync(process.execPath, [serve, '--help'], { encoding: 'utf8', timeout: 10_000 });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: node scripts\/serve\.mjs /);
  for (const option of ['--host', '--port', '--mount', '--cors', '--help']) expect(help.stdout).toContain(option);
  const wrong = spawnSync(process.execPath, [serve, '--bogus'], { encoding: 'utf8', timeout: 10_000 });
  expect(wrong.status).not.toBe(0);
  expect(wrong.stderr).toContain('unknown argument --bogus (see --help)');
});
