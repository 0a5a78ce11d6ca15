import { describe, expect, it } from 'vitest';
import type { AttemptRequest, SendAttempt } from '../../src/delivery/attempt.js';
import { parseFixture } from '../../src/fixtures/load.js';
import { BASE, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

/** Every attempt answered 200 in-process; the requests are kept for the assertions. */
const sent: AttemptRequest[] = [];
const send: SendAttempt = async (request) => {
  sent.push(request);
  return {
    attemptNumber: request.attemptNumber,
    destination: request.destination,
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    outcome: 'succeeded',
    response: { status: 200, headers: {}, body: 'ok', bodyTruncated: false },
  };
};

const bodies = () => sent.map((r) => JSON.parse(r.body) as { event: string; payload: Record<string, any> });

describe('/_emulator/scenarios', () => {
  const bird = useBirdClient({ clock: 'virtual' }, () => {
    sent.length = 0;
    return { send };
  });

  it('GET lists the shipped scenarios', async () => {
    const response = await bird().get<{ results: { name: string; steps: number }[] }>('/_emulator/scenarios');
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual(expect.arrayContaining([{ name: 'sms-delivered', description: expect.any(String), steps: 3 }]));
  });

  it('POST {name} runs a shipped scenario and answers with each step, its event and deliveries', async () => {
    await bird().create({ event: 'sms.outbound', eventFilters: null, url: 'http://localhost:3000/sms' });
    const response = await bird().post<any>('/_emulator/scenarios', { name: 'sms-delivered' });
    expect(response.status, response.text).toBe(200);
    expect(response.body.name).toBe('sms-delivered');
    expect(response.body.steps.map((s: any) => [s.index, s.stepId, s.delayMs, s.event, s.payload.status, s.matched])).toEqual([
      [0, 'accepted', 0, 'sms.outbound', 'accepted', 1],
      [1, 'sent', 1000, 'sms.outbound', 'sent', 1],
      [2, 'delivered', 3000, 'sms.outbound', 'delivered', 1],
    ]);
    expect(response.body.steps[2].deliveries[0]).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 200 });
    const ids = new Set(bodies().map((b) => b.payload.id));
    expect(ids).toEqual(new Set([response.body.steps[0].payload.id]));
  });

  it('POST a scenario object runs it, in the workspace it names', async () => {
    await bird().create({ event: 'payment.succeeded', service: 'payments', eventFilters: null });
    const response = await bird().post<any>('/_emulator/scenarios', {
      name: 'inline',
      workspaceId: BASE.split('/')[4],
      steps: [
        { id: 'p', event: 'payment.created' },
        { event: 'payment.succeeded', delayMs: 10, payload: { id: '{{steps.p.payload.id}}', reference: 'ref-{{steps.p.eventId}}' } },
      ],
    });
    expect(response.status, response.text).toBe(200);
    const [created, succeeded] = response.body.steps;
    expect(created.matched).toBe(0);
    expect(succeeded.payload).toMatchObject({ id: created.payload.id, reference: `ref-${created.id}` });
    expect(bodies()).toHaveLength(1);
  });

  it('refuses a broken scenario with the path of the problem, before firing anything', async () => {
    const response = await bird().post('/_emulator/scenarios', {
      name: 'broken',
      steps: [
        { event: 'sms.outbound', payload: { id: '{{steps.later.payload.id}}' } },
        { id: 'later', event: 'sms.outbound', delayMs: 'soon' },
      ],
    });
    expectBirdError(response, 422, { code: 'InvalidPayload', detailKeys: ['.body.steps[1].delayMs'] });
    expect(bird().emulator.history.events()).toHaveLength(0);
    expectBirdError(await bird().post('/_emulator/scenarios', { name: 'nope' }), 404, { code: 'NotFound' });
    expectBirdError(await bird().post('/_emulator/scenarios', { name: 'sms-delivered', extra: 1 }), 422, { detailKeys: ['.body.extra'] });
  });

  it('a step whose payload fails its schema stops the run with the step named (422)', async () => {
    const response = await bird().post('/_emulator/scenarios', {
      name: 'bad-status',
      steps: [{ event: 'sms.inbound' }, { event: 'sms.outbound', payload: { status: 'teleported' } }],
    });
    const body = expectBirdError(response, 422, { code: 'InvalidPayload', detailKeys: ['.steps[1].payload.status'] });
    expect(body.message).toContain('Scenario bad-status stopped at step 2, sms.outbound');
    expect(bird().emulator.history.events()).toHaveLength(1);
  });
});

describe('/_emulator/replay', () => {
  const bird = useBirdClient({}, () => {
    sent.length = 0;
    return { send };
  });

  it('fires each event with its payload exactly as recorded, and reports the ones it cannot fire', async () => {
    await bird().create({ event: 'sms.inbound', eventFilters: null, signingKey: 'new-key' });
    const sample = await import('../../fixtures/events/sms.inbound.json', { with: { type: 'json' } });
    const recorded = {
      ...sample.default,
      recorded: { receivedAt: '2025-01-01T00:00:00.000Z', method: 'POST', path: '/', signature: { checked: false } },
    };
    const response = await bird().post<any>('/_emulator/replay', {
      events: [
        recorded,
        { service: 'channels', event: 'sms.teleported', payload: {} },
        { service: 'channels', event: 'sms.inbound', payload: { ...sample.default.payload, status: 'lost' } },
      ],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ fired: 1, failed: 2 });
    const [fired, unknown, invalid] = response.body.results;
    expect(fired).toMatchObject({ index: 0, ok: true, event: 'sms.inbound', matched: 1 });
    expect(unknown).toMatchObject({
      index: 1,
      ok: false,
      error: { code: 'InvalidPayload', message: expect.stringContaining('--catalog') },
    });
    expect(invalid).toMatchObject({ index: 2, ok: false, error: { details: { '[2].payload.status': expect.any(Array) } } });
    // Not merged over a generated payload: the body carries the recorded payload and nothing else.
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ service: 'channels', event: 'sms.inbound', payload: sample.default.payload });
    expect(sent[0]?.headers['messagebird-signature']).toEqual(expect.any(String));
    expect(bird().emulator.history.events()[0]?.source).toBe('replay');
  });

  it('takes one event fixture too, and refuses a body that is not a fixture', async () => {
    const response = await bird().post<any>('/_emulator/replay', { service: 'channels', event: 'sms.inbound', payload: { id: 'x' } });
    expect(response.body).toMatchObject({ fired: 0, failed: 1 });
    expectBirdError(await bird().post('/_emulator/replay', { events: [{ event: 'sms.inbound' }] }), 422, {
      detailKeys: ['.body.events[0].service', '.body.events[0].payload'],
    });
    expectBirdError(await bird().post('/_emulator/replay', { name: 'x', steps: [] }), 422, { code: 'InvalidPayload' });
  });
});

describe('export: GET /_emulator/events/{id}/fixture and /deliveries/{id}/fixture', () => {
  const bird = useBirdClient({}, () => {
    sent.length = 0;
    return { send };
  });

  it('answers a loadable event fixture file, as an attachment named after the event', async () => {
    await bird().create({ event: 'sms.inbound', eventFilters: null });
    const fired = await bird().post<any>('/_emulator/events', { event: 'sms.inbound' });
    const event = await bird().get<any>(`/_emulator/events/${fired.body.id}/fixture`);
    expect(event.status).toBe(200);
    expect(event.headers.get('content-type')).toMatch(/^application\/json/);
    expect(event.headers.get('content-disposition')).toBe(`attachment; filename="sms.inbound-${fired.body.id}.json"`);
    expect(event.body).toEqual({ service: 'channels', event: 'sms.inbound', payload: fired.body.payload });
    expect(parseFixture(event.body, { source: 'export' })).toEqual({ kind: 'event', event: event.body });

    const deliveryId = fired.body.deliveries[0].id;
    const delivery = await bird().get<any>(`/_emulator/deliveries/${deliveryId}/fixture`);
    expect(delivery.headers.get('content-disposition')).toBe(`attachment; filename="sms.inbound-${deliveryId}.json"`);
    // Byte for byte the body that was delivered.
    expect(JSON.stringify(delivery.body)).toBe(sent[0]?.body);

    // What was exported replays.
    const replayed = await bird().post<any>('/_emulator/replay', delivery.body);
    expect(replayed.body).toMatchObject({ fired: 1, failed: 0 });
    expect(sent[1]?.body).toBe(sent[0]?.body);
  });

  it('is a JSON 404 for an unknown id, and a 405 for other methods', async () => {
    expectBirdError(await bird().get('/_emulator/events/nope/fixture'), 404, { code: 'NotFound' });
    expectBirdError(await bird().get('/_emulator/deliveries/nope/fixture'), 404, { code: 'NotFound' });
    expectBirdError(await bird().post('/_emulator/events/nope/fixture', {}), 405);
  });
});
