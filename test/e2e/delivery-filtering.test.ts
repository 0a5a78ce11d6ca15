import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { BIRD, ORG, WS, startTestEmulator, type FireResponse, type TestEmulator } from '../helpers/emulator-server.js';

const CHANNEL = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_CHANNEL = 'c0ffee00-0000-4000-8000-000000000002';
const ORG_B = 'ab000000-0000-4000-8000-00000000000b';
const WS_2 = 'ab000000-0000-4000-8000-000000000002';
const WS_3 = 'ab000000-0000-4000-8000-000000000003';

let receiver: Receiver;
let emu: TestEmulator;

beforeAll(async () => {
  receiver = await createReceiver();
  emu = await startTestEmulator();
});
afterAll(async () => {
  await Promise.all([emu?.close(), receiver?.close()]);
});
beforeEach(async () => {
  await emu.api.post('/_emulator/reset');
});

/** Fires, waits for every delivery, and answers with the paths the receiver got for this event. */
async function fireAndCollect(input: Record<string, unknown>): Promise<{ fired: FireResponse; paths: string[] }> {
  const fired = await emu.fire(input);
  await Promise.all(fired.deliveries.map((d) => emu.settled(d.id)));
  const paths = receiver.requests
    .filter((r) => JSON.parse(r.rawBody.toString('utf8')).payload.id === fired.payload.id)
    .map((r) => r.path)
    .sort();
  return { fired, paths };
}

const subscribe = (name: string, event: string, eventFilters: { key: string; value: string }[] = [], base = BIRD, service = 'channels') =>
  emu.subscribe({ service, event, url: `${receiver.url}/${name}`, eventFilters }, base);

describe('filters through POST /_emulator/events', () => {
  it('ANDs different keys, ORs one key, and skips inactive subscriptions', async () => {
    await subscribe('all', 'sms.outbound');
    await subscribe('delivered', 'sms.outbound', [{ key: 'messageStatus', value: 'delivered' }]);
    await subscribe('delivered-or-sent', 'sms.outbound', [
      { key: 'messageStatus', value: 'delivered' },
      { key: 'messageStatus', value: 'sent' },
    ]);
    await subscribe('channel-and-delivered', 'sms.outbound', [
      { key: 'channelId', value: CHANNEL },
      { key: 'messageStatus', value: 'delivered' },
    ]);
    // platformId is what the event is (sms.* is on sms-messagebird), not a payload field.
    await subscribe('platform', 'sms.outbound', [{ key: 'platformId', value: 'sms-messagebird' }]);
    await subscribe('other-platform', 'sms.outbound', [{ key: 'platformId', value: 'whatsapp' }]);
    const inactive = await subscribe('inactive', 'sms.outbound');
    expect((await emu.api.patch(`${BIRD}/webhook-subscriptions/${inactive.id}`, { status: 'inactive' })).status).toBe(200);
    await subscribe('inbound', 'sms.inbound');

    const delivered = await fireAndCollect({
      event: 'sms.outbound',
      payload: { status: 'delivered', channelId: CHANNEL },
    });
    expect(delivered.fired.matched).toBe(5);
    expect(delivered.paths).toEqual(['/all', '/channel-and-delivered', '/delivered', '/delivered-or-sent', '/platform']);

    const sentElsewhere = await fireAndCollect({
      event: 'sms.outbound',
      payload: { status: 'sent', channelId: OTHER_CHANNEL, platformId: 'whatsapp' },
    });
    expect(sentElsewhere.paths).toEqual(['/all', '/delivered-or-sent', '/platform']);

    const deliveredElsewhere = await fireAndCollect({
      event: 'sms.outbound',
      payload: { status: 'delivered', channelId: OTHER_CHANNEL },
    });
    expect(deliveredElsewhere.paths).toEqual(['/all', '/delivered', '/delivered-or-sent', '/platform']);
    expect(receiver.requests.some((r) => r.path === '/inactive')).toBe(false);
  });

  it('filters interactions, channel, voice and template events on their own keys', async () => {
    await subscribe('clicks', 'email.interaction', [{ key: 'interactionType', value: 'clicked' }]);
    await subscribe('channel-active', 'channel.updated', [{ key: 'channelStatus', value: 'active' }]);
    await subscribe('channel-by-id', 'channel.updated', [{ key: 'channelId', value: CHANNEL }]);
    await subscribe('busy-calls', 'voice.outbound', [
      { key: 'status', value: 'busy' },
      { key: 'status', value: 'no-answer' },
    ]);
    await subscribe('wa-templates', 'template.created', [{ key: 'platformId', value: 'whatsapp' }], BIRD, 'templates');

    expect((await fireAndCollect({ event: 'email.interaction', payload: { type: 'clicked' } })).paths).toEqual(['/clicks']);
    expect((await fireAndCollect({ event: 'email.interaction', payload: { type: 'opened' } })).paths).toEqual([]);
    expect((await fireAndCollect({ event: 'channel.updated', payload: { id: CHANNEL, status: 'active' } })).paths).toEqual([
      '/channel-active',
      '/channel-by-id',
    ]);
    expect((await fireAndCollect({ event: 'channel.updated', payload: { id: OTHER_CHANNEL, status: 'inactive' } })).paths).toEqual([]);
    expect((await fireAndCollect({ event: 'voice.outbound', payload: { status: 'no-answer' } })).paths).toEqual(['/busy-calls']);
    expect((await fireAndCollect({ event: 'voice.outbound', payload: { status: 'completed' } })).paths).toEqual([]);
    expect((await fireAndCollect({ event: 'template.created', payload: { platformId: 'whatsapp' } })).paths).toEqual(['/wa-templates']);
    expect((await fireAndCollect({ event: 'template.created', payload: { platformId: 'email-messagebird' } })).paths).toEqual([]);
  });
});

describe('workspaces and organizations', () => {
  beforeEach(async () => {
    await subscribe('org-a-ws-1', 'template.created', [], BIRD, 'templates');
    await subscribe('org-a-ws-2', 'template.created', [], `/organizations/${ORG}/workspaces/${WS_2}`, 'templates');
    await subscribe('org-b-ws-3', 'template.created', [], `/organizations/${ORG_B}/workspaces/${WS_3}`, 'templates');
  });

  it('reaches every workspace when fired without one', async () => {
    expect((await fireAndCollect({ event: 'template.created' })).paths).toEqual(['/org-a-ws-1', '/org-a-ws-2', '/org-b-ws-3']);
  });

  it('reaches only the workspace it was fired into', async () => {
    expect((await fireAndCollect({ event: 'template.created', workspaceId: WS })).paths).toEqual(['/org-a-ws-1']);
    expect((await fireAndCollect({ event: 'template.created', workspaceId: WS_3 })).paths).toEqual(['/org-b-ws-3']);
    const nowhere = await fireAndCollect({ event: 'template.created', workspaceId: 'ab000000-0000-4000-8000-0000000000ff' });
    expect(nowhere.fired.matched).toBe(0);
  });

  it('narrows to one organization, and to a workspace within it', async () => {
    expect((await fireAndCollect({ event: 'template.created', organizationId: ORG })).paths).toEqual(['/org-a-ws-1', '/org-a-ws-2']);
    expect((await fireAndCollect({ event: 'template.created', organizationId: ORG_B })).paths).toEqual(['/org-b-ws-3']);
    expect((await fireAndCollect({ event: 'template.created', organizationId: ORG_B, workspaceId: WS })).paths).toEqual([]);
  });

  it('treats a subscription made on the older path as one of its workspace', async () => {
    await subscribe('legacy', 'template.created', [], `/workspaces/${WS}`, 'templates');
    expect((await fireAndCollect({ event: 'template.created', workspaceId: WS })).paths).toEqual(['/legacy', '/org-a-ws-1']);
  });
});
