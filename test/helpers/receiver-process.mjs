// A webhook receiver in its own process. It checks Bird's signature (SPEC §1.6) with
// standalone-receiver.mjs, written from the documentation alone: nothing from src/, so it proves the
// emulator signs the way Bird documents, not merely the way its own verifier expects.
//
// Usage: RECEIVER_KEYS='{"/path":"signing key",…}' node receiver-process.mjs
// First stdout line: {"port":N}. Then one JSON line per request:
// {"requestId","verified","event","path","reason"?}. Every request is answered 200.
import { createServer } from 'node:http';
import { checkBirdSignature, serveOnFreePort } from './standalone-receiver.mjs';

const keys = JSON.parse(process.env.RECEIVER_KEYS ?? '{}');
let port = 0;

function verify(path, headers, rawBody) {
  const key = keys[path];
  if (typeof key !== 'string') return { verified: false, reason: `no signing key for ${path}` };
  return checkBirdSignature(key, `http://127.0.0.1:${port}${path}`, headers, rawBody);
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

serveOnFreePort(server, (listening) => (port = listening));
