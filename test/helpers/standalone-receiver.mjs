// What the receivers that run in their own process share (test/helpers/receiver-process.mjs and
// test/bench/receiver-process.mjs): Bird's signature check (SPEC §1.6) written from the
// documentation alone, and the serving shell. It imports nothing from src/, so a receiver built on
// it proves the emulator signs the way Bird documents, not merely the way its own verifier expects.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** base64 is the header's form; this returns the raw 32 bytes. */
export function birdSignature(key, timestamp, url, rawBody) {
  const bodyDigest = createHash('sha256').update(rawBody).digest();
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(`${timestamp}\n${url}\n`, 'utf8').update(bodyDigest).digest();
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
  const actual = birdSignature('secureSigningKey', '1700000000', 'https://domain.com/webhook/bird', Buffer.from(body, 'utf8')).toString(
    'base64',
  );
  if (actual !== expected) throw new Error(`own signer gives ${actual} for a SPEC vector, expected ${expected}`);
}

/** Checks a request's `messagebird-signature` for `url` (the URL the sender signed). */
export function checkBirdSignature(key, url, headers, rawBody) {
  const signature = headers['messagebird-signature'];
  const timestamp = headers['messagebird-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { verified: false, reason: 'missing header' };
  const expected = birdSignature(key, timestamp, url, rawBody);
  const given = Buffer.from(signature, 'base64');
  const verified = given.length === expected.length && timingSafeEqual(given, expected);
  return verified ? { verified } : { verified, reason: `expected ${expected.toString('base64')}, got ${signature}` };
}

// Standard Webhooks (Bird's platform API), from https://github.com/standard-webhooks/standard-webhooks
// spec/standard-webhooks.md alone: `webhook-signature` holds space-separated `v1,<base64>` entries,
// each base64(HMAC-SHA256(base64-decoded secret after `whsec_`, `${id}.${timestamp}.${body}`)).

/** The base64 signature of one message under one `whsec_` secret. */
export function standardWebhookSignature(secret, id, timestamp, rawBody) {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(rawBody).digest('base64');
}

// The specification's published example: reproduced before anything is judged with it.
{
  const actual = standardWebhookSignature(
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'msg_p5jXN8AQM9LWM0D4loKWxJek',
    '1614265330',
    Buffer.from('{"test": 2432232314}', 'utf8'),
  );
  if (actual !== 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
    throw new Error(`own Standard Webhooks signer gives ${actual} for the spec's example`);
}

/** Checks a request's `webhook-signature` against any of `secrets` (no age limit on the timestamp). */
export function checkStandardWebhook(secrets, headers, rawBody) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') {
    return { verified: false, reason: 'missing header' };
  }
  const given = signature.split(' ').flatMap((entry) => (entry.startsWith('v1,') ? [Buffer.from(entry.slice(3), 'base64')] : []));
  for (const secret of secrets) {
    const expected = Buffer.from(standardWebhookSignature(secret, id, timestamp, rawBody), 'base64');
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { verified: true };
  }
  return { verified: false, reason: `no v1 entry matches any of ${secrets.length} secret(s)` };
}

/**
 * Listens on a free port of 127.0.0.1, prints `{"port":N}` as the first stdout line (what the
 * spawning test waits for), calls `onPort`, and exits 0 on SIGTERM.
 */
export function serveOnFreePort(server, onPort = () => undefined) {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    onPort(port);
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
