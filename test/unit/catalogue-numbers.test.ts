import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import { BRAND_STATUSES, BrandPayloadSchema, CAMPAIGN_STATUSES, VETTING_STATUSES } from '../../src/catalogue/events/numbers.js';
import type { EventDefinition, Payload } from '../../src/catalogue/types.js';
import { createRandom } from '../../src/random.js';

const NOW = Date.UTC(2025, 5, 22, 19, 5, 31, 240);
const SEEDS = [1, 2, 3, 42, 'ci-seed'] as const;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The `payload` of the `10dlc.brand` body Bird publishes on its 10DLC compliance events page,
 * verbatim except `email`: the page as served shows Cloudflare's `[email protected]`
 * placeholder there, not the address that is delivered.
 */
const BIRD_BRAND_EXAMPLE = {
  id: 'example-brand-id',
  organizationId: 'example-org-id',
  workspaceId: ['example-workspace-id'],
  status: 'PENDING',
  entityType: 'PRIVATE_PROFIT',
  firstName: 'Example',
  lastName: 'User',
  displayName: 'Example SMS Brand',
  companyName: 'Example Company',
  ein: '123456789',
  einIssuingCountry: 'XX',
  phone: '+15551234567',
  street: 'Example Street 123',
  city: 'Example City',
  state: 'Example State',
  postalCode: '12345',
  country: 'XX',
  email: 'user@example.com',
  website: 'http://www.example.com',
  vertical: 'TECHNOLOGY',
  altBusinessId: '',
  altBusinessIdType: 'NONE',
  stockExchange: 'NONE',
  stockSymbol: '',
  createdAt: '2025-03-27T08:39:48.091Z',
  updatedAt: '2025-03-27T08:39:48.091Z',
};

const catalogue = createCatalogue();

function event(name: string): EventDefinition {
  const definition = catalogue.find(name, 'numbers');
  if (!definition) throw new Error(`${name} is missing from the catalogue`);
  return definition;
}

function generate(name: string, seed: number | string): Payload {
  return event(name).generate({ random: createRandom(seed), now: NOW });
}

describe('10dlc.brand', () => {
  it("accepts Bird's published example", () => {
    expect(BrandPayloadSchema.safeParse(BIRD_BRAND_EXAMPLE).error?.issues).toBeUndefined();
    expect(event('10dlc.brand').payloadSchema.safeParse(BIRD_BRAND_EXAMPLE).error?.issues).toBeUndefined();
  });

  it('generates exactly the fields of Bird’s example', () => {
    for (const seed of SEEDS) {
      expect(Object.keys(generate('10dlc.brand', seed)).sort(), `seed ${seed}`).toEqual(Object.keys(BIRD_BRAND_EXAMPLE).sort());
    }
  });

  it('generates a VERIFIED US brand owned by an organization and shared with one workspace', () => {
    for (const seed of SEEDS) {
      const brand = generate('10dlc.brand', seed);
      expect(brand).toMatchObject({ status: 'VERIFIED', einIssuingCountry: 'US', country: 'US', altBusinessIdType: 'NONE' });
      expect(brand.id).toMatch(UUID_V4);
      expect(brand.organizationId).toMatch(UUID_V4);
      expect(Array.isArray(brand.workspaceId)).toBe(true);
      expect(brand.workspaceId).toEqual([expect.stringMatching(UUID_V4)]);
      expect(brand.phone).toMatch(/^\+1[2-9]\d{2}[2-9]\d{6}$/);
      expect(brand.ein).toMatch(/^[1-9]\d{8}$/);
      expect(brand.state).toMatch(/^[A-Z]{2}$/);
      expect(brand.postalCode).toMatch(/^\d{5}$/);
      expect(brand.website).toMatch(/^https?:\/\/[a-z0-9.-]+\.example\.com$/);
      expect(brand.email).toMatch(/@[a-z0-9.-]+\.example\.com$/);
    }
  });

  it('lists a public company on an exchange and leaves the others unlisted', () => {
    for (const seed of Array.from({ length: 40 }, (_, i) => i)) {
      const brand = generate('10dlc.brand', seed);
      if (brand.entityType === 'PUBLIC_PROFIT') {
        expect(brand.stockExchange).toMatch(/^(NASDAQ|NYSE)$/);
        expect(brand.stockSymbol).toMatch(/^[A-Z]{1,5}$/);
      } else {
        expect(brand).toMatchObject({ stockExchange: 'NONE', stockSymbol: '' });
      }
    }
  });

  it('is deterministic under a seed', () => {
    expect(generate('10dlc.brand', 7)).toEqual(generate('10dlc.brand', 7));
    expect(generate('10dlc.brand', 7)).not.toEqual(generate('10dlc.brand', 8));
  });

  it('rejects a single workspace id, a lower-case status and an empty id', () => {
    const schema = event('10dlc.brand').payloadSchema;
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, workspaceId: 'example-workspace-id' }).success).toBe(false);
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, status: 'pending' }).success).toBe(false);
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, id: '' }).success).toBe(false);
    const { createdAt: _createdAt, ...withoutCreatedAt } = BIRD_BRAND_EXAMPLE;
    expect(schema.safeParse(withoutCreatedAt).success).toBe(false);
  });
});

describe('the other 10DLC events', () => {
  it.each(['10dlc.campaign', '10dlc.vetting'])('%s carries the brand’s ownership fields', (name) => {
    for (const seed of SEEDS) {
      const payload = generate(name, seed);
      expect(payload.organizationId).toMatch(UUID_V4);
      expect(payload.workspaceId).toEqual([expect.stringMatching(UUID_V4)]);
      expect(event(name).payloadSchema.safeParse({ ...payload, workspaceId: 'not-an-array' }).success).toBe(false);
    }
  });

  it('uses UPPERCASE statuses throughout the numbers service', () => {
    for (const status of [...BRAND_STATUSES, ...CAMPAIGN_STATUSES, ...VETTING_STATUSES]) expect(status).toBe(status.toUpperCase());
    for (const definition of catalogue.events.filter((e) => e.service === 'numbers')) {
      const { status } = definition.generate({ random: createRandom(1), now: NOW });
      expect(status, definition.name).toBe(String(status).toUpperCase());
    }
    expect(generate('10dlc.campaign', 1).status).toBe('ACTIVE');
    expect(generate('10dlc.vetting', 1).status).toBe('COMPLETED');
  });

  it('accepts a campaign whose brandId is not a UUID, as Bird’s brand ids need not be', () => {
    const campaign = { ...generate('10dlc.campaign', 1), brandId: 'example-brand-id' };
    expect(event('10dlc.campaign').payloadSchema.safeParse(campaign).error?.issues).toBeUndefined();
  });
});
