import { parseArgs } from 'node:util';
import { createRecordApp, type ReceivedRequest } from '../../api/record-app.js';
import { createCatalogue } from '../../catalogue/catalogue.js';
import { loadCustomCatalog } from '../../catalogue/custom-catalog.js';
import { EmulatorError } from '../../errors.js';
import { openRecordingFile, recordDelivery, signedUrlOf, type EventFinder } from '../../fixtures/record.js';
import { fixtureEvent } from '../../fixtures/schemas.js';
import { createPlatformCatalogue } from '../../apis/platform/catalogue.js';
import { createRedactor, parseRedactPath } from '../../fixtures/redact.js';
import { listen } from '../../server/listen.js';
import { VERSION } from '../../version.js';
import type { CliIo } from '../io.js';

export const RECORD_HELP = `Usage: bird-webhook-emulator record --out <file> [options]

Runs a receiver that real Bird deliveries can reach (point a tunnel such as "ngrok http 4748" at it
and subscribe the tunnel's URL in Bird). Each delivery is answered 200, its signature is checked
when a key or secret is given (the verdict is recorded, never enforced), personal data is replaced
by stable fake values, and it is added to <file>: a fixture set that "replay" and --load read,
rewritten atomically after each event (an existing recording is appended to).

Notifications API deliveries are recorded. Platform API deliveries (Standard Webhooks,
{type, timestamp, data}) have their signature checked and are then refused with 400: they are
recorded once platform fixtures land.

Options:
      --out <file>          the recording to write (required)
      --signing-key <key>   check each request's messagebird-signature with the subscription's key
      --secret <whsec_…>    check each request's Standard Webhooks signature (webhook-signature)
                            with the platform endpoint's secret; repeatable (both sides of a rotation)
      --public-url <url>    the URL Bird delivers to (your tunnel's), which the signature covers; the
                            request path is appended (default: rebuilt from Host and X-Forwarded-*)
  -p, --port <n>            port to listen on, 0 for any free one (default 4748)
      --host <addr>         interface to bind (default 127.0.0.1)
      --redact <path>       also replace the strings at this path, e.g. payload.reference (* one
                            segment, ** any depth); repeatable
      --redact-salt <s>     secret the fake values are derived from: the same salt gives the same
                            fakes in every session (default: random per session) [BIRD_EMULATOR_REDACT_SALT]
      --no-redact           record everything as received: no default rules, no --redact
      --catalog <file>      extra catalogue events, for the replayability check [BIRD_EMULATOR_CATALOG]
      --json                one JSON line per request instead of text

Default redactions: message content (strings under payload.body, the e-mail subject), contact
identifiers, people's names, and every e-mail address and E.164 phone number in any string.`;

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_PORT = 4748;

/** `record --out FILE`: a recording receiver, until SIGINT/SIGTERM. */
export async function recordCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      'signing-key': { type: 'string' },
      secret: { type: 'string', multiple: true },
      'public-url': { type: 'string' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      redact: { type: 'string', multiple: true },
      'redact-salt': { type: 'string' },
      'no-redact': { type: 'boolean' },
      catalog: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.out) throw new EmulatorError('BadRequest', 'record needs --out <file> (see record --help)');
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EmulatorError('BadRequest', `--port must be 0 to 65535 (got "${values.port}")`);
  if (values['public-url'] !== undefined && !URL.canParse(values['public-url'])) {
    throw new EmulatorError('BadRequest', `--public-url must be a URL such as https://abc.ngrok.app (got "${values['public-url']}")`);
  }
  const salt = values['redact-salt'] ?? io.env.BIRD_EMULATOR_REDACT_SALT;
  for (const path of values.redact ?? []) parseRedactPath(path);
  const redactor = values['no-redact']
    ? undefined
    : createRedactor({ paths: values.redact ?? [], ...(salt !== undefined && salt !== '' && { salt }) });
  const catalogFile = values.catalog ?? io.env.BIRD_EMULATOR_CATALOG;
  const customEvents = catalogFile ? await loadCustomCatalog(catalogFile) : [];
  // Both Bird APIs' catalogues: a recording says whether its payload can be replayed as it is.
  const catalogues = { notifications: createCatalogue({ customEvents }), platform: createPlatformCatalogue(customEvents) };
  const findEvent: EventFinder = ({ api, event, service }) => catalogues[api].find(event, service);
  const file = await openRecordingFile(values.out, { description: `Recorded by bird-webhook-emulator ${VERSION}` });

  const log = (fields: Record<string, unknown> & { text: string }) =>
    io.stdout(values.json ? JSON.stringify({ time: new Date().toISOString(), ...fields }) : fields.text);

  const record = async ({ method, path, headers, body }: ReceivedRequest) => {
    const outcome = recordDelivery({
      method,
      path,
      headers,
      body,
      receivedAt: Date.now(),
      signedUrl: signedUrlOf({ publicUrl: values['public-url'], headers, path }),
      otherUrls: values['public-url'] === undefined ? [] : [signedUrlOf({ headers, path })],
      signingKey: values['signing-key'],
      secrets: values.secret,
      redactor,
      findEvent,
    });
    if (!outcome.ok) {
      const { reason, signature } = outcome;
      log({ type: 'refused', path, reason, ...(signature && { signature }), text: `!!! ${path}: not recorded: ${reason}` });
      if (signature?.checked && !signature.valid) log({ type: 'hint', text: `    ${signature.message}` });
      return { status: 400 as const, text: `not recorded: ${outcome.reason}\n` };
    }
    const { fixture } = outcome;
    const { event } = fixtureEvent(fixture);
    const number = await file.append(fixture);
    const signature = fixture.recorded?.signature;
    const verdict = !signature?.checked
      ? 'signature not checked'
      : signature.valid
        ? 'signature valid'
        : `SIGNATURE INVALID (${signature.reason})`;
    const check = fixture.recorded?.payloadCheck;
    const replayable = check && check.result !== 'valid' ? `; cannot be replayed as is (${check.result})` : '';
    log({
      type: 'recorded',
      number,
      event,
      path,
      signature,
      payloadCheck: check,
      text: `<-- #${number} ${event} ${path}: ${verdict}${replayable}`,
    });
    if (signature?.checked && !signature.valid) log({ type: 'hint', text: `    ${signature.message}` });
    return { status: 200 as const, text: 'ok\n' };
  };

  const app = createRecordApp({
    record,
    onError: (error) => io.stderr(`bird-webhook-emulator record: cannot write ${file.path}: ${(error as Error).message}`),
    maxBodyBytes: MAX_BODY_BYTES,
  });
  const server = await listen(app, { port, host: values.host ?? '127.0.0.1' });
  const url = server.url;
  const appending = file.appended ? ` (appending to its ${file.count} events)` : '';
  // Before the ready line: whoever reads it may stop us at once, and must still get every event flushed.
  const stopped = io.untilStopped();
  log({
    type: 'ready',
    url,
    out: file.path,
    text: `recording to ${file.path}${appending}; listening on ${url} (point your tunnel at it)`,
  });
  if (file.appended && redactor && !salt) {
    log({
      type: 'hint',
      text: '    note: without the --redact-salt of earlier sessions, the same values get other fakes than in earlier events',
    });
  }

  const signal = await stopped;
  await server.close();
  await file.flush();
  log({ type: 'stopped', signal, count: file.count, text: `${signal} received; ${file.count} events in ${file.path}` });
  return 0;
}
