import { Hono } from 'hono';
import { limitBody } from '../http/body-limit.js';

/** One request as the recorder receives it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The exact body bytes. */
  body: Uint8Array;
}

export interface RecordAppOptions {
  /** Handles one POST; answers with a status and a line of text for the sender. */
  record(request: ReceivedRequest): Promise<{ status: 200 | 400; text: string }>;
  /** Told when `record` fails (the recording could not be written); the sender gets a 500. */
  onError(error: unknown): void;
  /** Largest accepted body, in bytes. */
  maxBodyBytes: number;
}

/**
 * The HTTP app of `bird-webhook-emulator record`: a receiver real Bird deliveries reach through a
 * tunnel. It has no host guard: a tunnel forwards requests with its own public `Host`.
 */
export function createRecordApp({ record, onError, maxBodyBytes }: RecordAppOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    onError(error);
    return c.text('not recorded\n', 500);
  });
  app.use('*', limitBody(maxBodyBytes));
  app.all('*', async (c) => {
    if (c.req.method !== 'POST') return c.text('bird-webhook-emulator record: POST Bird webhook deliveries here.\n', 200);
    const url = new URL(c.req.url);
    const { status, text } = await record({
      method: c.req.method,
      path: `${url.pathname}${url.search}`,
      headers: c.req.header(),
      body: new Uint8Array(await c.req.arrayBuffer()),
    });
    return c.text(text, status);
  });
  return app;
}
