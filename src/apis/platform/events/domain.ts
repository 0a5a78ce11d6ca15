import * as z from 'zod';
import type { GenerateContext } from '../../../catalogue/types.js';
import { generatedWorkspaceId, sendingDomain } from '../fake-data.js';
import { typedId } from '../ids.js';
import { BIRD_DOCS, definePlatformEvent } from './define-platform-event.js';
import { typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `domain.*`: DNS verification of a sending domain.

const DomainVerifiedSchema = z.looseObject({
  domain_id: typedIdSchema('dom'),
  domain: z.string(),
  workspace_id: WorkspaceIdSchema,
});
type DomainVerified = z.output<typeof DomainVerifiedSchema>;

/** A domain added between ten minutes and two days ago, while its owner set up DNS. */
function generateVerified(context: GenerateContext): DomainVerified {
  const { random, now } = context;
  return {
    domain_id: typedId(random, 'dom', now - random.int(600_000, 2 * 24 * 3_600_000)),
    domain: sendingDomain(random),
    workspace_id: generatedWorkspaceId(context),
  };
}

const DomainFailedSchema = DomainVerifiedSchema.extend({ failure_reason: z.string().nullable().optional() });

const FAILURE_REASONS = [
  'DKIM record not found at the expected selector.',
  'DKIM record found but its public key does not match.',
  'Return-path CNAME record not found.',
  null,
] as const;

function generateFailed(context: GenerateContext): z.output<typeof DomainFailedSchema> {
  return { ...generateVerified(context), failure_reason: context.random.pick(FAILURE_REASONS) };
}

/** `domain.verified` and `domain.failed`. */
export const DOMAIN_EVENTS = [
  definePlatformEvent({
    name: 'domain.verified',
    sdkType: 'EventDomainVerified',
    docs: [BIRD_DOCS.webhooks],
    description: 'A sending domain completed DNS verification successfully.',
    payloadSchema: DomainVerifiedSchema,
    generate: generateVerified,
  }),
  definePlatformEvent({
    name: 'domain.failed',
    sdkType: 'EventDomainFailed',
    docs: [BIRD_DOCS.webhooks],
    description: 'A sending domain failed DNS verification.',
    payloadSchema: DomainFailedSchema,
    generate: generateFailed,
  }),
] as const;
