/**
 * Bird's two signature schemes side by side: which one a request carries, and one diagnosis for a
 * receiver that may get either (the test receiver, `record`).
 */
import { diagnoseWebhookSignature, type WebhookSignatureDiagnosis } from './diagnose.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookBody } from './sign.js';
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './standard-webhooks.js';
import { diagnoseStandardWebhook, type StandardWebhookDiagnosis } from './standard-webhooks-diagnose.js';
import { readHeader, type WebhookHeaders } from './verify.js';

/**
 * `messagebird-signature`: the Notifications API's (SPEC §1.6). `standard-webhooks`: the platform
 * API's `webhook-id`/`-timestamp`/`-signature` (SPEC-PLATFORM §3).
 */
export type SignatureScheme = 'messagebird-signature' | 'standard-webhooks';

/** The scheme whose headers a request carries (Standard Webhooks when it has both), or undefined. */
export function detectSignatureScheme(headers: WebhookHeaders): SignatureScheme | undefined {
  if ([WEBHOOK_ID_HEADER, WEBHOOK_TIMESTAMP_HEADER, WEBHOOK_SIGNATURE_HEADER].some((name) => readHeader(headers, name) !== undefined)) {
    return 'standard-webhooks';
  }
  if ([SIGNATURE_HEADER, TIMESTAMP_HEADER].some((name) => readHeader(headers, name) !== undefined)) return 'messagebird-signature';
  return undefined;
}

export interface DiagnoseDeliveryOptions {
  headers: WebhookHeaders;
  /** The raw body bytes as received. */
  body: WebhookBody;
  /** To check `messagebird-signature`: the subscription's key, the URL it signed, other URLs to try. */
  messagebird?: { signingKey: string; url: string; otherUrls?: readonly string[] | undefined } | undefined;
  /** To check Standard Webhooks: the endpoint's live secrets. */
  standard?: { secrets: readonly string[] } | undefined;
  /** As in both verifiers. @default 300 */
  toleranceSeconds?: number | false | undefined;
}

export type DeliveryDiagnosis =
  | { scheme: 'messagebird-signature'; diagnosis: WebhookSignatureDiagnosis }
  | { scheme: 'standard-webhooks'; diagnosis: StandardWebhookDiagnosis };

/**
 * Diagnoses a request with the scheme it carries when the means to check that scheme are given;
 * otherwise with the scheme that can be checked, whose diagnosis then says which headers are
 * missing. Undefined when neither scheme can be checked.
 */
export function diagnoseDelivery(options: DiagnoseDeliveryOptions): DeliveryDiagnosis | undefined {
  const { headers, body, messagebird, standard, toleranceSeconds } = options;
  const carried = detectSignatureScheme(headers);
  if (messagebird && (carried !== 'standard-webhooks' || !standard)) {
    const { signingKey, url, otherUrls = [] } = messagebird;
    const diagnosis = diagnoseWebhookSignature({ signingKey, url, body, headers, toleranceSeconds, candidates: { urls: otherUrls } });
    const hints = carried === 'standard-webhooks' ? [...diagnosis.hints, PLATFORM_HINT] : diagnosis.hints;
    return { scheme: 'messagebird-signature', diagnosis: { ...diagnosis, hints } };
  }
  if (standard) {
    return {
      scheme: 'standard-webhooks',
      diagnosis: diagnoseStandardWebhook({ secrets: standard.secrets, body, headers, toleranceSeconds }),
    };
  }
  return undefined;
}

const PLATFORM_HINT = `This request carries Standard Webhooks headers (${WEBHOOK_SIGNATURE_HEADER}), so it is a platform API delivery: check it with the endpoint's whsec_ secret instead.`;
