import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BirdClient } from '@messagebird/sdk';
import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, SHIPPED_FIXTURES_DIR, type StartedEmulator, type StartEmulatorOptions } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';
import { tempDir } from '../helpers/emulator-server.js';

// Fixtures, scenarios, custom events and seeds work for the platform API as for the Notifications API.
const track = useCleanup();

async function withEndpoint(options: StartEmulatorOptions, events: string[]) {
  const emulator = track(await startEmulator(options));
  const receiver = track(await createReceiver());
  const bird = new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl, maxRetries: 0 });
  const endpoint = await bird.webhooks.create({ url: `${receiver.url}/hook`, events });
  return {
    emulator,
    receiver,
    secret: endpoint.secret,
    unwrap: (body: string, headers: Record<string, string>) => bird.webhooks.unwrap(body, headers, { secret: endpoint.secret }),
  };
}

const post = async (emulator: StartedEmulator, path: string, body: unknown) => {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('platform API events in fixtures, scenarios and the catalogue', () => {
  it('replays a sample fixture file: its data is delivered as it is, in a fresh envelope', async () => {
    const { emulator, receiver, unwrap } = await withEndpoint({}, ['email.bounced']);
    const file = join(SHIPPED_FIXTURES_DIR, 'platform-events', 'email.bounced.json');
    const sample = JSON.parse(await readFile(file, 'utf8'));
    const result = await emulator.replay(file, { workspaceId: emulator.platform.workspaceId });
    expect(result).toMatchObject({ fired: 1, failed: 0 });
    const [request] = await receiver.waitForRequests(1);
    const event = unwrap(request!.rawBody.toString('utf8'), request!.headers as Record<string, string>);
    expect(event).toMatchObject({ type: 'email.bounced', data: sample.data });
    // The envelope is stamped when the replay fires it.
    expect(event.timestamp).not.toBe(sample.timestamp);
  });

  it('runs a scenario of platform events whose later step refers to the first', async () => {
    const { emulator, receiver, unwrap } = await withEndpoint({ clock: 'virtual', clockStart: Date.now() }, [
      'email.accepted',
      'email.delivered',
    ]);
    const run = await post(emulator, '/_emulator/scenarios', {
      name: 'accepted-then-delivered',
      workspaceId: emulator.platform.workspaceId,
      steps: [
        { id: 'accepted', event: 'email.accepted', payload: { recipient: 'delivered@messagebird.dev' } },
        {
          event: 'email.delivered',
          delayMs: 1500,
          payload: { email_id: '{{steps.accepted.payload.email_id}}', recipient_id: '{{steps.accepted.payload.recipient_id}}' },
        },
      ],
    });
    expect(run.status).toBe(200);
    const requests = await receiver.waitForRequests(2);
    const [accepted, delivered] = requests.map((r) => unwrap(r.rawBody.toString('utf8'), r.headers as Record<string, string>));
    expect(accepted?.type).toBe('email.accepted');
    expect(delivered).toMatchObject({ type: 'email.delivered', data: { email_id: (accepted?.data as { email_id: string }).email_id } });
  });

  it('takes platform events of a --catalog file: endpoints may subscribe to them, and they are delivered', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const catalog = join(dir.path, 'catalog.json');
    await writeFile(
      catalog,
      JSON.stringify({
        events: [{ api: 'platform', name: 'email.snoozed', payload: { email_id: 'em_01krdgeqcxet5s7t44vh8rt9mg', until: '{{now}}' } }],
      }),
    );
    const { emulator, receiver, unwrap } = await withEndpoint({ catalogFile: catalog }, ['email.snoozed']);
    const fired = await post(emulator, '/_emulator/events', { event: 'email.snoozed', workspaceId: emulator.platform.workspaceId });
    expect(fired.status).toBe(201);
    const [request] = await receiver.waitForRequests(1);
    expect(unwrap(request!.rawBody.toString('utf8'), request!.headers as Record<string, string>)).toMatchObject({
      type: 'email.snoozed',
      data: { email_id: 'em_01krdgeqcxet5s7t44vh8rt9mg', until: expect.any(String) },
    });
  });

  it('makes the same ids, bodies and signatures under the same seed and virtual clock', async () => {
    const run = async () => {
      const { emulator, receiver } = await withEndpoint({ seed: 7, clock: 'virtual' }, ['sms.delivered', 'whatsapp.read']);
      await post(emulator, '/_emulator/events', { event: 'sms.delivered', workspaceId: emulator.platform.workspaceId });
      await post(emulator, '/_emulator/events', { event: 'whatsapp.read', workspaceId: emulator.platform.workspaceId });
      const requests = await receiver.waitForRequests(2);
      return requests.map((r) => [r.rawBody.toString('utf8'), r.headers['webhook-id'], r.headers['webhook-signature']]);
    };
    const first = await run();
    expect(await run()).toEqual(first);
  });
});
