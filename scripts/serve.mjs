#!/usr/bin/env node
// A small static file server for the demo and the end-to-end tests, with no dependencies.
//
//   node scripts/serve.mjs [--host 127.0.0.1] [--port 8080] [--mount /url/path=dir]... [--cors]
//
// Each --mount maps a URL prefix to a folder (the default is / = dist). The tests use it to
// serve the widget from one path and host pages from another. A response's headers can be
// chosen per request with query parameters on a page URL, so one server can play many sites:
//   ?csp=<policy>   sends Content-Security-Policy: <policy>
// and a request for "/__status/<code>" answers with that status, "/__hang" never answers.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

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

export function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 8080, mounts: [], cors: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--host') options.host = argv[++i];
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--cors') options.cors = true;
    else if (arg === '--mount') {
      const [prefix, dir] = argv[++i].split('=');
      options.mounts.push({ prefix: prefix.endsWith('/') ? prefix : prefix + '/', dir: resolve(dir) });
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (options.mounts.length === 0) options.mounts.push({ prefix: '/', dir: resolve('dist') });
  // Longest prefix first, so /site/ wins over /.
  options.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  return options;
}

export function startServer({ host, port, mounts, cors }) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host || host}`);
    const headers = { 'Cache-Control': 'no-store' };
    if (cors) headers['Access-Control-Allow-Origin'] = '*';
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
    let rel = decodeURIComponent(url.pathname.slice(mount.prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(mount.dir, rel));
    if (!file.startsWith(mount.dir)) return notFound(res, headers);
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound(res, headers);
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      notFound(res, headers);
    }
  });
  return new Promise((done) => server.listen(port, host, () => done(server)));
}

function notFound(res, headers) {
  res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
  res.end('not found');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = parseArgs(process.argv.slice(2));
  await startServer(options);
  const where = options.mounts.map((m) => `${m.prefix} -> ${m.dir}`).join(', ');
  console.log(`serving http://${options.host}:${options.port}/ (${where})`);
}
