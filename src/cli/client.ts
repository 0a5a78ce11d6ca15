import { EmulatorError } from '../errors.js';

/** The running emulator's base URL: `--url`, then `BIRD_EMULATOR_URL`, then the default port. */
export function emulatorUrl(flag: string | undefined, env: Record<string, string | undefined>): string {
  return (flag ?? env.BIRD_EMULATOR_URL ?? 'http://127.0.0.1:4747').replace(/\/+$/, '');
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
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new EmulatorError(
      'ConfigurationError',
      `Cannot reach the emulator at ${baseUrl} (${cause}); is it running? Use --url or BIRD_EMULATOR_URL.`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string; details?: Record<string, string[]> };
  if (!response.ok) {
    const details = body.details
      ? Object.entries(body.details)
          .map(([path, messages]) => `\n  ${path}: ${messages.join('; ')}`)
          .join('')
      : '';
    throw new EmulatorError('BadRequest', `${response.status} ${body.message ?? response.statusText}${details}`);
  }
  return body as T;
}
