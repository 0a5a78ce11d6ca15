// The bench's webhook receiver, in its own process so it never shares an event loop with what it
// measures. It verifies every signature with the tests' own implementations, written from the
// documentation alone (test/helpers/standalone-receiver.mjs, nothing from src/): Bird's
// `messagebird-signature` (SPEC §1.6) with BENCH_SIGNING_KEY, and Standard Webhooks (the platform
// API) with the secrets registered through POST /__secrets. It counts, and keeps the arrival time of
// each request on the machine-wide monotonic clock (process.hrtime is CLOCK_MONOTONIC on Linux),
// which the bench process reads too.
//
// Usage: BENCH_SIGNING_KEY=… node receiver-process.mjs
// First stdout line: {"port":N}. Every webhook is answered 200 "ok".
// Control: GET /__stats → {received, verified, rejected, firstAt, lastAt, cpuUs (this process's CPU
// time so far, user + system)}; GET /__arrivals → {requestId or webhook-id: ns}; POST /__reset
// empties both (POST /__reset?arrivals=1 also starts keeping arrivals, which a million-delivery run
// should not: the receiver would grow by a Map entry per request); POST /__secrets {"secret":"whsec_…"} adds a secret Standard Webhooks deliveries may
// be signed with.
import { createServer } from 'node:http';
import { checkBirdSignature, checkStandardWebhook, serveOnFreePort } from '../helpers/standalone-receiver.mjs';

const key = process.env.BENCH_SIGNING_KEY ?? '';
const secrets = [];
let port = 0;
let stats;
let arrivals;
let keepArrivals = false;
const reset = (keep = false) => {
  stats = { received: 0, verified: 0, rejected: 0, firstAt: 0, lastAt: 0 };
  arrivals = new Map();
  keepArrivals = keep;
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
  if (req.url === '/__reset' || req.url === '/__reset?arrivals=1') {
    reset(req.url.endsWith('=1'));
    return json(res, { ok: true });
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks);
    if (req.url === '/__secrets') {
      secrets.push(JSON.parse(rawBody.toString('utf8')).secret);
      return json(res, { secrets: secrets.length });
    }
    stats.received++;
    if (stats.firstAt === 0) stats.firstAt = arrivedAt;
    stats.lastAt = arrivedAt;
    const standard = req.headers['webhook-signature'] !== undefined;
    const check = standard
      ? checkStandardWebhook(secrets, req.headers, rawBody)
      : checkBirdSignature(key, `http://127.0.0.1:${port}${req.url}`, req.headers, rawBody);
    if (check.verified) stats.verified++;
    else stats.rejected++;
    const requestId = standard ? req.headers['webhook-id'] : req.headers['messagebird-request-id'];
    if (keepArrivals && typeof requestId === 'string') arrivals.set(requestId, arrivedAt);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 30_000;

serveOnFreePort(server, (listening) => (port = listening));
