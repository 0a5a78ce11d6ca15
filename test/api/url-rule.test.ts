import { describe, expect, it } from 'vitest';
import { BASE, REFERENCE_BODY, expectBirdError, useBirdClient, type BirdSubscription } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;

const REFUSED_ALWAYS = [
  'ftp://localhost/webhook',
  'ftp://example.com/webhook',
  'http://example.com/webhook',
  'https://intranet/webhook',
  'https://example/webhook',
  'https://example.c/webhook',
  'http://localhost.example.com/webhook',
  'http://10.0.0.5:3000/webhook',
  'http://user:pass@localhost:3000/webhook',
  'https://example.com/has space',
  'localhost:3000/webhook',
  'not a url',
  '',
];

describe('the URL rule (default mode)', () => {
  const bird = useBirdClient();

  it.each(REFUSED_ALWAYS)('refuses %j with a 422 on .body.url', async (url) => {
    expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, url }), 422, { code: 'InvalidPayload', detailKeys: ['.body.url'] });
  });

  it('explains the rule in the message', async () => {
    const body = expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, url: 'http://example.com/webhook' }), 422);
    expect(body.details?.['.body.url']?.join(' ')).toMatch(/https/);
    expect(body.details?.['.body.url']?.join(' ')).toMatch(/localhost/);
  });
});

describe('the URL rule in strict mode (strictUrls: true)', () => {
  const bird = useBirdClient({ strictUrls: true });

  it.each(['http://localhost:3000/webhook', 'https://localhost/webhook', 'http://127.0.0.1:3000/', 'http://[::1]:3000/'])(
    'refuses the local URL %j',
    async (url) => {
      const body = expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, url }), 422, { detailKeys: ['.body.url'] });
      expect(body.details?.['.body.url']?.join(' ')).toMatch(/strict/);
    },
  );

  it.each(['https://example.com/hook', 'https://example.com:8443/x', 'https://api.my-app.example.io/bird/webhook?x=1'])(
    "accepts %j, which Bird's pattern allows",
    async (url) => {
      const response = await bird().post<BirdSubscription>(LIST, { ...REFERENCE_BODY, url });
      expect(response.status).toBe(201);
      expect(response.body.url).toBe(url);
    },
  );

  it('applies the same rule on PATCH', async () => {
    const sub = await bird().create({ url: 'https://example.com/hook' });
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { url: 'http://localhost:3000/webhook' }), 422, { detailKeys: ['.body.url'] });
    expect((await bird().patch(`${LIST}/${sub.id}`, { url: 'https://example.com:8443/x' })).status).toBe(200);
  });

  it.each(REFUSED_ALWAYS)('still refuses %j', async (url) => {
    expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, url }), 422, { detailKeys: ['.body.url'] });
  });
});
