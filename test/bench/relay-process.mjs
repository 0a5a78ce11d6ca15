// The floor of the emulator's HTTP fire path: a bare relay doing the same two HTTP exchanges and
// nothing else. It takes a fire request (`POST` with a JSON body naming the event), parses it,
// builds an sms.inbound body of the emulator's shape and size, signs it as Bird does, sends it to the
// receiver and answers 201 with the event and its delivery, as `POST /_emulator/events` does. It
// imports nothing from src/ or dist/: node:http serves, undici's Pool.dispatch sends (the client
// primitive the emulator uses, so the difference is the emulator's own work: routing, validation,
// generation, recording, the live log), and Bird's signature is the tests' own implementation.
// No history, no live log, no retries, one fixed destination.
//
// Usage: BENCH_SIGNING_KEY=… node relay-process.mjs <destination URL>
// First stdout line: {"url":…}. IPC message "rss" → {rss, heapUsed, cpuUs}. SIGTERM exits 0.
import { createServer } from 'node:http';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Pool } from 'undici';

const key = Buffer.from(process.env.BENCH_SIGNING_KEY ?? '', 'utf8');
const destination = new URL(process.argv[2] ?? 'http://127.0.0.1:9/');
const pool = new Pool(destination.origin, { connections: 128, keepAliveTimeout: 10_000 });
const path = `${destination.pathname}${destination.search}`;

const digits = (n) => {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(Math.random() * 10);
  return out;
};
const hex = (n) => {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
};

/** A payload of the emulator's sms.inbound shape, with fresh ids and times. */
function payloadOf() {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    channelId: randomUUID(),
    sender: { contact: { id: randomUUID(), identifierKey: 'phonenumber', identifierValue: `+316${digits(8)}` } },
    receiver: { connector: { id: randomUUID() } },
    body: { type: 'text', text: { text: 'Hi, where is my order?' } },
    parts: [{ platformReference: hex(32) }],
    status: 'delivered',
    direction: 'incoming',
    lastStatusAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

// Answers are counted, not kept: a failed delivery would show in the receiver's count.
const handler = {
  onRequestStart() {},
  onResponseStart() {},
  onResponseData() {},
  onResponseEnd() {},
  onResponseError() {},
};

const fail = (res, status, message) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(res, 400, 'not JSON');
    }
    if (typeof input?.event !== 'string' || typeof input.service !== 'string') return fail(res, 422, 'event and service are required');
    const payload = payloadOf();
    const body = `{"service":${JSON.stringify(input.service)},"event":${JSON.stringify(input.event)},"payload":${JSON.stringify(payload)}}`;
    const requestId = randomUUID();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const digest = createHash('sha256').update(body).digest();
    const signature = createHmac('sha256', key).update(`${timestamp}\n${destination.href}\n`, 'utf8').update(digest).digest('base64');
    const headers = {
      'content-type': 'application/json',
      'messagebird-request-id': requestId,
      'messagebird-request-timestamp': timestamp,
      'messagebird-signature': signature,
    };
    pool.dispatch({ origin: destination.origin, path, method: 'POST', headers, body }, handler);
    const answer = {
      id: randomUUID(),
      service: input.service,
      event: input.event,
      payload,
      matched: 1,
      deliveries: [{ id: requestId, url: destination.href, status: 'pending', attemptCount: 0 }],
    };
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));

process.on('message', (message) => {
  if (message === 'rss') {
    const { user, system } = process.cpuUsage();
    process.send?.({
      rss: process.memoryUsage().rss,
      heapUsed: process.memoryUsage().heapUsed,
      cpuUs: user + system,
    });
  }
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().finally(() => process.exit(0));
});
