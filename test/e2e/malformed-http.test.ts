import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

/**
 * Bytes Node's HTTP parser refuses never reach the app; they still get Bird's JSON error shape (not
 * Node's bare status line), the connection is closed, and the server goes on serving.
 */

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu.close();
});

/** Writes `raw` on a fresh connection and resolves with everything the server sent until it closed. */
function exchange(raw: string): Promise<{ status: number; headers: string; body: string }> {
  const { port, hostname } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body });
    });
    socket.end(raw);
  });
}

describe('a request that is not valid HTTP', () => {
  it.each([
    ['garbage', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n'],
    ['a bad Content-Length', 'POST /_emulator/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ten\r\n\r\n{}'],
  ])('%s: a JSON 400 in Bird’s shape, and the connection closed', async (_name, raw) => {
    const answer = await exchange(raw);
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ code: 'BadRequest', message: expect.stringMatching(/not valid HTTP/) });
  });

  it('headers over the limit: a JSON 431', async () => {
    const answer = await exchange(`GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/headers are larger/) });
  });

  it('leaves the server serving well-formed requests', async () => {
    await exchange('GARBAGE\r\n\r\n');
    const health = await emu.api.get('/_emulator/health');
    expect(health.status).toBe(200);
  });
});
