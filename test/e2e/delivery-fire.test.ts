import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { startTestEmulator, type FireResponse, type TestEmulator } from '../helpers/emulator-server.js';
import { deadPort } from '../helpers/dead-port.js';

let receiver: Receiver;
let emu: TestEmulator;

beforeAll(async () => {
  receiver = await createReceiver();
  emu = await startTestEmulator({ retrySchedule: [20] });
});
afterAll(async () => {
  await Promise.all([emu?.close(), receiver?.close()]);
});
beforeEach(async () => {
  await emu.api.post('/_emulator/reset');
});

describe('POST /_emulator/events', () => {
  it('deep-merges the payload over a generated one and delivers exactly that', async () => {
    await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/merge` });
    const fired = await emu.fire({ event: 'sms.inbound', payload: { body: { text: { text: 'custom text' } }, reference: 'my-ref' } });
    await emu.settled(fired.deliveries[0]?.id as string);
    const received = JSON.parse(receiver.requests.find((r) => r.path === '/merge')?.rawBody.toString('utf8') ?? '{}');
    expect(received).toEqual({ service: 'channels', event: 'sms.inbound', payload: fired.payload });
    expect(received.payload).toMatchObject({ reference: 'my-ref', body: { type: 'text', text: { text: 'custom text' } } });
    // The generated fields around the override are still there.
    expect(received.payload.id).toEqual(expect.any(String));
    expect(received.payload.channelId).toEqual(expect.any(String));
  });

  it('refuses an override that breaks the event schema, with details under .body.payload.', async () => {
    const { status, body } = await emu.api.post('/_emulator/events', {
      event: 'sms.outbound',
      payload: { status: 'teleported', channelId: 42 },
    });
    expect(status).toBe(422);
    expect(body.code).toBe('InvalidPayload');
    const paths = Object.keys(body.details);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.startsWith('.body.payload.')).toBe(true);
    expect(paths).toEqual(expect.arrayContaining(['.body.payload.status', '.body.payload.channelId']));
    expect((await emu.api.get('/_emulator/events')).body.results).toEqual([]);
  });

  it('refuses an unknown event, and an event under the wrong service', async () => {
    const unknown = await emu.api.post('/_emulator/events', { event: 'sms.teleported' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details['.body.event']).toEqual([expect.stringMatching(/unknown event sms\.teleported/)]);
    const wrongService = await emu.api.post('/_emulator/events', { event: 'sms.inbound', service: 'templates' });
    expect(wrongService.status).toBe(422);
    expect(wrongService.body.details['.body.event']).toEqual([expect.stringMatching(/belongs to service channels/)]);
  });

  it('sends unsigned deliveries to a subscription whose signingKey is "" (no key)', async () => {
    const sub = await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/unsigned`, signingKey: '' });
    expect(sub).not.toHaveProperty('signingKey');
    const fired = await emu.fire({ event: 'sms.inbound' });
    await emu.settled(fired.deliveries[0]?.id as string);
    const request = receiver.requests.find((r) => r.path === '/unsigned');
    expect(request?.headers).not.toHaveProperty('messagebird-signature');
    expect(request?.headers['messagebird-request-id']).toBe(fired.deliveries[0]?.id);
  });

  it('records an event that matched no subscription', async () => {
    const fired = await emu.fire({ event: 'conversation.deleted' });
    expect(fired.matched).toBe(0);
    expect(fired.deliveries).toEqual([]);
    expect(fired.message).toMatch(/no active subscription matched/i);
    const { body } = await emu.api.get('/_emulator/events');
    expect(body.results).toEqual([expect.objectContaining({ id: fired.id, event: 'conversation.deleted', deliveryIds: [] })]);
    expect((await emu.api.get(`/_emulator/events/${fired.id}`)).body.payload).toEqual(fired.payload);
  });
});

describe('nothing fired goes missing', () => {
  it('records all of 50 events fired at once and every delivery they made', async () => {
    const dead = `http://127.0.0.1:${await deadPort()}/dead`;
    await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/sms-all` });
    await emu.subscribe({
      service: 'channels',
      event: 'sms.inbound',
      url: `${receiver.url}/sms-platform`,
      eventFilters: [{ key: 'platformId', value: 'sms-messagebird' }],
    });
    await emu.subscribe({ service: 'channels', event: 'email.outbound', url: `${receiver.url}/email`, signingKey: 'k' });
    await emu.subscribe({
      service: 'channels',
      event: 'voice.inbound',
      url: `${receiver.url}/voice`,
      eventFilters: [{ key: 'status', value: 'busy' }],
    });
    await emu.subscribe({ service: 'templates', event: 'template.updated', url: dead });
    const events = ['sms.inbound', 'email.outbound', 'voice.inbound', 'template.updated', 'conversation.created'];
    const inputs = Array.from({ length: 50 }, (_, i) => ({
      event: events[i % events.length],
      ...(i % 10 === 2 && { payload: { status: 'busy' } }),
    }));

    const fired: FireResponse[] = await Promise.all(inputs.map((input) => emu.fire(input)));
    const deliveryIds = fired.flatMap((f) => f.deliveries.map((d) => d.id));
    // sms: 10 × 2, email: 10, voice: 5 busy, template: 10, conversation: 0.
    expect(deliveryIds).toHaveLength(45);
    expect(new Set(fired.map((f) => f.id)).size).toBe(50);

    const listedEvents = (await emu.api.get('/_emulator/events?limit=1000')).body.results as { id: string }[];
    expect(listedEvents.map((e) => e.id).sort()).toEqual(fired.map((f) => f.id).sort());
    const listedDeliveries = (await emu.api.get('/_emulator/deliveries?limit=1000')).body.results as { id: string }[];
    expect(listedDeliveries.map((d) => d.id).sort()).toEqual([...deliveryIds].sort());

    const settled = await Promise.all(deliveryIds.map((id) => emu.settled(id)));
    expect(settled.filter((d) => d.status === 'failed').map((d) => d.url)).toEqual(Array(10).fill(dead));
    const receivedIds = new Set(receiver.requests.map((r) => r.headers['messagebird-request-id']));
    for (const delivery of settled.filter((d) => d.status === 'succeeded')) expect(receivedIds.has(delivery.id)).toBe(true);
    expect((await emu.api.get('/_emulator/deliveries?status=failed&limit=1000')).body.results).toHaveLength(10);
  });
});
