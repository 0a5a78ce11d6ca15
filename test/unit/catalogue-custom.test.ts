import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import { loadCustomCatalog, parseCustomCatalog, type CustomEventDefinition } from '../../src/catalogue/custom-catalog.js';
import { filterValue } from '../../src/catalogue/read-path.js';
import { EmulatorError } from '../../src/errors.js';
import { createRandom } from '../../src/random.js';

const NOW = Date.UTC(2025, 5, 22, 19, 5, 31, 240);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bird-catalogue-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeCatalog(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
  return path;
}

/** The error a promise rejects with, so tests can assert on its code, message and details. */
async function rejection(promise: Promise<unknown>): Promise<EmulatorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorError);
    return error as EmulatorError;
  }
  throw new Error('expected a rejection');
}

const ORDER_SHIPPED = {
  service: 'channels',
  name: 'shop.order_shipped',
  description: 'Our own event',
  filterKeys: [
    { key: 'channelId', path: 'channelId' },
    { key: 'carrier', path: 'shipment.carrier' },
  ],
  payload: {
    id: '{{uuid}}',
    channelId: '3e3a68da-85a2-4b12-b114-b2c28117bf37',
    shipment: { carrier: 'PostNL', ids: ['{{uuid}}', '{{uuid}}'], shippedAt: '{{now}}' },
    note: 'id {{uuid}} stays as written',
    count: 2,
    paid: true,
  },
};

describe('loadCustomCatalog', () => {
  it('reads events, with filter keys defaulting to none', async () => {
    const path = await writeCatalog('good.json', {
      events: [ORDER_SHIPPED, { service: 'numbers', name: 'number.ported', payload: { id: '{{uuid}}' } }],
    });
    const events = await loadCustomCatalog(path);
    expect(events.map((e) => e.name)).toEqual(['shop.order_shipped', 'number.ported']);
    expect(events[0]?.filterKeys).toEqual(ORDER_SHIPPED.filterKeys);
    expect(events[1]?.filterKeys).toEqual([]);
  });

  it('names the file when it is not JSON', async () => {
    const path = await writeCatalog('broken.json', '{ "events": [ ');
    const error = await rejection(loadCustomCatalog(path));
    expect(error.code).toBe('ConfigurationError');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('names the file and the failing path when the shape is wrong', async () => {
    const path = await writeCatalog('bad-shape.json', {
      events: [{ ...ORDER_SHIPPED, filterKeys: [{ key: 'channelId', path: 'a..b' }] }],
    });
    const error = await rejection(loadCustomCatalog(path));
    expect(error.code).toBe('ConfigurationError');
    expect(error.message).toContain(path);
    expect(error.message).toContain('events[0].filterKeys[0].path: expected a dot-separated payload path');
    expect(Object.keys(error.details ?? {})).toEqual(['events[0].filterKeys[0].path']);
  });

  it('refuses unknown services, unknown fields, non-object payloads and duplicates', async () => {
    const CHANNEL_KEY = { key: 'channelId', path: 'channelId' };
    const cases: [unknown, string][] = [
      [{ events: [{ ...ORDER_SHIPPED, service: 'fax' }] }, 'events[0].service'],
      [{ events: [{ ...ORDER_SHIPPED, filterkeys: [] }] }, 'events[0]'],
      [{ events: [{ ...ORDER_SHIPPED, payload: [1, 2] }] }, 'events[0].payload'],
      [{ events: [ORDER_SHIPPED, ORDER_SHIPPED] }, 'events[1].name'],
      [{ events: [{ ...ORDER_SHIPPED, filterKeys: [CHANNEL_KEY, CHANNEL_KEY] }] }, 'events[0].filterKeys'],
      [{ evnts: [] }, 'events'],
    ];
    for (const [content, failingPath] of cases) {
      const path = await writeCatalog('case.json', content);
      const error = await rejection(loadCustomCatalog(path));
      expect(error.message, failingPath).toContain(`${path} is invalid at ${failingPath}:`);
    }
  });

  it('names the file when it cannot be read', async () => {
    const path = join(dir, 'missing.json');
    const error = await rejection(loadCustomCatalog(path));
    expect(error.code).toBe('ConfigurationError');
    expect(error.message).toContain(path);
  });
});

describe('custom events in the catalogue', () => {
  const [orderShipped] = parseCustomCatalog({ events: [ORDER_SHIPPED] }, 'inline') as [CustomEventDefinition];

  it('are added to their service, undocumented, with their filter keys', () => {
    const catalogue = createCatalogue({ customEvents: [orderShipped] });
    expect(catalogue.events).toHaveLength(52);
    const definition = catalogue.find('shop.order_shipped', 'channels');
    expect(definition).toMatchObject({ documented: false, description: 'Our own event', service: 'channels' });
    const channels = catalogue.availableWebhooks('channels').results[0]?.events ?? [];
    expect(channels.at(-1)).toEqual({ name: 'shop.order_shipped', filterKeys: ['channelId', 'carrier'] });
    // The channels group stays together: the numbers events still follow it.
    const names = catalogue.events.map((e) => e.name);
    expect(names.indexOf('shop.order_shipped')).toBe(names.indexOf('voice.outbound') + 1);
    expect(names.indexOf('10dlc.brand')).toBe(names.indexOf('shop.order_shipped') + 1);
  });

  it('fill exact placeholders with fresh uuids and the current time, and copy everything else', () => {
    const definition = createCatalogue({ customEvents: [orderShipped] }).find('shop.order_shipped');
    const payload = definition?.generate({ random: createRandom(1), now: NOW }) as typeof ORDER_SHIPPED.payload;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(payload.id).toMatch(uuid);
    expect(payload.shipment.ids[0]).toMatch(uuid);
    expect(new Set([payload.id, ...payload.shipment.ids]).size).toBe(3);
    expect(payload.shipment.shippedAt).toBe('2025-06-22T19:05:31.240Z');
    expect(payload).toMatchObject({
      note: 'id {{uuid}} stays as written',
      count: 2,
      paid: true,
      channelId: ORDER_SHIPPED.payload.channelId,
    });
    expect(definition?.payloadSchema.safeParse(payload).success).toBe(true);
  });

  it('generate deterministically and never change the base payload', () => {
    const definition = createCatalogue({ customEvents: [orderShipped] }).find('shop.order_shipped');
    const first = definition?.generate({ random: createRandom(9), now: NOW });
    expect(definition?.generate({ random: createRandom(9), now: NOW })).toEqual(first);
    expect(definition?.generate({ random: createRandom(10), now: NOW })).not.toEqual(first);
    expect(orderShipped.payload).toEqual(ORDER_SHIPPED.payload);
  });

  it('replace a built-in event of the same service and name, in place', () => {
    const [override] = parseCustomCatalog(
      { events: [{ service: 'channels', name: 'sms.outbound', payload: { id: '{{uuid}}', status: 'read' } }] },
      'inline',
    ) as [CustomEventDefinition];
    const catalogue = createCatalogue({ customEvents: [override] });
    expect(catalogue.events).toHaveLength(51);
    expect(catalogue.events.map((e) => e.name)).toEqual(createCatalogue().events.map((e) => e.name));
    const definition = catalogue.find('sms.outbound');
    expect(definition?.documented).toBe(false);
    expect(definition?.filterKeys).toEqual([]);
    expect(definition?.generate({ random: createRandom(1), now: NOW })).toMatchObject({ status: 'read' });
  });

  it('may fix a filter key’s value instead of reading it from the payload, as Bird’s platformId', () => {
    const [fixed] = parseCustomCatalog(
      { events: [{ ...ORDER_SHIPPED, filterKeys: [{ key: 'platformId', value: 'shop-platform' }] }] },
      'inline',
    ) as [CustomEventDefinition];
    const definition = createCatalogue({ customEvents: [fixed] }).find('shop.order_shipped');
    expect(definition?.filterKeys).toEqual([{ key: 'platformId', value: 'shop-platform' }]);
    expect(definition?.source).toMatchObject({ payload: 'none', urls: [] });
    expect(filterValue(definition?.filterKeys[0] as never, { platformId: 'other' })).toBe('shop-platform');
    const both = { events: [{ ...ORDER_SHIPPED, filterKeys: [{ key: 'platformId', value: 'x', path: 'platformId' }] }] };
    expect(() => parseCustomCatalog(both, 'inline')).toThrow(/events\[0\]\.filterKeys\[0\]/);
  });

  it('may share a name with an event of another service', () => {
    const [other] = parseCustomCatalog(
      { events: [{ service: 'templates', name: 'sms.outbound', payload: { kind: 'template' } }] },
      'inline',
    ) as [CustomEventDefinition];
    const catalogue = createCatalogue({ customEvents: [other] });
    expect(catalogue.events).toHaveLength(52);
    expect(catalogue.find('sms.outbound', 'channels')?.documented).toBe(true);
    const payload = catalogue.find('sms.outbound', 'templates')?.generate({ random: createRandom(1), now: NOW });
    expect(payload).toEqual({ kind: 'template' });
  });
});
