import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { isPlainObject } from '../../objects.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../signing/sign.js';
import { diagnoseWebhookSignature } from '../../signing/diagnose.js';
import { detectSignatureScheme } from '../../signing/scheme.js';
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../signing/standard-webhooks.js';
import { diagnoseStandardWebhook } from '../../signing/standard-webhooks-diagnose.js';
import type { CliIo } from '../io.js';

export const VERIFY_HELP = `Usage: bird-webhook-emulator verify --key <key> --url <url> --timestamp <s> --signature <sig> [options] < body
       bird-webhook-emulator verify --secret <whsec_…> --id <id> --timestamp <s> --signature '<v1,…>' [options] < body

Checks a Bird webhook signature against the raw body read from standard input and explains a mismatch
(wrong key or secret, wrong URL or webhook-id, body re-serialised, secret not base64-decoded, stale
timestamp, missing header). Exit 0 when valid, 1 when not. --key checks the Notifications API's
messagebird-signature; --secret checks the platform API's Standard Webhooks signature (with both, the
headers given, or --id, choose).

Notifications API (messagebird-signature):
      --key <key>           the subscription's signingKey
      --url <url>           the subscription's URL, exactly as registered
      --try-key <key>       another key the request may have been signed with; repeatable

Platform API (Standard Webhooks):
      --secret <whsec_…>    the endpoint's signing secret; repeatable (both sides of a rotation)
      --id <id>             the webhook-id header
      --try-secret <s>      another secret the request may have been signed with, e.g. the one
                            before a rotation; repeatable

Both:
      --timestamp <s>       the messagebird-request-timestamp or webhook-timestamp header
      --signature <sig>     the messagebird-signature or webhook-signature header (quote it: a
                            webhook-signature may hold several space-separated "v1,…" entries)
      --headers <file>      the request's headers: a JSON object, or "name: value" lines as copied
                            from a request log; the flags above win over it
      --tolerance <s>       allowed timestamp age in seconds (default: no limit; 0 = no limit)`;

/** `verify`: explain a signature, in either of Bird's schemes. */
export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      url: { type: 'string' },
      'try-key': { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      id: { type: 'string' },
      'try-secret': { type: 'string', multiple: true },
      timestamp: { type: 'string' },
      signature: { type: 'string' },
      headers: { type: 'string' },
      tolerance: { type: 'string' },
    },
  });
  const secrets = values.secret ?? [];
  if (values.key === undefined && secrets.length === 0) {
    throw new EmulatorError('BadRequest', 'verify needs --key and --url (Notifications API) or --secret (platform API); see verify --help');
  }
  const tolerance = values.tolerance === undefined || values.tolerance === '0' ? false : Number(values.tolerance);
  if (tolerance !== false && !(tolerance > 0)) throw new EmulatorError('BadRequest', '--tolerance must be a number of seconds');
  const fromFile = values.headers === undefined ? {} : await readHeadersFile(values.headers);
  const standard =
    secrets.length > 0 && (values.key === undefined || values.id !== undefined || detectSignatureScheme(fromFile) === 'standard-webhooks');

  // The flags name the headers of the scheme being checked.
  const names = standard
    ? { timestamp: WEBHOOK_TIMESTAMP_HEADER, signature: WEBHOOK_SIGNATURE_HEADER }
    : { timestamp: TIMESTAMP_HEADER, signature: SIGNATURE_HEADER };
  const headers: Record<string, string> = { ...fromFile };
  if (values.timestamp !== undefined) headers[names.timestamp] = values.timestamp;
  if (values.signature !== undefined) headers[names.signature] = values.signature;
  if (standard && values.id !== undefined) headers[WEBHOOK_ID_HEADER] = values.id;

  let diagnosis;
  if (standard) {
    diagnosis = diagnoseStandardWebhook({
      secrets,
      body: await io.readStdin(),
      headers,
      toleranceSeconds: tolerance,
      candidates: { secrets: values['try-secret'] ?? [] },
    });
  } else {
    if (values.key === undefined || values.url === undefined) {
      throw new EmulatorError('BadRequest', 'verify needs --key and --url (see verify --help)');
    }
    diagnosis = diagnoseWebhookSignature({
      signingKey: values.key,
      url: values.url,
      body: await io.readStdin(),
      headers,
      toleranceSeconds: tolerance,
      candidates: { signingKeys: values['try-key'] ?? [] },
    });
  }
  io.stdout(`${diagnosis.valid ? 'valid' : 'INVALID'} (${diagnosis.reason}): ${diagnosis.message}`);
  if (!diagnosis.valid) for (const hint of diagnosis.hints) io.stdout(`  hint: ${hint}`);
  return diagnosis.valid ? 0 : 1;
}

/** Headers from a file: a JSON object of strings, or `name: value` lines (an HTTP request line is skipped). */
async function readHeadersFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new EmulatorError('BadRequest', `Cannot read --headers ${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
  const headers: Record<string, string> = {};
  if (text.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new EmulatorError('BadRequest', `--headers ${path} starts like JSON but does not parse`);
    }
    if (!isPlainObject(json)) throw new EmulatorError('BadRequest', `--headers ${path} must hold a JSON object of header names and values`);
    for (const [name, value] of Object.entries(json)) {
      if (typeof value !== 'string') throw new EmulatorError('BadRequest', `--headers ${path}: the value of "${name}" is not a string`);
      headers[name.toLowerCase()] = value;
    }
    return headers;
  }
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || /^[A-Z]+ \S+ HTTP\/[0-9.]+$/.test(line.trim())) continue;
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s?(.*)$/.exec(line);
    if (!match) throw new EmulatorError('BadRequest', `--headers ${path}: ${JSON.stringify(line)} is not a "name: value" line`);
    headers[(match[1] as string).toLowerCase()] = (match[2] as string).trim();
  }
  return headers;
}
