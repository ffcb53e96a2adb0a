// dist/ is a ready npm package: `npm pack` works and packs exactly the files a site owner
// needs, at the version in Cargo.toml.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';

test('npm pack packs the widget, its files and the README at the crate version', () => {
  const dist = new URL('../../dist/', import.meta.url).pathname;
  const out = mkdtempSync(join(tmpdir(), 'transition-quiz-pack-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dist, encoding: 'utf8' }));
    const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8'))[1];
    expect(packed.name).toBe('transition-quiz');
    expect(packed.version).toBe(version);
    const files = packed.files.map((file) => file.path).sort();
    expect(files).toEqual([
      'LICENSE', 'README.md', 'embed.js', 'package.json', 'playground.css', 'playground.html', 'playground.js',
      'quiz.schema.json', 'quizzes/four-transitions.en.json', 'quizzes/four-transitions.es.json',
      'transition-quiz.js', 'transition-quiz_bg.wasm', 'widget.css',
    ]);
    const listing = execFileSync('tar', ['-tzf', join(out, packed.filename)], { encoding: 'utf8' });
    expect(listing).toContain('package/transition-quiz_bg.wasm');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the README\'s "$schema" address is the schema served next to embed.js', async ({ request }) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const schema = /"\$schema": "([^"]+)"/.exec(readme)[1];
  const uploadedTo = /`dist\/` uploaded to `([^`]+)`/.exec(readme)[1];
  // An absolute address a site owner's editor can fetch, in the folder dist/ was uploaded to.
  expect(schema).toBe(new URL('quiz.schema.json', uploadedTo).href);
  const served = await request.get('/widget/quiz.schema.json');
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toContain('application/json');
  const body = await served.json();
  expect(body.required).toContain('version');
  expect(Object.keys(body.properties)).toContain('$schema');
});
