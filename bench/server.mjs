// The results server's benchmark (not a test): for SQLite and PostgreSQL, sustained
// completions per second with p50/p99 latency (wrk, unique completion ids, loopback only),
// p50/p99 at a paced 1,000 completions/s, summary requests per second, the server's peak
// memory (RSS), p50/p99 of completions paced at 1,000/s beside 1,000 refused completions/s
// (a page on an origin the quiz does not list: each refusal is counted for the owner, which
// must not slow the completions taken), and a fault run: the server killed with SIGKILL in the middle of a load,
// restarted, and every completion that got a 200 looked up in the database. A webhook is
// configured throughout (a receiver in this process, answering 204): every completion's
// delivery goes through the outbox, and the fault run also checks that each acknowledged
// completion's delivery arrives after the restart.
//
//   node bench/server.mjs [--seconds N]      (make bench-server: builds the release server,
//                                             installs wrk if missing, starts PostgreSQL)
// Every load is bounded in time and sent to 127.0.0.1 only. Results: target/bench/server.json.
// The quiz is the server tests' own small one (crates/results-server/tests/quizzes/climb.json).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// TQ_BENCH_BINARY: another build to measure (an older commit's, for a before and after on the
// same machine at the same hour).
const BINARY = process.env.TQ_BENCH_BINARY || join(ROOT, 'target', 'release', 'transition-quiz-results');
const SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const AGENT = 'transition-quiz-bench/1 (Mozilla/5.0 compatible)';
const QUIZ_FILE = join(ROOT, 'crates', 'results-server', 'tests', 'quizzes', 'climb.json');
const quiz = JSON.parse(readFileSync(QUIZ_FILE, 'utf8'));
const answers = { stage: 's2', hardest: 'h3', q1: 'b', q2: 'b', q3: 'd' };

/** The quiz's fingerprint, FNV-1a over its ids as crates/quiz-core/src/fingerprint.rs says. */
function fingerprint(quiz) {
  let hash = 0x811c9dc5;
  const feed = (text) => {
    for (const byte of [...Buffer.from(text, 'utf8'), 0]) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  };
  quiz.outcomes.forEach((o) => feed(o.id));
  quiz.questions.forEach((q) => { feed(q.id); q.choices.forEach((c) => feed(c.id)); });
  return hash.toString(16).padStart(8, '0');
}
const body = (id) => JSON.stringify({ id, quiz: 'climb', fingerprint: fingerprint(quiz), answers, page: '/bench' });

/** The owner's webhook endpoint: counts every delivery and keeps the ids it has seen. */
const hook = { received: 0, ids: new Set() };
const hookServer = http.createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    hook.received += 1;
    try { hook.ids.add(JSON.parse(text).id); } catch {}
    res.writeHead(204).end();
  });
});
await new Promise((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
const HOOK = `http://127.0.0.1:${hookServer.address().port}/hook`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () => new Promise((resolve) => {
  const server = http.createServer().listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

/** Starts the server on `database`; resolves once /healthz answers. */
async function startServer(database, port) {
  const dir = mkdtempSync(join(os.tmpdir(), 'tq-bench-'));
  const config = join(dir, 'results.toml');
  // The cap and the rate limit are raised for a load from one client: both are per reader.
  // The load sends no Origin (not from a page); the refused load names another site's.
  writeFileSync(config, [
    `listen = "127.0.0.1:${port}"`, 'daily_cap = 4000000000', 'rate_burst = 4000000000', 'rate_per_minute = 4000000000',
    'min_completions = 1', 'summary_max_age = 60', '', '[quizzes.climb]', `file = ${JSON.stringify(QUIZ_FILE)}`,
    `webhook = { url = "${HOOK}", secret = "bench" }`, 'origins = ["https://blog.example"]', '',
  ].join('\n'));
  const child = spawn(BINARY, ['--config', config, '--database', database], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', () => {});
  for (let i = 0; i < 100; i++) {
    try {
      const ok = await get(`http://127.0.0.1:${port}/healthz`);
      if (ok.status === 200) return { child, dir };
    } catch {}
    await sleep(100);
  }
  throw new Error('the server did not start');
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'user-agent': AGENT } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    }).on('error', reject);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(port, payload, origin) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const headers = { 'content-type': 'application/json', 'user-agent': AGENT, 'content-length': Buffer.byteLength(payload) };
    if (origin) headers.origin = origin;
    const req = http.request({ host: '127.0.0.1', port, path: '/api/v1/completions', method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(payload);
  });
}

const quantile = (values, q) => { const sorted = [...values].sort((a, b) => a - b); return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]; };

/** wrk against `path` for SECONDS; returns requests/s and the latency percentiles. */
function wrk(port, path, script) {
  const args = ['-t2', '-c64', `-d${SECONDS}s`, '--latency', '-H', `User-Agent: ${AGENT}`];
  if (script) args.push('-s', join(ROOT, 'bench', 'server', script));
  const out = execFileSync('wrk', [...args, `http://127.0.0.1:${port}${path}`], {
    env: { ...process.env, BODY: body('%s') }, encoding: 'utf8',
  });
  const perSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const latency = (p) => { const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out); return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null; };
  const errors = Number((/non-2xx or socket errors: (\d+)/.exec(out) || [0, 0])[1]);
  return { perSecond: Math.round(perSecond), p50: latency(50), p99: latency(99), errors };
}

/** Completions at a steady `rate` per second for SECONDS, each with its own id, from a page on
 * `origin` (none: not from a page); those answered `expected` count as taken. */
async function paced(port, rate, prefix, origin = undefined, expected = 200) {
  const latencies = [];
  let failed = 0;
  const pending = [];
  const started = Date.now();
  for (let n = 0; Date.now() - started < SECONDS * 1000; n++) {
    const due = started + (n * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    pending.push(post(port, body(`${prefix}${String(n).padStart(12, '0')}`), origin).then(({ status, ms }) => {
      if (status === expected) latencies.push(ms); else failed += 1;
    }));
  }
  await Promise.all(pending);
  return { rate, sent: latencies.length + failed, failed, p50: round(quantile(latencies, 0.5)), p99: round(quantile(latencies, 0.99)) };
}
const round = (ms) => Math.round(ms * 10) / 10;

/** Peak resident memory of a process, in MB. */
const peakRss = (pid) => Math.round(Number(/VmHWM:\s+(\d+)/.exec(execFileSync('cat', [`/proc/${pid}/status`], { encoding: 'utf8' }))[1]) / 1024);

/** The fault run: 32 writers for up to 6 s; SIGKILL after 2 s; restart; look every 200 up;
 * then wait (at most 120 s) until every acknowledged completion's webhook has arrived. */
async function faultRun(database, lookup) {
  hook.ids.clear();
  const port = await freePort();
  let { child, dir } = await startServer(database, port);
  const acknowledged = [];
  let stop = false;
  const writers = Array.from({ length: 32 }, async (_, writer) => {
    for (let n = 0; !stop && n < 1_000_000; n++) {
      const id = `fault${String(writer).padStart(2, '0')}${String(n).padStart(12, '0')}`;
      const { status } = await post(port, body(id));
      if (status === 200) acknowledged.push(id);
      if (status === 0) await sleep(5);
    }
  });
  await sleep(2000);
  child.kill('SIGKILL');
  await sleep(500);
  stop = true;
  await Promise.all(writers);
  rmSync(dir, { recursive: true, force: true });
  ({ child, dir } = await startServer(database, port));
  const stored = new Set(lookup());
  const started = Date.now();
  const undelivered = () => acknowledged.filter((id) => !hook.ids.has(id)).length;
  while (undelivered() > 0 && Date.now() - started < 120_000) await sleep(200);
  const deliverySeconds = Math.round((Date.now() - started) / 100) / 10;
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  const lost = acknowledged.filter((id) => !stored.has(id));
  return {
    acknowledged: acknowledged.length, stored: [...stored].filter((id) => id.startsWith('fault')).length, lost: lost.length,
    webhooksUndelivered: undelivered(), deliverySeconds,
  };
}

async function benchmark(name, database, faultDatabase, lookup) {
  const port = await freePort();
  const { child, dir } = await startServer(database, port);
  const deliveredBefore = hook.received;
  const started = Date.now();
  const completions = wrk(port, '/api/v1/completions', 'completions.lua');
  const steady = await paced(port, 1000, 'paced');
  const [besideRefusals, refused] = await Promise.all([
    paced(port, 1000, 'mixed'),
    paced(port, 1000, 'refused', 'https://elsewhere.example', 403),
  ]);
  const summaries = wrk(port, '/api/v1/summary/climb');
  const deliveries = Math.round((hook.received - deliveredBefore) / ((Date.now() - started) / 1000));
  const rss = peakRss(child.pid);
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  const fault = await faultRun(faultDatabase, lookup);
  return { name, completions, steady, besideRefusals, refused, summaries, webhookDeliveriesPerSecond: deliveries, peakRssMB: rss, fault };
}

const results = [];
const work = mkdtempSync(join(os.tmpdir(), 'tq-bench-db-'));
const sqliteFile = join(work, 'results.db');
const sqliteFault = join(work, 'fault.db');
const sqliteIds = () => execFileSync('python3', ['-c', `import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("select id from completions")]`, sqliteFault], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean);
results.push(await benchmark('SQLite (WAL, synchronous=FULL)', `sqlite://${sqliteFile}`, `sqlite://${sqliteFault}`, sqliteIds));
if (process.env.TQ_TEST_POSTGRES) {
  const server = process.env.TQ_TEST_POSTGRES;
  const [database, fault] = [`bench${process.pid}`, `fault${process.pid}`];
  const psql = (db, sql) => execFileSync('psql', [`${server}/${db}`, '-At', '-c', sql], { encoding: 'utf8', maxBuffer: 1 << 28 });
  psql('postgres', `CREATE DATABASE ${database}`);
  psql('postgres', `CREATE DATABASE ${fault}`);
  results.push(await benchmark('PostgreSQL 15', `${server}/${database}`, `${server}/${fault}`, () => psql(fault, 'SELECT id FROM completions').split('\n').filter(Boolean)));
}
rmSync(work, { recursive: true, force: true });
hookServer.close();

mkdirSync(join(ROOT, 'target', 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'target', 'bench', 'server.json'), JSON.stringify({ date: new Date().toISOString(), seconds: SECONDS, cpus: os.cpus().length, results }, null, 2));
for (const r of results) {
  console.log(`${r.name}:`);
  console.log(`  completions, wrk 2 threads x 64 connections, ${SECONDS} s: ${r.completions.perSecond}/s, p50 ${r.completions.p50} ms, p99 ${r.completions.p99} ms, errors ${r.completions.errors}`);
  console.log(`  completions paced at ${r.steady.rate}/s: p50 ${r.steady.p50} ms, p99 ${r.steady.p99} ms (${r.steady.failed} failed of ${r.steady.sent})`);
  console.log(`  completions paced at ${r.besideRefusals.rate}/s beside ${r.refused.rate} refused/s: p50 ${r.besideRefusals.p50} ms, p99 ${r.besideRefusals.p99} ms (${r.besideRefusals.failed} failed of ${r.besideRefusals.sent}; refusals p99 ${r.refused.p99} ms, ${r.refused.failed} not refused)`);
  console.log(`  summaries: ${r.summaries.perSecond}/s, p50 ${r.summaries.p50} ms, p99 ${r.summaries.p99} ms`);
  console.log(`  webhook deliveries during the loads: ${r.webhookDeliveriesPerSecond}/s`);
  console.log(`  peak RSS: ${r.peakRssMB} MB`);
  console.log(`  fault run (SIGKILL mid-load): ${r.fault.acknowledged} acknowledged, ${r.fault.lost} of them lost, ${r.fault.stored} stored; webhooks: ${r.fault.webhooksUndelivered} of them undelivered ${r.fault.deliverySeconds} s after the restart`);
}
