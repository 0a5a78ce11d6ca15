import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiver, type ReceivedRequest, type Receiver } from '../../src/harness/receiver.js';
import { BIRD_EXAMPLES, examplePayload, type BirdExample } from '../fixtures-bird/examples.js';
import { startTestEmulator, tempDir, WS, type TestEmulator } from '../helpers/emulator-server.js';

/**
 * Every example payload Bird publishes for a webhook event, sent through a real emulator to a real
 * receiver: replayed as it is (or loaded with `--load`), it arrives byte for byte inside the
 * delivery body; fired as the payload override (or as a scenario step's), it arrives with every
 * one of Bird's fields and values. Each case names the page the example is from.
 */

const SIGNING_KEY = 'bird-examples';
let receiver: Receiver;
let emu: TestEmulator;

beforeAll(async () => {
  receiver = await createReceiver({ signingKey: SIGNING_KEY });
  emu = await startTestEmulator({ retrySchedule: [20] });
  for (const subscription of subscriptions()) await emu.subscribe(subscription);
});
afterAll(async () => {
  await Promise.all([emu?.close(), receiver?.close()]);
});

/** One subscription per event with an example, each to its own path of the receiver. */
function subscriptions() {
  const events = new Map(BIRD_EXAMPLES.map((e) => [`${e.service}/${e.event}`, e]));
  return [...events.values()].map(({ service, event }) => ({ service, event, url: `${receiver.url}/${event}`, signingKey: SIGNING_KEY }));
}

/** The request that carried a delivery, once its attempt is done. */
async function requestOf(deliveryId: string): Promise<ReceivedRequest> {
  await emu.settled(deliveryId);
  const request = receiver.requests.find((r) => r.headers['messagebird-request-id'] === deliveryId);
  if (!request) throw new Error(`delivery ${deliveryId} did not reach the receiver`);
  return request;
}

/** `[title, example]` rows whose title names the example and its page in full. */
const rows = (examples: readonly BirdExample[]) => examples.map((e) => [`${e.event}: ${e.file}, from ${e.source}`, e] as const);

describe.each(rows(BIRD_EXAMPLES.filter((e) => e.kind !== 'fragment')))('%s', (_title, example) => {
  const payload = examplePayload(example);

  it('replayed as published, reaches the receiver byte for byte inside {service, event, payload}', async () => {
    const { status, body } = await emu.api.post('/_emulator/replay', { service: example.service, event: example.event, payload });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ fired: 1, failed: 0 });
    const request = await requestOf(body.results[0].deliveries[0].id);
    expect(request.rawBody.toString('utf8')).toBe(JSON.stringify({ service: example.service, event: example.event, payload }));
    expect(request.signatureValid).toBe(true);
  });
});

describe.each(rows(BIRD_EXAMPLES))('%s', (_title, example) => {
  const payload = examplePayload(example);

  it('fired as the payload override, is accepted and keeps every one of Bird’s fields and values', async () => {
    const fired = await emu.fire({ event: example.event, service: example.service, payload });
    expect(fired.payload).toMatchObject(payload);
    const request = await requestOf(fired.deliveries[0]?.id as string);
    expect(request.rawBody.toString('utf8')).toBe(
      JSON.stringify({ service: example.service, event: example.event, payload: fired.payload }),
    );
  });
});

describe('every example at once', () => {
  const whole = BIRD_EXAMPLES.filter((e) => e.kind !== 'fragment');
  const bodies = whole.map((e) => ({ service: e.service, event: e.event, payload: examplePayload(e) }));

  it('loads with --load (a fixture set of them all) and each reaches the receiver byte for byte', async () => {
    const dir = await tempDir();
    const before = receiver.requests.length;
    const file = join(dir.path, 'bird-examples.json');
    await writeFile(file, JSON.stringify({ workspaceId: WS, subscriptions: subscriptions(), events: bodies }));
    const loaded = await startTestEmulator({ load: file });
    try {
      await receiver.waitForRequests(before + bodies.length);
      const arrived = receiver.requests.slice(before).map((r) => r.rawBody.toString('utf8'));
      expect(arrived.sort()).toEqual(bodies.map((body) => JSON.stringify(body)).sort());
    } finally {
      await loaded.close();
      await dir.remove();
    }
  });

  it('runs as the steps of a scenario, each step keeping Bird’s fields and values', async () => {
    const steps = BIRD_EXAMPLES.map((e) => ({ event: e.event, service: e.service, payload: examplePayload(e) }));
    const { status, body } = await emu.api.post('/_emulator/scenarios', { name: 'bird-examples', steps });
    expect(status, JSON.stringify(body)).toBe(200);
    body.steps.forEach((step: { payload: unknown }, index: number) => expect(step.payload).toMatchObject(steps[index]?.payload ?? {}));
  });
});
