import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/harness/receiver.js';
import { signatureHeaders } from '../../src/signing/sign.js';
import { newSecret, standardWebhookHeaders } from '../../src/signing/standard-webhooks.js';
import { spawnCli, startCli, type CliProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/emulator-server.js';
import { useCleanup } from '../helpers/cleanup.js';
import sample from '../../fixtures/events/sms.inbound.json' with { type: 'json' };

const track = useCleanup();
const running: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

const BIRD_KEY = 'bird-signing-key';
const PHONE = '+31612345678';
const EMAIL = 'anna.jansen@gmail.com';
const TEXT = `Hi, this is Anna. Call me back on ${PHONE} or write to ${EMAIL}`;

/** A delivery body as Bird would send it, carrying a real person's data. */
function birdBody(text = TEXT): string {
  const payload = structuredClone(sample.payload);
  payload.sender.contact.identifierValue = PHONE;
  payload.body.text.text = text;
  return JSON.stringify({ service: 'channels', event: 'sms.inbound', payload });
}

/** POSTs `body` to the recorder, signed with `key` for `signedUrl` (the URL Bird would have signed). */
async function deliver(url: string, body: string, options: { key?: string; signedUrl?: string; sendBody?: string } = {}) {
  const headers = signatureHeaders({
    signingKey: options.key ?? BIRD_KEY,
    timestamp: Math.floor(Date.now() / 1000),
    url: options.signedUrl ?? url,
    body,
    requestId: randomUUID(),
  });
  return fetch(url, { method: 'POST', headers, body: options.sendBody ?? body });
}

async function record(args: string[]) {
  const cli = spawnCli(['record', '--port', '0', ...args]);
  running.push(cli);
  const ready = await cli.waitForLine(/listening on http:\/\//);
  return { cli, url: /listening on (http:\/\/\S+)/.exec(ready)?.[1] as string };
}

const readRecording = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as { description: string; events: any[] };

describe('bird-webhook-emulator record', () => {
  it('records signed deliveries with their verdict, redacted, and they replay with the new signature', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const out = join(dir.path, 'recording.json');
    const { cli, url } = await record(['--out', out, '--signing-key', BIRD_KEY, '--redact-salt', 'team-secret']);
    const hook = `${url}/webhooks/bird`;

    // 1. A genuine delivery: the signature covers this exact URL and body.
    const first = await deliver(hook, birdBody());
    expect(first.status).toBe(200);
    await cli.waitForLine(/#1 sms\.inbound \/webhooks\/bird: signature valid/);
    // The file is valid JSON after each event.
    expect((await readRecording(out)).events).toHaveLength(1);

    // 2. A tampered one: signed for one body, another sent. Still recorded (and answered 200).
    const tampered = await deliver(hook, birdBody('Original text'), { sendBody: birdBody('Tampered text') });
    expect(tampered.status).toBe(200);
    await cli.waitForLine(/#2 sms\.inbound .*SIGNATURE INVALID \(body_changed\)/);

    // 3. Not a Bird delivery: refused, not recorded.
    const junk = await fetch(hook, { method: 'POST', body: '{"hello":"world"}' });
    expect(junk.status).toBe(400);

    const recording = await readRecording(out);
    expect(recording.description).toMatch(/^Recorded by bird-webhook-emulator/);
    const [valid, invalid] = recording.events;
    expect(recording.events).toHaveLength(2);
    expect(valid.recorded.signature).toMatchObject({ checked: true, valid: true, reason: 'valid', url: hook });
    expect(invalid.recorded.signature).toMatchObject({ checked: true, valid: false, reason: 'body_changed' });
    expect(valid.recorded).toMatchObject({ method: 'POST', path: '/webhooks/bird', payloadCheck: { result: 'valid' } });
    expect(valid.recorded.requestId).toEqual(expect.any(String));

    // Redaction: no phone, address or text left; the same number got the same fake both times.
    const text = JSON.stringify(recording);
    for (const secret of [PHONE, EMAIL, 'Anna', 'Tampered', 'Original']) expect(text).not.toContain(secret);
    const fake = valid.payload.sender.contact.identifierValue;
    expect(fake).toMatch(/^\+1555\d{7}$/);
    expect(invalid.payload.sender.contact.identifierValue).toBe(fake);
    expect(valid.payload.body.text.text).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
    expect(valid.payload.body.text.text).not.toBe(invalid.payload.body.text.text);
    expect(valid.recorded.redacted).toEqual(expect.arrayContaining(['payload.sender.contact.identifierValue', 'payload.body.text.text']));
    // What is not personal is kept as Bird sent it.
    expect(valid.payload.id).toBe(sample.payload.id);
    expect(valid.payload.channelId).toBe(sample.payload.channelId);

    expect(await cli.stop('SIGTERM')).toBe(0);
    expect(cli.stdout.join('\n')).toMatch(/2 events in .*recording\.json/);

    // A second session with the same salt appends, and gives the same number the same fake.
    const again = await record(['--out', out, '--redact-salt', 'team-secret']);
    expect(again.cli.stdout.join('\n')).toContain('appending to its 2 events');
    expect((await deliver(`${again.url}/webhooks/bird`, birdBody())).status).toBe(200);
    await again.cli.waitForLine(/#3 sms\.inbound .*signature not checked/);
    const appended = await readRecording(out);
    expect(appended.events).toHaveLength(3);
    expect(appended.events[2].payload.sender.contact.identifierValue).toBe(fake);
    expect(appended.events[2].recorded.signature).toEqual({ checked: false });
    await again.cli.stop();

    // Replay into a running emulator: delivered as recorded, signed afresh with the subscription's key.
    const receiver = track(await createReceiver({ signingKey: 'new-subscription-key' }));
    const emulator = await startCli(['--port', '0', '--in-memory']);
    running.push(emulator);
    const created = await fetch(`${emulator.url}/organizations/${randomUUID()}/workspaces/${randomUUID()}/webhook-subscriptions`, {
      method: 'POST',
      headers: { authorization: 'AccessKey test', 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook`, signingKey: 'new-subscription-key' }),
    });
    expect(created.status).toBe(201);
    const replay = spawnCli(['replay', out, '--url', emulator.url]);
    running.push(replay);
    expect(await replay.exited, replay.stderr.join('\n')).toBe(0);
    expect(replay.stdout[0]).toBe(`replayed 3 of 3 events from ${out}`);
    const requests = await receiver.waitForRequests(3);
    expect(requests.map((r) => r.signatureValid)).toEqual([true, true, true]);
    expect(requests.map((r) => r.diagnosis?.reason)).toEqual(['valid', 'valid', 'valid']);
    expect(requests.map((r) => (r.body as { payload: unknown }).payload)).toEqual(appended.events.map((e) => e.payload));
    // The body is exactly {service, event, payload}: the recording metadata stays out.
    expect(Object.keys(requests[0]?.body as object)).toEqual(['service', 'event', 'payload']);
  });

  it('checks the signature against --public-url (the tunnel) plus the request path', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const out = join(dir.path, 'tunnel.json');
    const { cli, url } = await record(['--out', out, '--signing-key', BIRD_KEY, '--public-url', 'https://abc.ngrok.app/', '--no-redact']);
    await deliver(`${url}/hooks/bird?x=1`, birdBody(), { signedUrl: 'https://abc.ngrok.app/hooks/bird?x=1' });
    await cli.waitForLine(/#1 .*signature valid/);
    // Signed for the local URL instead: the diagnosis names the URL as the cause.
    await deliver(`${url}/hooks/bird`, birdBody());
    await cli.waitForLine(/#2 .*SIGNATURE INVALID \(wrong_url\)/);
    const [first, second] = (await readRecording(out)).events;
    expect(first.recorded.signature.url).toBe('https://abc.ngrok.app/hooks/bird?x=1');
    expect(second.recorded.signature.reason).toBe('wrong_url');
    // --no-redact keeps everything as received.
    expect(first.payload.sender.contact.identifierValue).toBe(PHONE);
    expect(first.recorded.redacted).toEqual([]);
  });

  it('honours X-Forwarded-Proto and -Host when no --public-url is given', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const out = join(dir.path, 'forwarded.json');
    const { cli, url } = await record(['--out', out, '--signing-key', BIRD_KEY]);
    const body = birdBody();
    const headers = signatureHeaders({
      signingKey: BIRD_KEY,
      timestamp: 1_700_000_000,
      url: 'https://tunnel.example/bird',
      body,
      requestId: randomUUID(),
    });
    await fetch(`${url}/bird`, {
      method: 'POST',
      headers: { ...headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tunnel.example' },
      body,
    });
    // An old timestamp is still authentic: Bird's retries keep their first one.
    await cli.waitForLine(/#1 .*signature valid/);
  });

  it('checks each request with the scheme it carries, and records the platform API events as {type, timestamp, data}', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const out = join(dir.path, 'both.json');
    const secret = newSecret();
    const { cli, url } = await record(['--out', out, '--signing-key', BIRD_KEY, '--secret', secret, '--json']);
    const hook = `${url}/webhooks/bird`;
    const data = { email_id: 'em_01krdgeqcxet5s7t44vh8rt9mg', recipient: 'delivered@messagebird.dev' };
    const platformBody = JSON.stringify({ type: 'email.delivered', timestamp: '2026-06-01T17:00:12Z', data });
    const platform = (secrets: string[]) =>
      fetch(hook, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...standardWebhookHeaders({
            id: 'msg_01krdgeqcxet5s7t44vh8rt9mg',
            timestamp: Math.floor(Date.now() / 1000),
            body: platformBody,
            secrets,
          }),
        },
        body: platformBody,
      });

    expect((await platform([secret])).status).toBe(200);
    const genuine = JSON.parse(await cli.waitForLine(/"type":"recorded"/));
    expect(genuine).toMatchObject({ event: 'email.delivered', signature: { checked: true, scheme: 'standard-webhooks', valid: true } });

    expect((await platform([newSecret()])).status).toBe(200);
    await cli.waitForLine(/Standard Webhooks signature INVALID|SIGNATURE INVALID \(mismatch\)/);

    // A Notifications delivery in the same session is checked with the signing key.
    expect((await deliver(hook, birdBody())).status).toBe(200);
    await cli.waitForLine(/"number":3/);
    await cli.stop();
    const [first, second, third] = (await readRecording(out)).events;
    expect(first).toMatchObject({ type: 'email.delivered', timestamp: '2026-06-01T17:00:12Z', data: { email_id: data.email_id } });
    // The e-mail address is personal data: redacted like any other.
    expect(first.data.recipient).not.toBe(data.recipient);
    expect(first.recorded).toMatchObject({ requestId: 'msg_01krdgeqcxet5s7t44vh8rt9mg', signature: { valid: true } });
    expect(second.recorded.signature).toMatchObject({ checked: true, scheme: 'standard-webhooks', valid: false, reason: 'mismatch' });
    expect(third.recorded.signature).toMatchObject({ checked: true, scheme: 'messagebird-signature', valid: true, url: hook });
  });

  it('refuses to overwrite a file that is not a recording, needs --out, and names a --host it cannot bind', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const notes = join(dir.path, 'notes.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(notes, '{"todo": ["buy milk"]}'));
    const refused = spawnCli(['record', '--out', notes, '--port', '0']);
    const noOut = spawnCli(['record', '--port', '0']);
    const badPath = spawnCli(['record', '--out', join(dir.path, 'x.json'), '--redact', 'customer.name']);
    // TEST-NET-3: an address no interface of this machine has.
    const badHost = spawnCli(['record', '--out', join(dir.path, 'y.json'), '--port', '0', '--host', '203.0.113.7']);
    running.push(refused, noOut, badPath, badHost);
    expect(await Promise.all([refused.exited, noOut.exited, badPath.exited, badHost.exited])).toEqual([1, 1, 1, 1]);
    expect(badHost.stderr.join('\n')).toContain('Cannot listen on 203.0.113.7: EADDRNOTAVAIL; check --host.');
    expect(refused.stderr.join('\n')).toMatch(/notes\.json: expected a fixture set/);
    expect(await readFile(notes, 'utf8')).toBe('{"todo": ["buy milk"]}');
    expect(noOut.stderr.join('\n')).toContain('record needs --out');
    expect(badPath.stderr.join('\n')).toContain('payload.customer.reference');
  });
});
