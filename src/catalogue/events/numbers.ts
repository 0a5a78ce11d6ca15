import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { companyName, createdAndUpdated, digits, personName, tollFreeNumber, usNumber } from '../fake-data.js';
import { EmailAddressSchema, IdSchema, PhoneNumberSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, GenerateContext } from '../types.js';

// @note `10dlc.brand` follows the one numbers payload Bird publishes (the example on its 10DLC
// compliance events page), field for field and with its UPPERCASE statuses. Bird publishes no
// campaign, vetting or toll-free payload: those shapes are our own, in The Campaign Registry's
// vocabulary, and share the brand's casing and ownership fields so the service reads as one.
// Numbers events take no filters, so no field is load-bearing for matching.

const DAY_MS = 24 * 3_600_000;

/** Brand statuses: Bird's `PENDING` until TCR answers, then TCR's identity statuses. */
export const BRAND_STATUSES = ['PENDING', 'SELF_DECLARED', 'UNVERIFIED', 'VERIFIED', 'VETTED_VERIFIED'] as const;
export const CAMPAIGN_STATUSES = ['PENDING', 'ACTIVE', 'REJECTED', 'SUSPENDED', 'EXPIRED'] as const;
export const VETTING_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;
export const TOLL_FREE_VERIFICATION_STATUSES = ['SUBMITTED', 'IN_REVIEW', 'VERIFIED', 'REJECTED'] as const;

const ENTITY_TYPES = ['PRIVATE_PROFIT', 'PUBLIC_PROFIT', 'NON_PROFIT', 'GOVERNMENT', 'SOLE_PROPRIETOR'] as const;
// Sole proprietors have no EIN and are only ever SELF_DECLARED, so a VERIFIED brand is never one.
const VERIFIED_ENTITY_TYPES = ['PRIVATE_PROFIT', 'PUBLIC_PROFIT', 'NON_PROFIT', 'GOVERNMENT'] as const;
const VERTICALS = ['RETAIL', 'HEALTHCARE', 'TECHNOLOGY', 'TRANSPORTATION', 'HOSPITALITY'] as const;
const USE_CASES = ['ACCOUNT_NOTIFICATION', 'CUSTOMER_CARE', 'DELIVERY_NOTIFICATION', 'MARKETING', '2FA', 'MIXED'] as const;

/** City, state and ZIP code that belong together, so a generated address is coherent. */
const US_LOCALITIES = [
  { city: 'Austin', state: 'TX', postalCode: '78701' },
  { city: 'Denver', state: 'CO', postalCode: '80202' },
  { city: 'Seattle', state: 'WA', postalCode: '98101' },
  { city: 'Chicago', state: 'IL', postalCode: '60601' },
  { city: 'Boston', state: 'MA', postalCode: '02108' },
  { city: 'Atlanta', state: 'GA', postalCode: '30303' },
] as const;
const STREETS = ['Main Street', 'Market Street', 'Oak Avenue', 'Congress Avenue', 'Pine Street'] as const;

/**
 * An id as Bird writes it in numbers payloads.
 * @note Any non-empty string, not `IdSchema`: Bird's published brand example uses placeholders
 * such as `example-brand-id`, and TCR-side ids need not be UUIDs. Generators still emit UUIDs.
 */
const NumbersIdSchema = z.string().min(1);
const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as US');

/** 10DLC objects belong to an organization and are shared with a list of its workspaces. */
const ownership = { organizationId: NumbersIdSchema, workspaceId: z.array(NumbersIdSchema) };
const timestamps = { createdAt: TimestampSchema, updatedAt: TimestampSchema.optional() };

export const BrandPayloadSchema = z.looseObject({
  id: NumbersIdSchema,
  ...ownership,
  status: z.enum(BRAND_STATUSES),
  entityType: z.enum(ENTITY_TYPES).optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  displayName: z.string().optional(),
  companyName: z.string().optional(),
  ein: z.string().optional(),
  einIssuingCountry: CountryCodeSchema.optional(),
  phone: PhoneNumberSchema.optional(),
  street: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: CountryCodeSchema.optional(),
  email: EmailAddressSchema.optional(),
  website: z.string().optional(),
  // Bird serves the vertical list from an endpoint (`/numbers-tcr/verticals`), so it is not fixed here.
  vertical: z.string().min(1).optional(),
  // `""` and `NONE` when absent, as in Bird's example.
  altBusinessId: z.string().optional(),
  altBusinessIdType: z.string().optional(),
  stockExchange: z.string().optional(),
  stockSymbol: z.string().optional(),
  ...timestamps,
});

export const CampaignPayloadSchema = z.looseObject({
  id: IdSchema,
  ...ownership,
  brandId: NumbersIdSchema,
  status: z.enum(CAMPAIGN_STATUSES),
  useCase: z.enum(USE_CASES).optional(),
  description: z.string().optional(),
  sampleMessages: z.array(z.string()).optional(),
  ...timestamps,
});

export const VettingPayloadSchema = z.looseObject({
  id: IdSchema,
  ...ownership,
  brandId: NumbersIdSchema,
  status: z.enum(VETTING_STATUSES),
  vettingProvider: z.string().optional(),
  vettingClass: z.string().optional(),
  score: z.number().int().min(0).max(100).optional(),
  ...timestamps,
});

export const TollFreeVerificationPayloadSchema = z.looseObject({
  id: IdSchema,
  phoneNumber: PhoneNumberSchema,
  status: z.enum(TOLL_FREE_VERIFICATION_STATUSES),
  businessName: z.string().optional(),
  useCase: z.enum(USE_CASES).optional(),
  monthlyVolume: z.number().int().positive().optional(),
  rejectionReason: z.string().optional(),
  ...timestamps,
});

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function generateOwnership({ random }: GenerateContext): { organizationId: string; workspaceId: string[] } {
  return { organizationId: random.uuid(), workspaceId: [random.uuid()] };
}

// Each generator is typed by its schema's output, so a shape change breaks the build, not a test run.

function generateBrand(context: GenerateContext): z.output<typeof BrandPayloadSchema> {
  const { random } = context;
  const id = random.uuid();
  const owners = generateOwnership(context);
  const company = companyName(random);
  const entityType = random.pick(VERIFIED_ENTITY_TYPES);
  // personName gives a one-word first name followed by the family name ("Anna de Vries").
  const [firstName = '', ...family] = personName(random).split(' ');
  const locality = random.pick(US_LOCALITIES);
  const listed = entityType === 'PUBLIC_PROFIT';
  return {
    id,
    ...owners,
    status: 'VERIFIED',
    entityType,
    firstName,
    lastName: family.join(' '),
    displayName: company,
    companyName: `${company} Inc.`,
    // Nine digits without a dash, as in Bird's example; an EIN never starts with 0.
    ein: `${random.int(1, 9)}${digits(random, 8)}`,
    einIssuingCountry: 'US',
    phone: usNumber(random),
    street: `${random.int(1, 2_999)} ${random.pick(STREETS)}`,
    ...locality,
    country: 'US',
    email: `support@${slug(company)}.example.com`,
    website: `https://www.${slug(company)}.example.com`,
    vertical: random.pick(VERTICALS),
    altBusinessId: '',
    altBusinessIdType: 'NONE',
    stockExchange: listed ? random.pick(['NASDAQ', 'NYSE'] as const) : 'NONE',
    stockSymbol: listed ? slug(company).slice(0, 4).toUpperCase() : '',
    ...createdAndUpdated(context, 7 * DAY_MS),
  };
}

function generateCampaign(context: GenerateContext): z.output<typeof CampaignPayloadSchema> {
  const { random } = context;
  return {
    id: random.uuid(),
    ...generateOwnership(context),
    brandId: random.uuid(),
    status: 'ACTIVE',
    useCase: 'ACCOUNT_NOTIFICATION',
    description: 'Order and delivery notifications for customers who opted in at checkout.',
    sampleMessages: [
      `Your order #${digits(random, 6)} has shipped. Reply STOP to opt out.`,
      'Your package arrives today between 10:00 and 12:00. Reply STOP to opt out.',
    ],
    ...createdAndUpdated(context, 14 * DAY_MS),
  };
}

function generateVetting(context: GenerateContext): z.output<typeof VettingPayloadSchema> {
  const { random } = context;
  return {
    id: random.uuid(),
    ...generateOwnership(context),
    brandId: random.uuid(),
    status: 'COMPLETED',
    vettingProvider: 'AEGIS',
    vettingClass: 'STANDARD',
    score: random.int(50, 100),
    ...createdAndUpdated(context, 3 * DAY_MS),
  };
}

function generateTollFreeVerification({ random, now }: GenerateContext): z.output<typeof TollFreeVerificationPayloadSchema> {
  return {
    id: random.uuid(),
    phoneNumber: tollFreeNumber(random),
    status: 'VERIFIED',
    businessName: `${companyName(random)} Inc.`,
    useCase: 'CUSTOMER_CARE',
    monthlyVolume: random.pick([1_000, 10_000, 100_000] as const),
    ...createdAndUpdated({ random, now }, 10 * DAY_MS),
  };
}

/** The four `numbers` events; each is generated in its successful end state. They take no filters. */
export const NUMBERS_EVENTS: readonly EventDefinition[] = [
  defineEvent({
    name: '10dlc.brand',
    service: 'numbers',
    description: 'A 10DLC brand registration changed status (generated as `VERIFIED`).',
    payloadSchema: BrandPayloadSchema,
    generate: generateBrand,
  }),
  defineEvent({
    name: '10dlc.campaign',
    service: 'numbers',
    description: 'A 10DLC campaign registration changed status (generated as `ACTIVE`).',
    payloadSchema: CampaignPayloadSchema,
    generate: generateCampaign,
  }),
  defineEvent({
    name: '10dlc.vetting',
    service: 'numbers',
    description: 'An external vetting of a 10DLC brand finished (generated as `COMPLETED`).',
    payloadSchema: VettingPayloadSchema,
    generate: generateVetting,
  }),
  defineEvent({
    name: 'tfn.verification',
    service: 'numbers',
    description: 'A toll-free number verification changed status (generated as `VERIFIED`).',
    payloadSchema: TollFreeVerificationPayloadSchema,
    generate: generateTollFreeVerification,
  }),
];
