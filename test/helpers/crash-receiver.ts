import { createReceiver } from '../../src/harness/receiver.js';

/** What the receiver saw of one request id (one delivery), over every attempt. */
export interface SeenDelivery {
  /** Every attempt that reached the receiver, in order. */
  attempts: { status: number; signature: string | undefined; timestamp: string | undefined; body: string; path: string }[];
  /** True once the receiver answered one of them with a 2xx. */
  acknowledged: boolean;
}

export interface CrashReceiver {
  url: string;
  /** By `messagebird-request-id`. */
  seen: Map<string, SeenDelivery>;
  /** Requests in all, first attempts and retries and duplicates. */
  readonly requests: number;
  /** Resolves once every id in `ids` was answered with a 2xx, or rejects after `timeoutMs` naming the missing ones. */
  waitForAcknowledged(ids: Iterable<string>, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A receiver for crash tests: records every request by its `messagebird-request-id`, and answers
 * the first attempt of every `failEvery`-th new request with a 500, so that some deliveries are
 * waiting for a retry when the emulator is killed. Retries and duplicates are answered 200.
 */
export async function startCrashReceiver({ failEvery = 4 }: { failEvery?: number } = {}): Promise<CrashReceiver> {
  const seen = new Map<string, SeenDelivery>();
  let newIds = 0;
  const receiver = await createReceiver({
    respond({ headers, rawBody, path }) {
      const id = String(headers['messagebird-request-id'] ?? 'missing');
      let entry = seen.get(id);
      if (!entry) {
        entry = { attempts: [], acknowledged: false };
        seen.set(id, entry);
        newIds++;
      }
      const fail = entry.attempts.length === 0 && newIds % failEvery === 0;
      entry.attempts.push({
        status: fail ? 500 : 200,
        signature: headers['messagebird-signature'] as string | undefined,
        timestamp: headers['messagebird-request-timestamp'] as string | undefined,
        body: rawBody.toString('utf8'),
        path,
      });
      if (!fail) entry.acknowledged = true;
      return fail ? { status: 500, body: 'try again' } : { status: 200, body: 'ok' };
    },
  });

  return {
    url: receiver.url,
    seen,
    get requests() {
      return receiver.requests.length;
    },
    async waitForAcknowledged(ids, timeoutMs) {
      const wanted = [...ids];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const missing = wanted.filter((id) => !seen.get(id)?.acknowledged);
        if (missing.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(
            `${missing.length} of ${wanted.length} owed deliveries never acknowledged, e.g. ${missing.slice(0, 5).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => receiver.close(),
  };
}
