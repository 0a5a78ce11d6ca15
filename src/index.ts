/**
 * bird-webhook-emulator's public API. Explicit named exports only: what is not here is internal.
 */
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
export type { Subscription, Service, EventFilter } from './domain/subscription.js';
export type { Delivery, Attempt, DeliveryStatus } from './domain/delivery.js';
export type { FiredEvent } from './domain/event.js';
