import { request } from 'node:http';
import { EmulatorError } from '../errors.js';

/** The running emulator's base URL: `--url`, then `BIRD_EMULATOR_URL`, then the default port. */
export function emulatorUrl(flag: string | undefined, env: Record<string, string | undefined>): string {
  return (flag ?? env.BIRD_EMULATOR_URL ?? 'http://127.0.0.1:4747').replace(/\/+$/, '');
}

const unreachable = (baseUrl: string, cause: string) =>
  new EmulatorError(
    'ConfigurationError',
    `Cannot reach the emulator at ${baseUrl} (${cause}); is it running? Use --url or BIRD_EMULATOR_URL.`,
  );

/** An error answer as an EmulatorError carrying the server's message and details. */
function answerError(status: string, body: { message?: string; details?: Record<string, string[]> }): EmulatorError {
  const details = body.details
    ? Object.entries(body.details)
        .map(([path, messages]) => `\n  ${path}: ${messages.join('; ')}`)
        .join('')
    : '';
  return new EmulatorError('BadRequest', `${status} ${body.message ?? ''}${details}`.trimEnd());
}

/**
 * POSTs JSON to the control API and waits however long the answer takes (a load test answers when
 * it ends): node:http, which has no response timeout, where `fetch` gives up after 5 minutes.
 */
export function callEmulatorWithoutTimeout<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = request(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
    });
    req.on('error', (error: NodeJS.ErrnoException) => reject(unreachable(baseUrl, error.code ?? error.message)));
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(unreachable(baseUrl, error.message)));
      response.on('end', () => {
        let parsed: unknown = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // Not JSON: the status says what went wrong.
        }
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(parsed as T);
        else reject(answerError(`${status}`, parsed as { message?: string }));
      });
    });
    req.end(text);
  });
}

/** Calls the control API; an error answer becomes an EmulatorError carrying the server's message. */
export async function callEmulator<T>(baseUrl: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw unreachable(baseUrl, (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string; details?: Record<string, string[]> };
  if (!response.ok) throw answerError(`${response.status}`, { ...body, message: body.message ?? response.statusText });
  return body as T;
}
