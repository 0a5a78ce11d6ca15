import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import { BrandPayloadSchema } from '../../src/catalogue/events/numbers.js';
import type { EventDefinition, Payload } from '../../src/catalogue/types.js';
import { createRandom } from '../../src/random.js';
import { BIRD_EXAMPLES, examplePayload, type BirdExample } from '../fixtures-bird/examples.js';

const NOW = Date.UTC(2025, 5, 22, 19, 5, 31, 240);
const SEEDS = [1, 2, 3, 42, 'ci-seed'] as const;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const example = (file: string) => examplePayload(BIRD_EXAMPLES.find((e) => e.file === file) as BirdExample);
/** The payloads of the bodies Bird publishes on its 10DLC compliance events page. */
const BIRD_BRAND_EXAMPLE = example('10dlc.brand--pending.json');
const BIRD_CAMPAIGN_EXAMPLE = example('10dlc.campaign--pending.json');

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

  it('generates a PENDING US brand owned by an organization and shared with one workspace', () => {
    for (const seed of SEEDS) {
      const brand = generate('10dlc.brand', seed);
      expect(brand).toMatchObject({ status: 'PENDING', einIssuingCountry: 'US', country: 'US', altBusinessIdType: 'NONE' });
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

  it('accepts both forms of workspaceId Bird shows and any status, and refuses wrong JSON types and an empty id', () => {
    const schema = event('10dlc.brand').payloadSchema;
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, workspaceId: 'example-workspace-id' }).success).toBe(true);
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, status: 'VETTED_VERIFIED' }).success).toBe(true);
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, workspaceId: 42 }).success).toBe(false);
    expect(schema.safeParse({ ...BIRD_BRAND_EXAMPLE, id: '' }).success).toBe(false);
    const { status: _status, ...withoutStatus } = BIRD_BRAND_EXAMPLE;
    expect(schema.safeParse(withoutStatus).success).toBe(false);
    const { createdAt: _createdAt, ...withoutCreatedAt } = BIRD_BRAND_EXAMPLE;
    expect(schema.safeParse(withoutCreatedAt).success).toBe(true);
  });
});

describe('10dlc.campaign', () => {
  it('generates exactly the fields of Bird’s example, with a single workspaceId as Bird shows', () => {
    for (const seed of SEEDS) {
      const campaign = generate('10dlc.campaign', seed);
      expect(Object.keys(campaign).sort()).toEqual(Object.keys(BIRD_CAMPAIGN_EXAMPLE).sort());
      expect(campaign).toMatchObject({ status: 'PENDING', workspaceId: expect.stringMatching(UUID_V4), subscriberOptout: true });
      expect(campaign.subUsecases).toHaveLength(2);
    }
  });

  it('accepts a campaign whose ids are not UUIDs, as Bird’s are not', () => {
    expect(event('10dlc.campaign').payloadSchema.safeParse(BIRD_CAMPAIGN_EXAMPLE).error?.issues).toBeUndefined();
  });
});

describe('tfn.verification', () => {
  it('generates a verified request in whole seconds, and Bird’s rejection when asked for one', () => {
    const verified = generate('tfn.verification', 1);
    expect(verified).toMatchObject({ status: 'verified', testMode: false, verificationRequestId: expect.stringMatching(/^VR-\d{5}$/) });
    expect(verified.phoneNumbers).toEqual([expect.stringMatching(/^\+18\d{9}$/)]);
    expect(verified.updatedAt).toMatch(/:\d{2}Z$/);
    const rejected = event('tfn.verification').generate({ random: createRandom(1), now: NOW, override: { status: 'rejected' } });
    expect(rejected.statusMessage).toEqual({
      statusCode: '1101',
      declineReasonDescription: 'Invalid documentation',
      resubmitAllowed: 'true',
      message: 'Please provide valid documentation',
    });
  });
});

describe('statuses', () => {
  it('are UPPERCASE for 10DLC and lower case for toll-free verification, as Bird’s examples', () => {
    for (const name of ['10dlc.brand', '10dlc.campaign', '10dlc.vetting']) {
      const { status } = generate(name, 1);
      expect(status, name).toBe(String(status).toUpperCase());
    }
    expect(generate('tfn.verification', 1).status).toBe('verified');
  });
});
