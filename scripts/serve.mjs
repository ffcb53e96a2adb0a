#!/usr/bin/env node
// A small static file server for the demo and the end-to-end tests, with no dependencies.
//
//   node scripts/serve.mjs --help    prints the options (USAGE below)
//
// Each --mount maps a URL prefix to a folder (the default is / = dist). The tests use it to
// serve the widget from one path and host pages from another. A response's headers can be
// chosen per request with query parameters on a page URL, so one server can play many sites:
//   ?csp=<policy>   sends Content-Security-Policy: <policy>
// and a request for "/__status/<code>" answers with that status, "/__hang" never answers.
// A malformed request (a bad percent escape, a path that is not one) answers 400, and nothing
// outside a mounted folder is ever served (404), however the path is spelt.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export const USAGE = `Usage: node scripts/serve.mjs [--host 127.0.0.1] [--port 8080] [--mount /url/path=dir]... [--cors]

Serves static files, for the demo and the end-to-end tests.
  --host HOST        the address to listen on (default 127.0.0.1)
  --port PORT        the port to listen on (default 8080)
  --mount PATH=DIR   serves the folder DIR under the URL prefix PATH; repeatable (default /=dist)
  --cors             sends Access-Control-Allow-Origin: * with every answer
  --help             prints this and exits
`;

/** The options the command line gives, or `{ help: true }` when it asks for the usage. */
export function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 8080, mounts: [], cors: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--host') options.host = argv[++i];
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--cors') options.cors = true;
    else if (arg === '--mount') {
      const [prefix, dir] = argv[++i].split('=');
      options.mounts.push(mountOf(prefix, dir));
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  if (options.mounts.length === 0) options.mounts.push(mountOf('/', 'dist'));
  options.mounts = sortMounts(options.mounts);
  return options;
}

/**
 * A mount as the server compares it: the URL prefix ending in "/" (so /site/ never matches
 * /sitex/) and the folder as an absolute path.
 */
function mountOf(prefix, dir) {
  return { prefix: prefix.endsWith('/') ? prefix : prefix + '/', dir: resolve(dir) };
}

/** Longest prefix first, so /site/ wins over /. */
function sortMounts(mounts) {
  return [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * The file a request path names inside `mount`, or null if it names none: the path after the
 * prefix is percent-decoded (an encoded "/" or ".." included), joined to the folder and
 * normalised, and must then lie inside the folder, compared with a trailing separator so
 * that a neighbour such as pages-private/ is not "inside" pages/.
 * Throws URIError on a malformed percent escape.
 */
function fileIn(mount, pathname) {
  let rel = decodeURIComponent(pathname.slice(mount.prefix.length));
  if (rel.includes('\0')) throw new URIError('NUL in path');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(mount.dir, rel));
  const inside = mount.dir.endsWith(sep) ? mount.dir : mount.dir + sep;
  return file.startsWith(inside) ? file : null;
}

export function startServer({ host, port, mounts, cors }) {
  // Normalised here too, not only in parseArgs, for callers that pass their own mounts.
  const table = sortMounts(mounts.map((m) => mountOf(m.prefix, m.dir)));
  // The handler is async: an error escaping it would be an unhandled rejection, which ends
  // the process. Anything unexpected answers 500 instead, and the server keeps serving.
  const server = createServer((req, res) => {
    answer(req, res, table, cors).catch((error) => {
      console.error(`serve: ${req.method} ${req.url}: ${error && error.stack ? error.stack : error}`);
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain' });
      res.end('internal error');
    });
  });
  return new Promise((done) => server.listen(port, host, () => done(server)));
}

async function answer(req, res, mounts, cors) {
  const headers = { 'Cache-Control': 'no-store' };
  if (cors) headers['Access-Control-Allow-Origin'] = '*';
  // Only the path and query are read, against a fixed base: a request target such as "//"
  // or a strange Host header must not make the URL parser throw.
  let url;
  try {
    url = new URL(`http://localhost${req.url.startsWith('/') ? req.url : '/' + req.url}`);
  } catch {
    return badRequest(res, headers);
  }
  const csp = url.searchParams.get('csp');
  if (csp) headers['Content-Security-Policy'] = csp;

  if (url.pathname === '/__hang') return; // Never answers: a network that times out.
  const status = url.pathname.match(/^\/__status\/(\d{3})$/);
  if (status) {
    res.writeHead(Number(status[1]), { ...headers, 'Content-Type': 'text/plain' });
    return res.end(`status ${status[1]}`);
  }

  const mount = mounts.find((m) => url.pathname.startsWith(m.prefix) || url.pathname + '/' === m.prefix);
  if (!mount) return notFound(res, headers);
  let file;
  try {
    file = fileIn(mount, url.pathname);
  } catch {
    return badRequest(res, headers); // a malformed percent escape, or a NUL byte
  }
  if (!file) return notFound(res, headers);
  try {
    const info = await stat(file);
    if (!info.isFile()) return notFound(res, headers);
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    notFound(res, headers);
  }
}

function badRequest(res, headers) {
  res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' });
  res.end('bad request');
}

function notFound(res, headers) {
  res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
  res.end('not found');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  await startServer(options);
  const where = options.mounts.map((m) => `${m.prefix} -> ${m.dir}`).join(', ');
  console.log(`serving http://${options.host}:${options.port}/ (${where})`);
}
