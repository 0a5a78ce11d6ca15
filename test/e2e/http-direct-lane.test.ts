import fc from 'fast-check';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

/**
 * `POST /_emulator/events` is answered straight from Node's request (server/direct-lane.ts), not
 * through Hono. Over a real socket it must answer exactly what the Hono app answers in-process
 * (`app.request()`), for good bodies and bad ones, and leave to Hono, unharmed, what it does not take.
 */

const MAX_BODY_BYTES = 4096;
let emu: TestEmulator;
let receiver: Receiver;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: MAX_BODY_BYTES });
  receiver = await createReceiver({ signingKey: 'lane-key' });
  await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook`, signingKey: 'lane-key' });
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

interface Answer {
  status: number;
  contentType: string | null | undefined;
  body: unknown;
}

/** One request over the socket, with exactly these headers (fetch would add a content type). */
function overHttp(path: string, headers: Record<string, string>, body: string | Buffer, { chunked = false } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(`${emu.url}${path}`, { method: 'POST', headers: { ...length, ...headers } });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        }),
      );
    });
    req.on('error', reject);
    if (chunked) {
      // Two writes without a length: Node sends them chunked.
      req.write(body.slice(0, 5));
      req.end(body.slice(5));
    } else req.end(body);
  });
}

async function inProcess(path: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  // As bytes: a string body would get a default `text/plain` content type the socket request has not.
  const response = await emu.emulator.app.request(path, { method: 'POST', headers, body: Buffer.from(body) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

/** The parts of a fired event's answer that do not differ between two fires. */
function shapeOf(answer: Answer) {
  const body = answer.body as { event: string; service: string; matched: number; payload: object; deliveries: object[] };
  return {
    status: answer.status,
    contentType: answer.contentType,
    keys: Object.keys(body),
    event: body.event,
    service: body.service,
    matched: body.matched,
    payloadKeys: Object.keys(body.payload),
    deliveryKeys: body.deliveries.map((d) => Object.keys(d)),
  };
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('the fire route over the socket answers as the Hono app does in-process', () => {
  it('fires: the same 201 answer, and the delivery reaches the receiver', async () => {
    const body = JSON.stringify({ event: 'sms.inbound', service: 'channels' });
    const [direct, viaHono] = [await overHttp('/_emulator/events', JSON_TYPE, body), await inProcess('/_emulator/events', JSON_TYPE, body)];
    expect(direct.status).toBe(201);
    expect(shapeOf(direct)).toEqual(shapeOf(viaHono));
    const fired = direct.body as { id: string; deliveries: { id: string }[] };
    const delivery = await emu.settled(fired.deliveries[0]?.id ?? '');
    expect(delivery.status).toBe('succeeded');
    const received = receiver.requests.find((r) => r.headers['messagebird-request-id'] === delivery.id);
    expect(received?.signatureValid).toBe(true);
    expect(emu.emulator.history.getEvent(fired.id)?.event).toBe('sms.inbound');
  });

  const deep = `${'['.repeat(80)}${']'.repeat(80)}`;
  it.each([
    ['a body that is not JSON', JSON_TYPE, 'not json'],
    ['an empty body', JSON_TYPE, ''],
    ['a body of blanks', JSON_TYPE, '   '],
    ['another content type', { 'content-type': 'text/plain' }, '{"event":"sms.inbound"}'],
    ['an unknown field', JSON_TYPE, '{"event":"sms.inbound","colour":"red"}'],
    ['an unknown event', JSON_TYPE, '{"event":"sms.nowhere"}'],
    ['a field of the wrong type', JSON_TYPE, '{"event":5}'],
    ['an event of another service', JSON_TYPE, '{"event":"sms.inbound","service":"numbers"}'],
    ['a payload that does not fit the event', JSON_TYPE, '{"event":"sms.inbound","payload":{"status":7}}'],
    ['JSON nested too deep', JSON_TYPE, `{"event":"sms.inbound","payload":{"x":${deep}}}`],
    ['a body over the size limit', JSON_TYPE, `{"event":"sms.inbound","payload":{"x":"${'a'.repeat(MAX_BODY_BYTES)}"}}`],
  ])('%s: the same error, status and body', async (_name, headers, body) => {
    const direct = await overHttp('/_emulator/events', headers, body);
    expect(direct.status).toBeGreaterThanOrEqual(400);
    expect(direct.status).toBeLessThan(500);
    expect(direct).toEqual(await inProcess('/_emulator/events', headers, body));
  });

  it('reads a body with a byte-order mark as Hono does', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"event":"sms.inbound"}')]);
    const direct = await overHttp('/_emulator/events', JSON_TYPE, body);
    expect(direct.status).toBe((await inProcess('/_emulator/events', JSON_TYPE, body)).status);
    expect(direct.status).toBe(201);
  });
});

describe('the fire route over the socket, property-based', () => {
  const field = fc.oneof(fc.constantFrom('sms.inbound', 'email.delivered', 'whatsapp.inbound', 'nope', ''), fc.jsonValue());
  const fireBody = fc.record(
    {
      event: field,
      api: fc.oneof(fc.constantFrom('notifications', 'platform', 'other'), fc.jsonValue()),
      service: fc.oneof(fc.constantFrom('channels', 'numbers', 'x'), fc.jsonValue()),
      workspaceId: fc.oneof(fc.uuid(), fc.constant('ws_01jgfjjz00vg5bq2yrnh9yypwc'), fc.jsonValue()),
      payload: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
      // A field the fire request does not have.
      colour: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fireBody.map((value) => JSON.stringify(value)),
    fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
    fc.string(),
  );
  const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/vnd.bird+json', 'text/plain', '');

  it('answers any body and content type exactly as the Hono app does', async () => {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
        const [direct, viaHono] = [await overHttp('/_emulator/events', headers, text), await inProcess('/_emulator/events', headers, text)];
        expect(direct.status).toBeLessThan(500);
        if (direct.status === 201) expect(shapeOf(direct)).toEqual(shapeOf(viaHono));
        else expect(direct).toEqual(viaHono);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('what the direct lane leaves to Hono', () => {
  it('a chunked body and a query string still fire', async () => {
    const body = '{"event":"sms.inbound"}';
    expect((await overHttp('/_emulator/events', JSON_TYPE, body, { chunked: true })).status).toBe(201);
    expect((await overHttp('/_emulator/events?source=test', JSON_TYPE, body)).status).toBe(201);
  });

  it('a foreign Host or Origin is refused with 403, and nothing is fired', async () => {
    const before = emu.emulator.history.events().length;
    const body = '{"event":"sms.inbound"}';
    const foreignHost = await overHttp('/_emulator/events', { ...JSON_TYPE, host: 'evil.example' }, body);
    const foreignOrigin = await overHttp('/_emulator/events', { ...JSON_TYPE, origin: 'https://evil.example' }, body);
    expect([foreignHost.status, foreignOrigin.status]).toEqual([403, 403]);
    expect(foreignHost.body).toMatchObject({ code: 'Forbidden' });
    expect(emu.emulator.history.events()).toHaveLength(before);
  });

  it('a client that leaves halfway through its body fires nothing, and the server goes on', async () => {
    const before = emu.emulator.history.events().length;
    const { port, hostname } = new URL(emu.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST /_emulator/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event":`,
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const after = await overHttp('/_emulator/events', JSON_TYPE, '{"event":"sms.inbound"}');
    expect(after.status).toBe(201);
    expect(emu.emulator.history.events()).toHaveLength(before + 1);
  });
});
