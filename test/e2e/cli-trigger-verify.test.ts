import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/emulator-server.js';

const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let emulator: Awaited<ReturnType<typeof startCli>>;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/bird`;
  emulator = await startCli(['--port', '0', '--in-memory']);
  const created = await fetch(`${emulator.url}/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`, {
    method: 'POST',
    headers: { authorization: 'AccessKey test', 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'channels', event: 'sms.inbound', url: receiverUrl, signingKey: 'secureSigningKey' }),
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await emulator?.stop();
  receiver?.close();
});

describe('bird-webhook-emulator trigger', () => {
  it('fires an event with --set overrides and prints where it went and the receiver status', async () => {
    const cli = spawnCli(['trigger', 'sms.inbound', '--set', 'body.text.text=hello from the CLI', '--url', emulator.url]);
    expect(await cli.exited).toBe(0);
    const output = cli.stdout.join('\n');
    expect(output).toMatch(/fired sms\.inbound/);
    expect(output).toContain(receiverUrl);
    expect(output).toMatch(/succeeded\s+HTTP 202/);
    const last = received[received.length - 1] as Received;
    expect(JSON.parse(last.body)).toMatchObject({
      service: 'channels',
      event: 'sms.inbound',
      payload: { body: { text: { text: 'hello from the CLI' } } },
    });
    expect(last.headers['messagebird-signature']).toEqual(expect.any(String));
  });

  it('says so when no subscription matched, and finds the emulator through BIRD_EMULATOR_URL', async () => {
    const cli = spawnCli(['trigger', 'whatsapp.inbound'], { env: { BIRD_EMULATOR_URL: emulator.url } });
    expect(await cli.exited).toBe(0);
    expect(cli.stdout.join('\n')).toMatch(/no active subscription matched/);
  });

  it('exits 1 with the validation details when the payload breaks the schema', async () => {
    const cli = spawnCli(['trigger', 'sms.inbound', '--set', 'direction=sideways', '--url', emulator.url]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr.join('\n')).toMatch(/422/);
    expect(cli.stderr.join('\n')).toContain('.body.payload.direction');
  });

  it('explains that nothing is listening when the emulator is not running', async () => {
    const cli = spawnCli(['trigger', 'sms.inbound', '--url', 'http://127.0.0.1:9']);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr.join('\n')).toMatch(/Cannot reach the emulator/);
  });
});

describe('bird-webhook-emulator verify', () => {
  const vector = ['--key', 'secureSigningKey', '--url', 'https://domain.com/webhook/bird', '--timestamp', '1700000000'];

  it('accepts the SPEC test vector read from standard input', async () => {
    const cli = spawnCli(['verify', ...vector, '--signature', 'DE1SjJLeCK+ineZ5vdUupK/FTipcBoHojng/MMIIq5A='], { stdin: '' });
    expect(await cli.exited).toBe(0);
    expect(cli.stdout[0]).toMatch(/^valid/);
  });

  it('verifies a delivery the emulator really sent, and explains a wrong URL', async () => {
    const trigger = spawnCli(['trigger', 'sms.inbound', '--url', emulator.url]);
    expect(await trigger.exited).toBe(0);
    const last = received[received.length - 1] as Received;
    const args = [
      '--key',
      'secureSigningKey',
      '--timestamp',
      String(last.headers['messagebird-request-timestamp']),
      '--signature',
      String(last.headers['messagebird-signature']),
    ];
    const ok = spawnCli(['verify', ...args, '--url', receiverUrl], { stdin: last.body });
    expect(await ok.exited).toBe(0);
    const wrongUrl = spawnCli(['verify', ...args, '--url', `${receiverUrl}/`], { stdin: last.body });
    expect(await wrongUrl.exited).toBe(1);
    expect(wrongUrl.stdout[0]).toMatch(/INVALID \(wrong_url\)/);
  });
});

describe('bird-webhook-emulator verify --secret (Standard Webhooks, the platform API)', () => {
  // The Standard Webhooks reference library's vector ("sign function works").
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = '{"test": 2432232314}';
  const headers = {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const flags = ['--id', headers['webhook-id'], '--timestamp', headers['webhook-timestamp'], '--signature', headers['webhook-signature']];

  it('accepts the vector read from standard input', async () => {
    const cli = spawnCli(['verify', '--secret', secret, ...flags], { stdin: body });
    expect(await cli.exited).toBe(0);
    expect(cli.stdout[0]).toMatch(/^valid \(valid\)/);
  });

  it('explains a re-serialised body, a rotated secret and a stale timestamp, never printing a secret', async () => {
    const minified = spawnCli(['verify', '--secret', secret, ...flags], { stdin: '{"test":2432232314}' });
    expect(await minified.exited).toBe(1);
    expect(minified.stdout[0]).toMatch(/^INVALID \(body_reserialised\)/);

    const other = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const rotated = spawnCli(['verify', '--secret', other, '--try-secret', secret, ...flags], { stdin: body });
    expect(await rotated.exited).toBe(1);
    expect(rotated.stdout[0]).toMatch(/^INVALID \(wrong_secret\): The signature matches candidate secret #1 \("whsec_MfKQ…Sw"\)/);
    expect(rotated.stdout.join('\n')).not.toContain(secret.slice(10));

    const stale = spawnCli(['verify', '--secret', secret, ...flags, '--tolerance', '300'], { stdin: body });
    expect(await stale.exited).toBe(1);
    expect(stale.stdout[0]).toMatch(/^INVALID \(stale_timestamp\)/);
    expect(stale.stdout.join('\n')).toContain('vi.setSystemTime(emulator.clock.now())');
  });

  it('reads the headers from a file, as JSON or as "name: value" lines', async () => {
    const dir = await tempDir();
    try {
      const lines = join(dir.path, 'headers.txt');
      await writeFile(
        lines,
        `POST /webhooks/bird HTTP/1.1\n${Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}\n`,
      );
      const fromLines = spawnCli(['verify', '--secret', secret, '--headers', lines], { stdin: body });
      expect(await fromLines.exited).toBe(0);

      const json = join(dir.path, 'headers.json');
      await writeFile(json, JSON.stringify({ ...headers, 'webhook-id': 'msg_other' }));
      // A flag wins over the file.
      const fromJson = spawnCli(['verify', '--secret', secret, '--headers', json, '--id', headers['webhook-id']], { stdin: body });
      expect(await fromJson.exited).toBe(0);
      const wrongId = spawnCli(['verify', '--secret', secret, '--headers', json], { stdin: body });
      expect(await wrongId.exited).toBe(1);
      expect(wrongId.stdout[0]).toMatch(/^INVALID \(mismatch\)/);
    } finally {
      await dir.remove();
    }
  });

  it('names the missing header, and asks for a key or a secret', async () => {
    const missing = spawnCli(['verify', '--secret', secret, '--timestamp', headers['webhook-timestamp']], { stdin: body });
    expect(await missing.exited).toBe(1);
    expect(missing.stdout[0]).toMatch(/^INVALID \(missing_headers\): The request lacks the webhook-id and webhook-signature headers/);
    const neither = spawnCli(['verify', ...flags], { stdin: body });
    expect(await neither.exited).toBe(1);
    expect(neither.stderr.join('\n')).toMatch(/--secret \(platform API\)/);
  });

  it('documents both schemes in --help', async () => {
    const help = spawnCli(['verify', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout.join('\n')).toMatch(/--secret <whsec_…>[\s\S]*--id <id>[\s\S]*--headers <file>/);
  });
});
