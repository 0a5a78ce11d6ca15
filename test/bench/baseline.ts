import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import { createRandom } from '../../src/random.js';
import { signatureHeaders } from '../../src/signing/sign.js';
import { startCpuMeter, type CpuPerDelivery } from './cpu.js';
import type { BenchReceiver } from './receiver.js';
import { SIGNING_KEY } from './receiver.js';
import { nowNs } from './stats.js';

/** A delivery body as the emulator sends it for `sms.inbound`, so both sides move the same bytes. */
export function sampleBody(): string {
  const definition = createCatalogue().find('sms.inbound', 'channels');
  if (!definition) throw new Error('sms.inbound is missing from the catalogue');
  const payload = definition.generate({ random: createRandom('bench'), now: Date.now() });
  return JSON.stringify({ service: definition.service, event: definition.name, payload });
}

export interface ThroughputRun {
  /** Requests that reached the receiver per second, from the first send to the last arrival. */
  perSecond: number;
  cpu: CpuPerDelivery;
  /** Empty when the ledger balances; otherwise what does not add up. */
  problems: string[];
}

/**
 * The machine's limit today: sign and POST the same body to the receiver with undici and
 * keep-alive, `concurrency` requests in flight, nothing else in the way.
 */
export async function runBaseline(receiver: BenchReceiver, { concurrency, total }: { concurrency: number; total: number }) {
  const body = sampleBody();
  const url = `${receiver.url}/baseline`;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  await receiver.reset();
  const cpu = await startCpuMeter(receiver);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const headers = signatureHeaders({
        signingKey: SIGNING_KEY,
        timestamp: Math.floor(Date.now() / 1000),
        url,
        body,
        requestId: randomUUID(),
      });
      const response = await request(url, { method: 'POST', headers, body, dispatcher: agent });
      await response.body.text();
    }
  };
  const started = nowNs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const stats = await receiver.waitFor(total);
  const cpuUsed = await cpu.perDelivery(stats, total);
  await agent.close();
  const problems: string[] = [];
  if (stats.received !== total || stats.verified !== total) {
    problems.push(`baseline: sent ${total}, receiver got ${stats.received} (${stats.verified} verified, ${stats.rejected} rejected)`);
  }
  return { perSecond: total / ((stats.lastAt - started) / 1e9), cpu: cpuUsed, problems } satisfies ThroughputRun;
}
