import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';
import { connectLive } from '../helpers/ws-client.js';

const track = useCleanup();

describe('startEmulator', () => {
  it('starts on a free port with memory storage and serves Bird’s API with the access key it names', async () => {
    const emulator = track(await startEmulator());
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.wsUrl).toBe(`${emulator.url.replace('http', 'ws')}/_emulator/ws`);
    expect(emulator.emulator.config.storage).toBe('memory');
    const response = await fetch(`${emulator.birdBaseUrl}/webhook-subscriptions`, {
      method: 'POST',
      headers: { authorization: `AccessKey ${emulator.accessKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'channels', event: 'sms.inbound', url: 'http://localhost:1/hook' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ organizationId: emulator.organizationId, workspaceId: emulator.workspaceId });
  });

  it('delivers a triggered event and awaits it, signed, through a real receiver', async () => {
    const receiver = track(await createReceiver({ signingKey: 'test-key' }));
    const emulator = track(await startEmulator());
    const subscription = await emulator.subscribe({
      service: 'channels',
      event: 'whatsapp.inbound',
      url: `${receiver.url}/bird`,
      signingKey: 'test-key',
    });
    const fired = await emulator.trigger('whatsapp.inbound', { payload: { body: { type: 'text', text: { text: 'hi' } } } });
    const delivery = await emulator.waitForDelivery({ eventId: fired.event.id });
    expect(delivery).toMatchObject({ subscriptionId: subscription.id, status: 'succeeded', attempts: [{ response: { status: 200 } }] });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.signatureValid).toBe(true);
    expect(receiver.requests[0]?.body).toMatchObject({ event: 'whatsapp.inbound', payload: { body: { text: { text: 'hi' } } } });
  });

  it('resolves with a delivery that already happened, and rejects after the timeout listing what did arrive', async () => {
    const receiver = track(await createReceiver());
    const emulator = track(await startEmulator());
    await emulator.subscribe({ service: 'channels', event: 'sms.outbound', url: `${receiver.url}/hook` });
    await emulator.trigger('sms.outbound');
    await receiver.waitForRequests(1);
    await expect(emulator.waitForDelivery({ event: 'sms.outbound', status: 'succeeded' })).resolves.toMatchObject({ status: 'succeeded' });
    const wait = emulator.waitForDelivery({ event: 'email.inbound' }, { timeoutMs: 100 });
    await expect(wait).rejects.toThrow(
      /No delivery matching \{"event":"email.inbound"\} within 100 ms.*sms\.outbound -> http:\/\/127\.0\.0\.1:\d+\/hook succeeded/,
    );
  });

  it('keeps several emulators in one process fully isolated', async () => {
    const receiver = track(await createReceiver());
    const first = track(await startEmulator());
    const second = track(await startEmulator());
    expect(first.url).not.toBe(second.url);
    await first.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/first` });
    await second.trigger('sms.inbound');
    await first.trigger('sms.inbound');
    await first.waitForDelivery({ event: 'sms.inbound' });
    expect(second.deliveries()).toHaveLength(0);
    expect(second.emulator.history.events()).toHaveLength(1);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/first']);
  });

  it('createReceiver({respond}) answers from the request: a 500 for the first attempt of each request id', async () => {
    const seen = new Set<string>();
    const receiver = track(
      await createReceiver({
        respond({ headers }) {
          const id = String(headers['messagebird-request-id']);
          if (seen.has(id)) return undefined;
          seen.add(id);
          return { status: 500, body: 'first attempt' };
        },
      }),
    );
    const emulator = track(await startEmulator({ retrySchedule: [10] }));
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    const fired = await emulator.trigger('sms.inbound');
    const delivery = await emulator.waitForDelivery({ eventId: fired.event.id });
    expect(delivery.attempts.map((a) => a.response?.status)).toEqual([500, 200]);
    expect(receiver.requests.map((r) => r.answer)).toEqual([
      { status: 500, body: 'first attempt' },
      { status: 200, body: 'ok' },
    ]);
  });

  it('serves the live log at wsUrl; a reset is announced and forgets the frames a late client would be replayed', async () => {
    const emulator = track(await startEmulator());
    const early = track(await connectLive(emulator.wsUrl));
    await emulator.trigger('sms.inbound');
    await early.waitFor((frame) => frame.type === 'event.fired');
    await emulator.reset();
    await early.waitFor((frame) => frame.type === 'emulator.reset');
    const late = track(await connectLive(`${emulator.wsUrl}?replay=100`));
    await late.waitFor((frame) => frame.type === 'emulator.reset');
    expect(late.frames.map((frame) => frame.type)).toEqual(['hello', 'emulator.reset']);
  });

  it('resets to empty in one call', async () => {
    const receiver = track(await createReceiver());
    const emulator = track(await startEmulator());
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    await emulator.trigger('sms.inbound');
    await emulator.waitForDelivery();
    await emulator.reset();
    expect(emulator.deliveries()).toEqual([]);
    expect(emulator.emulator.history.events()).toEqual([]);
    const list = await fetch(`${emulator.birdBaseUrl}/webhook-subscriptions`, {
      headers: { authorization: `AccessKey ${emulator.accessKey}` },
    });
    expect(await list.json()).toEqual({ results: [] });
  });

  it('refuses a subscription or an event that breaks Bird’s rules with the same error as the API', async () => {
    const emulator = track(await startEmulator());
    await expect(emulator.subscribe({ service: 'numbers', event: 'sms.inbound', url: 'http://localhost:1/x' })).rejects.toMatchObject({
      code: 'InvalidPayload',
      details: { '.body.event': [expect.stringContaining('channels')] },
    });
    await expect(emulator.trigger('no.such.event')).rejects.toMatchObject({ code: 'InvalidPayload' });
  });

  it('leaves no open handle after close(): a script that starts, delivers and closes exits on its own', async () => {
    const script = `
      import { startEmulator, createReceiver } from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
      const receiver = await createReceiver();
      const emulator = await startEmulator({ retrySchedule: [60000] });
      await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: receiver.url + '/ok' });
      await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: 'http://127.0.0.1:9/dead' });
      await emulator.trigger('sms.inbound');
      await emulator.waitForDelivery({ url: receiver.url + '/ok' });
      await emulator.waitForDelivery({ url: 'http://127.0.0.1:9/dead', attempts: 1, status: 'pending' });
      await emulator.close();
      await receiver.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output).toContain('closed');
    expect(code, output).toBe(0);
    // A pending 60 s retry or a keep-alive socket would hold the process far longer than this.
    expect(performance.now() - started).toBeLessThan(8_000);
  });
});
