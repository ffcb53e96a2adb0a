#!/usr/bin/env node
// An example receiver for the results server's webhooks (README, "Webhooks"), with no
// dependencies: it keeps each completion once, whatever the network does.
//
//   node scripts/webhook-receiver.mjs --port 9000 --secret SECRET [--out completions.jsonl] [--max-age 300]
//
// For each POST it checks, in this order:
//   1. the signature: X-Transition-Quiz-Signature must be "sha256=" and the hex HMAC-SHA256 of
//      the raw body under the webhook's secret (compared in constant time), else 401;
//   2. the time: the body's sentAt (when the server sent this attempt, Unix seconds) must be
//      within --max-age seconds of now, else 400: a delivery recorded and replayed later is
//      refused, even though its signature is right (the signature covers sentAt);
//   3. the id: a completion's id seen before is answered 200 and not kept again (deliveries
//      are made at least once: a retry after a lost answer carries the same id).
// Then it appends the completion as one JSON line to --out (or standard output) and answers 204.
// The server packs this file beside its binary (make release).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

export const USAGE = `Usage: node webhook-receiver.mjs --port PORT --secret SECRET [--out FILE] [--max-age SECONDS]

Receives the results server's webhooks: checks each one's signature, refuses a delivery older
than --max-age seconds (300 by default: a replay), keeps each completion id once, and appends
each new completion to FILE as a JSON line (standard output without --out).
`;

/** Ids seen, with when: kept an hour (longer than the server's retries and --max-age). */
const REMEMBER = 3600;

/**
 * What to answer a delivery of `body` (the raw text) with `signature` (the header), under
 * `secret`, at `now` (Unix seconds), given the ids `seen` (a Map of id -> when, updated here):
 * { status, reason, payload }.
 */
export function check(body, signature, secret, seen, now = Date.now() / 1000, maxAge = 300) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(String(signature || ''));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, reason: 'bad signature' };
  const payload = JSON.parse(body);
  if (typeof payload.sentAt !== 'number' || Math.abs(now - payload.sentAt) > maxAge) {
    return { status: 400, reason: 'too old: a replay' };
  }
  for (const [id, when] of seen) if (now - when > REMEMBER) seen.delete(id);
  if (seen.has(payload.id)) return { status: 200, reason: 'seen before', payload };
  seen.set(payload.id, now);
  return { status: 204, reason: 'new', payload };
}

function parseArgs(argv) {
  const options = { maxAge: 300 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--secret') options.secret = argv[++i];
    else if (arg === '--out') options.out = argv[++i];
    else if (arg === '--max-age') options.maxAge = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  if (!options.port || !options.secret) throw new Error('--port and --secret are needed (see --help)');
  return options;
}

/** Starts the receiver; resolves to its HTTP server once it listens. */
export function startReceiver({ port, secret, out, maxAge = 300, host = '127.0.0.1' }) {
  const seen = new Map();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let answer;
      try {
        answer = check(Buffer.concat(chunks).toString('utf8'), request.headers['x-transition-quiz-signature'], secret, seen, Date.now() / 1000, maxAge);
      } catch (error) {
        answer = { status: 400, reason: `not a delivery: ${error.message}` };
      }
      if (answer.status === 204) {
        const line = `${JSON.stringify(answer.payload)}\n`;
        if (out) appendFileSync(out, line); else process.stdout.write(line);
      } else {
        process.stderr.write(`webhook-receiver: ${answer.status} ${answer.reason}\n`);
      }
      response.writeHead(answer.status).end();
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`webhook-receiver: ${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
  } else {
    const server = await startReceiver(options);
    process.stderr.write(`webhook-receiver: listening on http://127.0.0.1:${server.address().port}/\n`);
  }
}
