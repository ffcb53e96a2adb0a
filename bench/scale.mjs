// The results server at ten million completions (not a test; `make bench-scale`): loads
// synthetic completions of the built-in quiz spread over two years (crates/results-server/
// examples/scale-load.rs: each answered and scored as a reader's would be, written through the
// store's own batch path with their counts), into SQLite and into a PostgreSQL that
// scripts/with-postgres.sh keeps in target/bench-scale/postgres, then, with the release
// server on each, measures:
//
//   - the owner's dashboard page for a quiz over the last 30 days, and over the two years;
//   - the owner's home page (each quiz's last 30 days);
//   - the public summary, uncached (summary_max_age = 0: every request reads the counts);
//   - the aggregates export (CSV) of the two years;
//   - the raw CSV export of the two years (every completion), in rows per second, with the
//     server's resident memory sampled every 100 ms and its peak (VmHWM).
//
//   node bench/scale.mjs [--total N] [--runs N] [--load-seconds N] [--only sqlite|postgres]
//
// Loading takes a while and room (about 6 GB in SQLite and 8 GB in PostgreSQL for 10 million):
// it checks the disk first, prints its progress, stops after --load-seconds per database
// (3,600 by default), and is resumable: the databases stay in target/bench-scale/ and a rerun
// goes on where the last stopped (or measures at once when they are full); each --total has
// its own databases. The two years end on the day the first load started (kept in
// target/bench-scale/state-TOTAL.json). Everything is
// sent to 127.0.0.1; every loop is bounded in count and time. Results: target/bench/scale.json.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BINARY = join(ROOT, 'target', 'release', 'transition-quiz-results');
const LOADER = join(ROOT, 'target', 'release', 'examples', 'scale-load');
const WORK = join(ROOT, 'target', 'bench-scale');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const TOTAL = Number(arg('--total', 10_000_000));
const RUNS = Number(arg('--runs', 15));
const LOAD_SECONDS = Number(arg('--load-seconds', 3600));
const ONLY = arg('--only', '');
const DAYS = 730;
const QUIZ = 'four-transitions';
const AGENT = 'transition-quiz-bench/1 (Mozilla/5.0 compatible)';
const SECRET = 'a long secret for the scale benchmark';

mkdirSync(WORK, { recursive: true });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Room first: a database that fills the disk helps nobody.
const free = Number(execFileSync('df', ['--output=avail', '-B1', WORK], { encoding: 'utf8' }).split('\n')[1]);
console.log(execFileSync('df', ['-h', WORK], { encoding: 'utf8' }).trim());
const statePath = join(WORK, `state-${TOTAL}.json`);
const state = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : {};
const needed = (TOTAL / 10_000_000) * 16e9;
if (!state.lastDay && free < needed) {
  console.error(`bench-scale needs about ${Math.round(needed / 1e9)} GB free in ${WORK}; ${Math.round(free / 1e9)} GB are`);
  process.exit(1);
}
state.lastDay ||= new Date().toISOString().slice(0, 10);
writeFileSync(statePath, JSON.stringify(state));
const dayNumber = (text) => Math.round(Date.parse(`${text}T00:00:00Z`) / 86_400_000);
const dateOf = (day) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const LAST = dayNumber(state.lastDay);

/** Loads (or goes on loading) `database`; resolves with how many completions it holds. */
function load(database) {
  const args = ['--database', database, '--total', String(TOTAL), '--days', String(DAYS), '--last-day', state.lastDay,
    '--max-seconds', String(LOAD_SECONDS)];
  const run = spawnSync(LOADER, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
  process.stdout.write(run.stdout);
  if (run.status !== 0) throw new Error(`the loader failed on ${database}`);
  const lines = run.stdout.trim().split('\n');
  const done = /^(\d+) of \d+ completions/.exec(lines[lines.length - 1]);
  const already = /: (\d+) of \d+ completions loaded already/.exec(lines[0]);
  return Number(done?.[1] ?? already?.[1] ?? 0);
}

function request(port, path, { method = 'GET', headers = {}, body, sink } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { 'user-agent': AGENT, ...headers } }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; if (sink) sink(chunk); else chunks.push(chunk); });
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, bytes, text: sink ? '' : Buffer.concat(chunks).toString('utf8'),
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function startServer(database, port) {
  const config = join(WORK, `results-${port}.toml`);
  writeFileSync(config, [`listen = "127.0.0.1:${port}"`, `dashboard_secret = "${SECRET}"`, 'summary_max_age = 0', ''].join('\n'));
  const child = spawn(BINARY, ['--config', config, '--database', database], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', () => {});
  for (let i = 0; i < 600; i++) {
    try {
      if ((await request(port, '/healthz')).status === 200) return child;
    } catch {}
    await sleep(100);
  }
  throw new Error('the server did not start');
}

async function signIn(port) {
  const form = await request(port, '/dashboard');
  const csrf = /tq_csrf=([^;]+)/.exec(form.headers['set-cookie'].join(';'))[1];
  const body = new URLSearchParams({ secret: SECRET, csrf }).toString();
  const signed = await request(port, '/dashboard/sign-in', {
    method: 'POST', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tq_csrf=${csrf}`, 'content-length': Buffer.byteLength(body) },
  });
  return `tq_session=${/tq_session=([^;]+)/.exec(signed.headers['set-cookie'].join(';'))[1]}`;
}

const quantile = (values, q) => { const sorted = [...values].sort((a, b) => a - b); return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]; };
const round = (ms) => Math.round(ms * 10) / 10;

/** `runs` requests of `path`, one at a time: p50, p90 and the slowest, in ms. */
async function timed(port, path, headers, runs = RUNS) {
  const times = [];
  let status = 0;
  let bytes = 0;
  for (let n = 0; n < runs; n++) {
    const answer = await request(port, path, { headers });
    status = answer.status;
    bytes = answer.bytes;
    times.push(answer.ms);
  }
  if (status !== 200) throw new Error(`${path} answered ${status}`);
  return { p50: round(quantile(times, 0.5)), p90: round(quantile(times, 0.9)), max: round(Math.max(...times)), bytes };
}

const memory = (pid, field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024);

/** The raw CSV export of the two years, read by curl and counted by wc (light clients: the
 * machine has two cores), the server's memory sampled every 100 ms. */
async function rawExport(port, session, pid) {
  let most = 0;
  const sampler = setInterval(() => { most = Math.max(most, memory(pid, 'VmRSS')); }, 100);
  const url = `http://127.0.0.1:${port}/dashboard/export/${QUIZ}/completions.csv?from=${dateOf(LAST - DAYS + 1)}&to=${dateOf(LAST)}`;
  const started = process.hrtime.bigint();
  const counted = await new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', 'curl -sS --fail -A "$AGENT" -H "cookie: $COOKIE" -w "%{stderr}%{size_download}" "$URL" | wc -l'],
      { env: { ...process.env, AGENT, COOKIE: session, URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => (code === 0 ? resolve({ bytes: Number(err.trim()), lines: out }) : reject(new Error(`curl: ${code} ${err}`))));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const rows = Number(counted.lines.trim()) - 1;
  return {
    rows, megabytes: Math.round(counted.bytes / 1e6), seconds: round(seconds),
    rowsPerSecond: Math.round(rows / seconds), rssMaxMB: most, rssPeakMB: memory(pid, 'VmHWM'),
  };
}

async function measure(name, database, loaded) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = await startServer(database, port);
  const session = await signIn(port);
  const owner = { cookie: session };
  const twoYears = `from=${dateOf(LAST - DAYS + 1)}&to=${dateOf(LAST)}`;
  const lastThirty = `from=${dateOf(LAST - 29)}&to=${dateOf(LAST)}`;
  const result = {
    name, completions: loaded,
    dashboard30: await timed(port, `/dashboard/quiz/${QUIZ}?${lastThirty}`, owner),
    dashboard730: await timed(port, `/dashboard/quiz/${QUIZ}?${twoYears}`, owner),
    home: await timed(port, '/dashboard', owner),
    summary: await timed(port, `/api/v1/summary/${QUIZ}`, {}, RUNS * 2),
    aggregates: await timed(port, `/dashboard/export/${QUIZ}/aggregates.csv?${twoYears}`, owner, 5),
    raw: await rawExport(port, session, child.pid),
  };
  result.peakRssMB = memory(child.pid, 'VmHWM');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  rmSync(join(WORK, `results-${port}.toml`), { force: true });
  // With the server stopped: the binary's check of the counts against a recount, and the
  // recount itself (which leaves the counts as they were, when they agreed).
  for (const [name, flag] of [['check', '--check-counts'], ['rebuild', '--rebuild-counts']]) {
    const started = Date.now();
    const run = spawnSync(BINARY, ['--database', database, flag], { encoding: 'utf8', timeout: 1_800_000 });
    result[name] = { seconds: Math.round((Date.now() - started) / 100) / 10, status: run.status, said: run.stdout.trim().split('\n').pop() };
  }
  return result;
}

const results = [];
if (ONLY !== 'postgres') {
  const database = `sqlite://${join(WORK, `sqlite-${TOTAL}.db`)}`;
  console.log(`SQLite: loading ${TOTAL} completions over ${DAYS} days to ${state.lastDay} (resumable)`);
  const loaded = load(database);
  results.push(await measure('SQLite (WAL, synchronous=FULL)', database, loaded));
}
if (ONLY !== 'sqlite' && process.env.TQ_TEST_POSTGRES) {
  const server = process.env.TQ_TEST_POSTGRES;
  const name = `scale_${TOTAL}`;
  const exists = execFileSync('psql', [`${server}/postgres`, '-Atc', `SELECT count(*) FROM pg_database WHERE datname = '${name}'`], { encoding: 'utf8' }).trim();
  if (exists === '0') execFileSync('psql', [`${server}/postgres`, '-c', `CREATE DATABASE ${name}`]);
  const version = execFileSync('psql', [`${server}/postgres`, '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim().split(' ')[0];
  console.log(`PostgreSQL ${version}: loading ${TOTAL} completions over ${DAYS} days to ${state.lastDay} (resumable)`);
  const loaded = load(`${server}/${name}`);
  results.push(await measure(`PostgreSQL ${version}`, `${server}/${name}`, loaded));
}

mkdirSync(join(ROOT, 'target', 'bench'), { recursive: true });
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
writeFileSync(join(ROOT, 'target', 'bench', 'scale.json'), JSON.stringify({
  date: new Date().toISOString(), commit, total: TOTAL, days: DAYS, lastDay: state.lastDay, runs: RUNS, cpus: os.cpus().length, results,
}, null, 2));
const row = (label, figure) => `  ${label.padEnd(44)} ${figure}`;
const ms = (t) => `p50 ${t.p50} ms, p90 ${t.p90} ms, slowest ${t.max} ms`;
for (const r of results) {
  console.log(`${r.name}: ${r.completions.toLocaleString('en')} completions over ${DAYS} days`);
  console.log(row('dashboard, a quiz, last 30 days', ms(r.dashboard30)));
  console.log(row('dashboard, a quiz, two years', ms(r.dashboard730)));
  console.log(row('dashboard home (every quiz, 30 days)', ms(r.home)));
  console.log(row('summary, uncached', ms(r.summary)));
  console.log(row('aggregates.csv, two years', ms(r.aggregates)));
  console.log(row('completions.csv, two years', `${r.raw.rows.toLocaleString('en')} rows, ${r.raw.megabytes} MB in ${r.raw.seconds} s: ${r.raw.rowsPerSecond.toLocaleString('en')} rows/s; server RSS at most ${r.raw.rssMaxMB} MB`));
  console.log(row('server peak RSS (VmHWM)', `${r.peakRssMB} MB`));
  console.log(row('--check-counts (server stopped)', `${r.check.seconds} s: ${r.check.said}`));
  console.log(row('--rebuild-counts (server stopped)', `${r.rebuild.seconds} s: ${r.rebuild.said}`));
}
