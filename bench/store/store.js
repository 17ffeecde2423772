#!/usr/bin/env node
// A minimal object store the project did not write, for the upload benchmark (standard library only).
//
//   node bench/store/store.js [--port 0] [--delay-ms 0] [--host 127.0.0.1]
//
// PUT <any path>: Content-Length required (411 MissingContentLength otherwise), the body must have exactly that
// length (400 IncompleteBody), an optional Content-MD5 is checked (400 BadDigest), the answer is 200 with
// ETag "<hex MD5 of the bytes received>"; the bytes are discarded.
// POST <any path> (the per-file flow's multipart form): Content-Length required, body length checked, 204.
// --delay-ms N holds every answer N ms after the body has arrived (a far store).
// GET /_stats: JSON counters and the upload window (first request in -> last answer out, epoch ms with
// sub-ms precision); POST /_reset zeroes them. Prints "store ready: http://HOST:PORT" when listening.
'use strict';
const http = require('http');
const crypto = require('crypto');

const opts = { port: 0, delay: 0, host: '127.0.0.1' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = argv[i + 1];
  switch (argv[i]) {
    case '--port': opts.port = Number(value); i++; break;
    case '--delay-ms': opts.delay = Number(value); i++; break;
    case '--host': opts.host = value; i++; break;
    default: console.error(`unknown option ${argv[i]}; use --port N, --delay-ms N, --host H`); process.exit(2);
  }
}

const origin = Date.now() - performance.now();
const now = () => origin + performance.now(); // epoch ms, sub-ms resolution, monotonic
let stats;
function reset() {
  stats = { puts: 0, posts: 0, bytes: 0, errors: 0, first_in: null, last_out: null, delay_ms: opts.delay };
}
reset();

function xml(res, status, code, message) {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function answer(res, fn) {
  const done = () => { fn(); stats.last_out = now(); };
  if (opts.delay > 0) setTimeout(done, opts.delay); else done();
}

const server = http.createServer((req, res) => {
  if (req.url === '/_stats' && req.method === 'GET') {
    const body = JSON.stringify({ ...stats,
      window_s: stats.first_in == null ? 0 : (stats.last_out - stats.first_in) / 1000 });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
    return;
  }
  if (req.url === '/_reset' && req.method === 'POST') {
    reset();
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.method !== 'PUT' && req.method !== 'POST') {
    req.resume();
    answer(res, () => xml(res, 405, 'MethodNotAllowed', 'PUT or POST only'));
    return;
  }
  if (stats.first_in == null) stats.first_in = now();
  const declared = req.headers['content-length'];
  if (declared === undefined) {
    stats.errors++;
    req.resume();
    answer(res, () => xml(res, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.'));
    return;
  }
  const hash = crypto.createHash('md5');
  let received = 0;
  req.on('data', (chunk) => { received += chunk.length; hash.update(chunk); });
  req.on('end', () => {
    stats.bytes += received;
    if (received !== Number(declared)) {
      stats.errors++;
      answer(res, () => xml(res, 400, 'IncompleteBody', 'The request body terminated unexpectedly'));
      return;
    }
    const md5 = hash.digest();
    const sent = req.headers['content-md5'];
    if (req.method === 'PUT' && sent !== undefined && sent !== md5.toString('base64')) {
      stats.errors++;
      answer(res, () => xml(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.'));
      return;
    }
    if (req.method === 'POST') {
      stats.posts++;
      answer(res, () => { res.writeHead(204); res.end(); });
      return;
    }
    stats.puts++;
    answer(res, () => { res.writeHead(200, { ETag: `"${md5.toString('hex')}"`, 'Content-Length': 0 }); res.end(); });
  });
});
server.keepAliveTimeout = 60000;
server.headersTimeout = 65000;
server.requestTimeout = 0;
server.listen(opts.port, opts.host, () => {
  console.log(`store ready: http://${opts.host}:${server.address().port} delay-ms=${opts.delay}`);
});
process.on('SIGTERM', () => { console.log(`store stats: ${JSON.stringify(stats)}`); process.exit(0); });
