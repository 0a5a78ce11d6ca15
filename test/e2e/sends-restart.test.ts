import { BirdClient } from '@messagebird/sdk';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

/** Nothing sent is lost: a message and the rest of its lifecycle survive a restart on the same data folder. */
const track = useCleanup();
let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sends-restart-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a restart in the middle of a lifecycle', () => {
  it('keeps the message and fires its remaining steps after the restart', async () => {
    const receiver = track(await createReceiver());
    const first = await startEmulator({ storage: 'file', dataDir, clock: 'virtual' });
    const bird = new BirdClient({ apiKey: first.platform.apiKey, baseUrl: first.platform.baseUrl, maxRetries: 0 });
    await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.accepted', 'email.processed', 'email.delivered'] });
    const sent = await bird.email.send({ from: 'hello@acme.test', to: ['delivered@messagebird.dev'], subject: 'Hi', text: 'Hi' });
    await first.emulator.idle();
    expect(first.messages()[0]).toMatchObject({ id: sent.id, status: 'accepted' });
    await first.close();

    // The virtual clock starts where it did: the steps still due are 200 and 400 ms ahead.
    const second = track(await startEmulator({ storage: 'file', dataDir, clock: 'virtual' }));
    expect(second.messages().map((m) => m.id)).toEqual([sent.id]);
    await second.clock.advance(1_000);
    const types = receiver.requests.map((r) => (JSON.parse(r.rawBody.toString('utf8')) as { type: string }).type);
    expect(types).toEqual(['email.accepted', 'email.processed', 'email.delivered']);
    const again = new BirdClient({ apiKey: second.platform.apiKey, baseUrl: second.platform.baseUrl, maxRetries: 0 });
    expect((await again.email.get(sent.id)).status).toBe('delivered');
  });
});
