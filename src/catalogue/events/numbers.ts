import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import {
  companyName,
  createdAndUpdated,
  digits,
  isoSeconds,
  msAgo,
  nonZeroDigits,
  personName,
  tollFreeNumber,
  usNumber,
} from '../fake-data.js';
import { overrideString } from '../read-path.js';
import { EmailAddressSchema, LooseIdSchema, PhoneNumberSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';

// @note `10dlc.brand`, `10dlc.campaign` and `tfn.verification` follow the examples on Bird's
// events pages field for field, with their casing: UPPERCASE 10DLC statuses, lowercase toll-free
// ones, and `workspaceId` a list on a brand but a single id on a campaign. Bird lists only some
// status values, so statuses are checked as strings. `10dlc.vetting` has no example: its shape is
// ours, in The Campaign Registry's vocabulary. Numbers events take no filters.

const DAY_MS = 24 * 3_600_000;
const TEN_DLC_EVENTS_PAGE = 'https://docs.bird.com/api/numbers-api/api-reference/10dlc-compliance/events';
const TOLL_FREE_EVENTS_PAGE = 'https://docs.bird.com/api/numbers-api/api-reference/toll-free-numbers-verification-api/events';

// Sole proprietors have no EIN and are only ever SELF_DECLARED, so a brand with an EIN is never one.
const ENTITY_TYPES = ['PRIVATE_PROFIT', 'PUBLIC_PROFIT', 'NON_PROFIT', 'GOVERNMENT'] as const;
const VERTICALS = ['RETAIL', 'HEALTHCARE', 'TECHNOLOGY', 'TRANSPORTATION', 'HOSPITALITY'] as const;
/** TCR use cases that take sub use cases, as Bird's `LOW_VOLUME` example does. */
const USE_CASES = ['LOW_VOLUME', 'MIXED'] as const;
const SUB_USE_CASES = ['2FA', 'ACCOUNT_NOTIFICATION', 'CUSTOMER_CARE', 'DELIVERY_NOTIFICATION', 'FRAUD_ALERT', 'SECURITY_ALERT'] as const;

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

const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as US');
/** Bird's brand example lists the workspaces; its campaign example names one. */
const WorkspaceIdSchema = z.union([LooseIdSchema, z.array(LooseIdSchema)]);
const timestamps = { createdAt: TimestampSchema.optional(), updatedAt: TimestampSchema.optional() };

/** A 10DLC brand, as Bird's example (ids there are placeholders such as `example-brand-id`, so any string). */
export const BrandPayloadSchema = z.looseObject({
  id: LooseIdSchema,
  organizationId: LooseIdSchema.optional(),
  workspaceId: WorkspaceIdSchema.optional(),
  status: z.string(),
  entityType: z.string().optional(),
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
  vertical: z.string().optional(),
  // `""` and `NONE` when absent, as in Bird's example.
  altBusinessId: z.string().optional(),
  altBusinessIdType: z.string().optional(),
  stockExchange: z.string().optional(),
  stockSymbol: z.string().optional(),
  ...timestamps,
});

/** A 10DLC campaign, as Bird's example: TCR's fields, `usecase` with a lower-case c. */
export const CampaignPayloadSchema = z.looseObject({
  id: LooseIdSchema,
  organizationId: LooseIdSchema.optional(),
  workspaceId: WorkspaceIdSchema.optional(),
  name: z.string().optional(),
  status: z.string(),
  usecase: z.string().optional(),
  subUsecases: z.array(z.string()).optional(),
  description: z.string().optional(),
  embeddedLink: z.boolean().optional(),
  embeddedPhone: z.boolean().optional(),
  numberPool: z.boolean().optional(),
  ageGated: z.boolean().optional(),
  directLending: z.boolean().optional(),
  subscriberOptin: z.boolean().optional(),
  subscriberOptout: z.boolean().optional(),
  subscriberHelp: z.boolean().optional(),
  samples: z.array(z.string()).optional(),
  messageFlow: z.string().optional(),
  helpMessage: z.string().optional(),
  optoutKeywords: z.string().optional(),
  helpKeywords: z.string().optional(),
  optinKeywords: z.string().optional(),
  optinMessage: z.string().optional(),
  optoutMessage: z.string().optional(),
  termsAndConditions: z.boolean().optional(),
  brandId: LooseIdSchema.optional(),
  ...timestamps,
});

/** The emulator's own vetting shape: nothing is required, as Bird shows none. */
export const VettingPayloadSchema = z.looseObject({
  id: LooseIdSchema.optional(),
  organizationId: LooseIdSchema.optional(),
  workspaceId: WorkspaceIdSchema.optional(),
  brandId: LooseIdSchema.optional(),
  status: z.string().optional(),
  vettingProvider: z.string().optional(),
  vettingClass: z.string().optional(),
  score: z.number().optional(),
  ...timestamps,
});

/** A toll-free verification, as Bird's two examples: `statusMessage` only on a rejection. */
export const TollFreeVerificationPayloadSchema = z.looseObject({
  id: LooseIdSchema,
  organizationId: LooseIdSchema.optional(),
  workspaceId: LooseIdSchema.optional(),
  phoneNumbers: z.array(PhoneNumberSchema).optional(),
  verificationRequestId: z.string().optional(),
  status: z.string(),
  statusMessage: z
    .looseObject({
      statusCode: z.string().optional(),
      declineReasonDescription: z.string().optional(),
      // Bird's example sends the string "true"; a boolean would be the natural type, so both pass.
      resubmitAllowed: z.union([z.string(), z.boolean()]).optional(),
      message: z.string().optional(),
    })
    .optional(),
  testMode: z.boolean().optional(),
  ...timestamps,
});

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

// Each generator is typed by its schema's output, so a shape change breaks the build, not a test run.

/** A brand just registered (`PENDING`, as Bird's example), with an EIN and a coherent US address. */
function generateBrand(context: GenerateContext): z.output<typeof BrandPayloadSchema> {
  const { random } = context;
  const company = companyName(random);
  const entityType = random.pick(ENTITY_TYPES);
  // personName gives a one-word first name followed by the family name ("Anna de Vries").
  const [firstName = '', ...family] = personName(random).split(' ');
  const listed = entityType === 'PUBLIC_PROFIT';
  const created = createdAndUpdated(context, 7 * DAY_MS);
  return {
    id: random.uuid(),
    organizationId: random.uuid(),
    workspaceId: [random.uuid()],
    status: overrideString(context, 'status') ?? 'PENDING',
    entityType,
    firstName,
    lastName: family.join(' '),
    displayName: company,
    companyName: `${company} Inc.`,
    // Nine digits without a dash, as in Bird's example; an EIN never starts with 0.
    ein: nonZeroDigits(random, 9),
    einIssuingCountry: 'US',
    phone: usNumber(random),
    street: `${random.int(1, 2_999)} ${random.pick(STREETS)}`,
    ...random.pick(US_LOCALITIES),
    country: 'US',
    email: `support@${slug(company)}.example.com`,
    website: `https://www.${slug(company)}.example.com`,
    vertical: random.pick(VERTICALS),
    altBusinessId: '',
    altBusinessIdType: 'NONE',
    stockExchange: listed ? random.pick(['NASDAQ', 'NYSE'] as const) : 'NONE',
    stockSymbol: listed ? slug(company).slice(0, 4).toUpperCase() : '',
    // Bird's example is of a brand just created: both times are the same.
    createdAt: created.createdAt,
    updatedAt: created.createdAt,
  };
}

/** A campaign just submitted (`PENDING`, as Bird's example) for a brand, with TCR's opt-in and opt-out texts. */
function generateCampaign(context: GenerateContext): z.output<typeof CampaignPayloadSchema> {
  const { random } = context;
  const company = companyName(random);
  const first = random.int(0, SUB_USE_CASES.length - 2);
  const helpAddress = `support@${slug(company)}.example.com`;
  const created = createdAndUpdated(context, 14 * DAY_MS);
  return {
    id: random.uuid(),
    organizationId: random.uuid(),
    workspaceId: random.uuid(),
    name: `${company} notifications`,
    status: overrideString(context, 'status') ?? 'PENDING',
    usecase: random.pick(USE_CASES),
    subUsecases: SUB_USE_CASES.slice(first, first + 2),
    description: `Order, delivery and account notifications from ${company} to customers who opted in at checkout.`,
    embeddedLink: false,
    embeddedPhone: false,
    numberPool: false,
    ageGated: false,
    directLending: false,
    subscriberOptin: true,
    subscriberOptout: true,
    subscriberHelp: true,
    samples: [
      `${company}: your order #${digits(random, 6)} has shipped. Reply STOP to opt out.`,
      `${company}: your verification code is ${digits(random, 6)}. Reply STOP to opt out.`,
    ],
    messageFlow: `Customers tick an SMS opt-in box at checkout on https://www.${slug(company)}.example.com. Terms: https://www.${slug(company)}.example.com/terms`,
    helpMessage: `${company}: for help write to ${helpAddress}. Reply STOP to opt out, START to subscribe. Msg&data rates may apply.`,
    optoutKeywords: 'STOP',
    helpKeywords: 'HELP',
    optinKeywords: 'START',
    optinMessage: `${company}: you opted in to SMS notifications. Reply HELP for help, STOP to opt out. Msg&data rates may apply.`,
    optoutMessage: `${company}: you have opted out and will receive no more messages. Reply START to opt in again.`,
    termsAndConditions: true,
    brandId: random.uuid(),
    createdAt: created.createdAt,
    updatedAt: created.createdAt,
  };
}

function generateVetting(context: GenerateContext): z.output<typeof VettingPayloadSchema> {
  const { random } = context;
  return {
    id: random.uuid(),
    organizationId: random.uuid(),
    workspaceId: [random.uuid()],
    brandId: random.uuid(),
    status: 'COMPLETED',
    vettingProvider: 'AEGIS',
    vettingClass: 'STANDARD',
    score: random.int(50, 100),
    ...createdAndUpdated(context, 3 * DAY_MS),
  };
}

/** Bird's rejection, the one its events page shows. */
const REJECTION = {
  statusCode: '1101',
  declineReasonDescription: 'Invalid documentation',
  resubmitAllowed: 'true',
  message: 'Please provide valid documentation',
} as const;

/**
 * A toll-free verification that was decided: `verified`, or with `{status: "rejected"}` in the
 * override, rejected with Bird's `statusMessage`. Times are whole seconds, as Bird's.
 */
function generateTollFreeVerification(context: GenerateContext): z.output<typeof TollFreeVerificationPayloadSchema> {
  const { random, now } = context;
  const status = overrideString(context, 'status') ?? 'verified';
  return {
    id: random.uuid(),
    organizationId: random.uuid(),
    workspaceId: random.uuid(),
    phoneNumbers: [tollFreeNumber(random)],
    verificationRequestId: `VR-${nonZeroDigits(random, 5)}`,
    status,
    ...(status === 'rejected' && { statusMessage: { ...REJECTION } }),
    testMode: false,
    createdAt: isoSeconds(msAgo(context, DAY_MS, 10 * DAY_MS)),
    updatedAt: isoSeconds(now),
  };
}

function example(url: string): EventSource {
  return { payload: 'example', urls: [url] };
}

/** The four `numbers` events. They take no filters. */
export const NUMBERS_EVENTS: readonly EventDefinition[] = [
  defineEvent({
    name: '10dlc.brand',
    service: 'numbers',
    source: example(TEN_DLC_EVENTS_PAGE),
    description: 'A 10DLC brand registration changed status (generated as `PENDING`).',
    payloadSchema: BrandPayloadSchema,
    generate: generateBrand,
  }),
  defineEvent({
    name: '10dlc.campaign',
    service: 'numbers',
    source: example(TEN_DLC_EVENTS_PAGE),
    description: 'A 10DLC campaign registration changed status (generated as `PENDING`).',
    payloadSchema: CampaignPayloadSchema,
    generate: generateCampaign,
  }),
  defineEvent({
    name: '10dlc.vetting',
    service: 'numbers',
    source: {
      payload: 'none',
      urls: [TEN_DLC_EVENTS_PAGE],
      ours: 'Bird names the event but shows no payload: the vetting fields are ours, with the brand’s ownership fields.',
    },
    description: 'An external vetting of a 10DLC brand finished (generated as `COMPLETED`).',
    payloadSchema: VettingPayloadSchema,
    generate: generateVetting,
  }),
  defineEvent({
    name: 'tfn.verification',
    service: 'numbers',
    source: example(TOLL_FREE_EVENTS_PAGE),
    description: 'A toll-free number verification was decided (generated as `verified`; `{"status":"rejected"}` gives a rejection).',
    payloadSchema: TollFreeVerificationPayloadSchema,
    generate: generateTollFreeVerification,
  }),
];
