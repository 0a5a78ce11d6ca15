import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../signing/sign.js';
import { diagnoseWebhookSignature } from '../../signing/diagnose.js';
import type { CliIo } from '../io.js';

export const VERIFY_HELP = `Usage: bird-webhook-emulator verify --key <key> --url <url> --timestamp <s> --signature <sig> [--tolerance <s>] < body

Checks a Bird webhook signature against the raw body read from standard input and explains a mismatch
(wrong key, wrong URL, body re-serialised, stale timestamp, missing header). Exit 0 when valid, 1 when not.

Options:
      --key <key>           the subscription's signingKey
      --url <url>           the subscription's URL, exactly as registered
      --timestamp <s>       the messagebird-request-timestamp header
      --signature <sig>     the messagebird-signature header
      --tolerance <s>       allowed timestamp age in seconds (default: no limit; 0 = no limit)
      --try-key <key>       another key the request may have been signed with; repeatable`;

/** `verify`: explain a signature. */
export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      url: { type: 'string' },
      timestamp: { type: 'string' },
      signature: { type: 'string' },
      tolerance: { type: 'string' },
      'try-key': { type: 'string', multiple: true },
    },
  });
  if (values.key === undefined || values.url === undefined) {
    throw new EmulatorError('BadRequest', 'verify needs --key and --url (see verify --help)');
  }
  const tolerance = values.tolerance === undefined || values.tolerance === '0' ? false : Number(values.tolerance);
  if (tolerance !== false && !(tolerance > 0)) throw new EmulatorError('BadRequest', '--tolerance must be a number of seconds');
  const headers: Record<string, string> = {};
  if (values.signature !== undefined) headers[SIGNATURE_HEADER] = values.signature;
  if (values.timestamp !== undefined) headers[TIMESTAMP_HEADER] = values.timestamp;
  const diagnosis = diagnoseWebhookSignature({
    signingKey: values.key,
    url: values.url,
    body: await io.readStdin(),
    headers,
    toleranceSeconds: tolerance,
    candidates: { signingKeys: values['try-key'] ?? [] },
  });
  io.stdout(`${diagnosis.valid ? 'valid' : 'INVALID'} (${diagnosis.reason}): ${diagnosis.message}`);
  if (!diagnosis.valid) for (const hint of diagnosis.hints) io.stdout(`  hint: ${hint}`);
  return diagnosis.valid ? 0 : 1;
}
