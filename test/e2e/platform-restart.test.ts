import { BirdClient } from '@messagebird/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceId } from '../../src/apis/platform/ids.js';
import { createReceiver } from '../../src/harness/receiver.js';
import { startTestEmulator, tempDir } from '../helpers/emulator-server.js';

const API_KEY = 'bk_us1_test';
const open: { close(): Promise<void> }[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((thing) => thing.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('platform endpoints across a restart (file storage)', () => {
  it('keep their ids, fields, workspace and live secrets: the next run signs with both sides of a rotation', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const receiver = await createReceiver();
    open.push(receiver);
    const options = { storage: 'file' as const, dataDir: dir.path };

    const first = await startTestEmulator(options);
    open.push(first);
    const bird = new BirdClient({ apiKey: API_KEY, baseUrl: first.url, maxRetries: 0 });
    const created = await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.delivered'], description: 'kept' });
    const otherBird = new BirdClient({ apiKey: 'bk_eu1_other', baseUrl: first.url, maxRetries: 0 });
    const other = await otherBird.webhooks.create({ url: `${receiver.url}/other`, events: ['sms.sent'] });
    const { secret } = await bird.webhooks.rotateSecret(created.id);
    const paused = await otherBird.webhooks.update(other.id, { status: 'paused' });
    await first.close();

    const second = await startTestEmulator(options);
    open.push(second);
    const again = new BirdClient({ apiKey: API_KEY, baseUrl: second.url, maxRetries: 0 });
    const { secret: _secret, ...view } = created;
    expect(await again.webhooks.get(created.id)).toEqual(view);
    expect((await again.webhooks.list({ include_total: true })).total).toBe(1);
    const otherClient = new BirdClient({ apiKey: 'bk_eu1_other', baseUrl: second.url, maxRetries: 0 });
    expect(await otherClient.webhooks.get(other.id)).toEqual(paused);

    const fired = await second.fire({ event: 'email.delivered', api: 'platform', workspaceId: workspaceId(API_KEY) });
    expect(fired.deliveries).toHaveLength(1);
    await second.settled(fired.deliveries[0]!.id);
    const [delivery] = receiver.requests;
    expect((delivery?.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const key of [created.secret, secret]) {
      expect(
        again.webhooks.unwrap(delivery!.rawBody.toString('utf8'), delivery!.headers as Record<string, string>, { secret: key }),
      ).toMatchObject({
        type: 'email.delivered',
      });
    }
    // The file holds the secrets; no answer of the API shows one again.
    expect(JSON.stringify(await again.webhooks.list())).not.toContain('whsec_');
  });
});
