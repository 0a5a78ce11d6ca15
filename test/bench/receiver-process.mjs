// The bench's webhook receiver, in its own process so it never shares an event loop with what it
// measures. It verifies every signature with the tests' own implementation of SPEC §1.6
// (test/helpers/standalone-receiver.mjs, nothing from src/), counts, and keeps the arrival time of each request on the machine-wide monotonic clock
// (process.hrtime is CLOCK_MONOTONIC on Linux), which the bench process reads too.
//
// Usage: BENCH_SIGNING_KEY=… node receiver-process.mjs
// First stdout line: {"port":N}. Every webhook is answered 200 "ok".
// Control: GET /__stats → {received, verified, rejected, firstAt, lastAt, cpuUs (this process's CPU
// time so far, user + system)}; GET /__arrivals →
// {requestId: ns}; POST /__reset empties both.
import { createServer } from 'node:http';
import { checkBirdSignature, serveOnFreePort } from '../helpers/standalone-receiver.mjs';

const key = process.env.BENCH_SIGNING_KEY ?? '';
let port = 0;
let stats;
let arrivals;
const reset = () => {
  stats = { received: 0, verified: 0, rejected: 0, firstAt: 0, lastAt: 0 };
  arrivals = new Map();
};
reset();

const cpuMicroseconds = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const json = (res, value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));

const server = createServer((req, res) => {
  // @note The request event fires once the headers are parsed: for these one-packet requests that
  // is the arrival of the first byte, give or take the parser's microseconds.
  const arrivedAt = Number(process.hrtime.bigint());
  if (req.url === '/__stats') return json(res, { ...stats, cpuUs: cpuMicroseconds() });
  if (req.url === '/__arrivals') return json(res, Object.fromEntries(arrivals));
  if (req.url === '/__reset') {
    reset();
    return json(res, { ok: true });
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    stats.received++;
    if (stats.firstAt === 0) stats.firstAt = arrivedAt;
    stats.lastAt = arrivedAt;
    if (checkBirdSignature(key, `http://127.0.0.1:${port}${req.url}`, req.headers, Buffer.concat(chunks)).verified) stats.verified++;
    else stats.rejected++;
    const requestId = req.headers['messagebird-request-id'];
    if (typeof requestId === 'string') arrivals.set(requestId, arrivedAt);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 30_000;

serveOnFreePort(server, (listening) => (port = listening));
