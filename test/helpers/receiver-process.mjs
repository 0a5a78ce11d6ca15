// A webhook receiver in its own process, with its own implementation of Bird's signature check
// (SPEC §1.6), written from the documentation alone: it imports nothing from src/, so it proves the
// emulator signs the way Bird documents, not merely the way its own verifier expects.
//
// Usage: RECEIVER_KEYS='{"/path":"signing key",…}' node receiver-process.mjs
// First stdout line: {"port":N}. Then one JSON line per request:
// {"requestId","verified","event","path","reason"?}. Every request is answered 200.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const keys = JSON.parse(process.env.RECEIVER_KEYS ?? '{}');
let port = 0;

function sign(key, timestamp, url, rawBody) {
  const bodyDigest = createHash('sha256').update(rawBody).digest();
  return createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${timestamp}\n${url}\n`, 'utf8'), bodyDigest]))
    .digest();
}

// The two vectors of SPEC §1.6: this implementation must reproduce them before it judges anything.
const VECTORS = [
  ['', 'DE1SjJLeCK+ineZ5vdUupK/FTipcBoHojng/MMIIq5A='],
  [
    '{"service":"channels","event":"sms.inbound","payload":{"id":"00000000-0000-0000-0000-000000000001"}}',
    'vaDF8NUa2O4+myqb+RRz6ZJoUnKcfShHa6rxYd17XnA=',
  ],
];
for (const [body, expected] of VECTORS) {
  const actual = sign('secureSigningKey', '1700000000', 'https://domain.com/webhook/bird', Buffer.from(body, 'utf8')).toString('base64');
  if (actual !== expected) {
    process.stderr.write(`receiver-process: own signer gives ${actual} for a SPEC vector, expected ${expected}\n`);
    process.exit(1);
  }
}

function verify(path, headers, rawBody) {
  const key = keys[path];
  if (typeof key !== 'string') return { verified: false, reason: `no signing key for ${path}` };
  const signature = headers['messagebird-signature'];
  const timestamp = headers['messagebird-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { verified: false, reason: 'missing header' };
  const expected = sign(key, timestamp, `http://127.0.0.1:${port}${path}`, rawBody);
  const given = Buffer.from(signature, 'base64');
  const verified = given.length === expected.length && timingSafeEqual(given, expected);
  return verified ? { verified } : { verified, reason: `expected ${expected.toString('base64')}, got ${signature}` };
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks);
    const path = req.url ?? '';
    let event;
    try {
      event = JSON.parse(rawBody.toString('utf8')).event;
    } catch {
      event = null;
    }
    const result = verify(path, req.headers, rawBody);
    process.stdout.write(`${JSON.stringify({ requestId: req.headers['messagebird-request-id'], event, path, ...result })}\n`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});

server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
