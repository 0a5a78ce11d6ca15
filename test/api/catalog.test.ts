import { describe, expect, it } from 'vitest';
import { useBirdClient } from '../helpers/bird-client.js';

interface CatalogEntry {
  name: string;
  service: string;
  documented: boolean;
  source: { payload: 'example' | 'partial' | 'none' | 'schema'; urls: string[]; ours?: string };
  filterKeys: ({ key: string; path: string } | { key: string; value: string })[];
}

describe('GET /_emulator/catalog', () => {
  const bird = useBirdClient();
  const catalog = async () => (await bird().get<{ results: CatalogEntry[] }>('/_emulator/catalog')).body.results;
  const entry = async (name: string) => (await catalog()).find((e) => e.name === name);

  it('says for every event whether Bird documents it, how much of its payload, and on which pages', async () => {
    for (const { name, documented, source } of await catalog()) {
      expect(typeof documented, name).toBe('boolean');
      expect(['example', 'partial', 'none', 'schema'], name).toContain(source.payload);
      expect(source.urls.length, name).toBeGreaterThan(0);
    }
    expect(await entry('sms.inbound')).toMatchObject({
      documented: true,
      source: {
        payload: 'example',
        urls: ['https://docs.bird.com/api/channels-api/supported-channels/programmable-sms/receiving-messages'],
      },
    });
    expect(await entry('payment.created')).toMatchObject({ documented: false, source: { payload: 'none', ours: expect.any(String) } });
  });

  it('lists where each filter key takes its value: a payload path, or the value the event fixes', async () => {
    expect((await entry('sms.inbound'))?.filterKeys).toEqual([
      { key: 'channelId', path: 'channelId' },
      { key: 'messageStatus', path: 'status' },
      { key: 'platformId', value: 'sms-messagebird' },
    ]);
    expect((await entry('template.created'))?.filterKeys).toEqual([{ key: 'platformId', path: 'platformId' }]);
  });
});
