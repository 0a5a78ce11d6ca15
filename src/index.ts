/**
 * bird-webhook-emulator's public API. Explicit named exports only: what is not here is internal.
 */
export { startEmulator, DEFAULT_TEST_WORKSPACE_ID, type StartEmulatorOptions, type StartedEmulator } from './harness/start-emulator.js';
export { createReceiver, type Receiver, type ReceiverOptions, type ReceiverAnswer, type ReceivedRequest } from './harness/receiver.js';
export { DeliveryFilterSchema, DeliveryWaitTimeoutError, type DeliveryFilter, type WaitOptions } from './delivery/delivery-waiter.js';
export { createVirtualClock, VIRTUAL_CLOCK_START, type VirtualClock } from './clock/virtual-clock.js';
export type { Clock } from './clock/clock.js';
export type { FireEventInput } from './domain/fire-input.js';
export { LoadTestInputSchema, type LoadTestOptions } from './domain/load-test-input.js';
export type { LoadTestReport, DurationSummary } from './views/load-test-views.js';
export type { FiredEventResult } from './domain/event.js';
export { createEmulator, type Emulator, type EmulatorActivity, type EmulatorDeps } from './emulator.js';
export { listen, type ListenOptions, type RunningServer } from './server/listen.js';
export { resolveConfig, EmulatorConfigSchema, type EmulatorConfig, type EmulatorOptions } from './config.js';
export { EmulatorError, type ErrorCode, type ErrorDetails } from './errors.js';
export {
  signWebhook,
  signatureHeaders,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  REQUEST_ID_HEADER,
  type SignWebhookOptions,
  type SignatureHeadersOptions,
  type WebhookBody,
} from './signing/sign.js';
export {
  verifyWebhookSignature,
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyWebhookSignatureOptions,
  type WebhookHeaders,
} from './signing/verify.js';
export {
  diagnoseWebhookSignature,
  type DiagnosisCode,
  type WebhookSignatureDiagnosis,
  type DiagnoseWebhookSignatureOptions,
} from './signing/diagnose.js';
export { WEBHOOK_ID_HEADER, WEBHOOK_TIMESTAMP_HEADER, WEBHOOK_SIGNATURE_HEADER } from './signing/standard-webhooks.js';
export { verifyStandardWebhook, type VerifyStandardWebhookOptions } from './signing/standard-webhooks-verify.js';
export {
  diagnoseStandardWebhook,
  type StandardWebhookDiagnosis,
  type StandardWebhookDiagnosisCode,
  type DiagnoseStandardWebhookOptions,
  type StandardWebhookCandidates,
  type CandidateSecret,
} from './signing/standard-webhooks-diagnose.js';
export { detectSignatureScheme, type SignatureScheme } from './signing/scheme.js';
export {
  EventFixtureSchema,
  FixtureSetSchema,
  ScenarioSchema,
  ScenarioStepSchema,
  SeedSubscriptionSchema,
  type EventFixture,
  type FixtureSet,
  type Scenario,
  type ScenarioInput,
  type ScenarioStep,
  type SeedSubscription,
  type RecordedMetadata,
} from './fixtures/schemas.js';
export {
  loadFixture,
  loadFixtures,
  parseFixture,
  SHIPPED_FIXTURES_DIR,
  type Fixture,
  type FixtureKind,
  type LoadedFixture,
  type ReplayInput,
} from './fixtures/load.js';
export type { RunScenarioOptions, ScenarioResult, ScenarioStepResult } from './fixtures/scenario.js';
export type { ReplayOptions, ReplayResult, ReplayEventResult } from './fixtures/replay.js';
export { createRedactor, type Redactor, type RedactorOptions } from './fixtures/redact.js';
export type { Subscription, Service, EventFilter } from './domain/subscription.js';
export type { Delivery, Attempt, DeliveryStatus } from './domain/delivery.js';
export type { FiredEvent } from './domain/event.js';
export type { SentMessage, MessageFilter, MessageStep, MessageRecipient } from './domain/message.js';
export type { MessageWaitOptions } from './application/outbox.js';
export { OUTCOMES, OutcomeRuleSchema, type Outcome, type OutcomeRule } from './config.js';
