import { countDeliveries, type EmulatorTarget } from './emulator-target.js';
import type { ReceiverStats } from './receiver.js';

/**
 * Checks that fired = delivered + failed, as the receiver and as `GET /_emulator/deliveries` see it.
 * Returns what does not add up (empty when it balances). Waits a little for the emulator to record
 * the outcome of attempts the receiver has already answered.
 */
export async function checkLedger(
  label: string,
  target: EmulatorTarget,
  receiver: ReceiverStats,
  subscriptionIds: readonly string[],
  fired: number,
): Promise<string[]> {
  let counts = await countDeliveries(target, subscriptionIds);
  for (let i = 0; i < 200 && counts.pending > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    counts = await countDeliveries(target, subscriptionIds);
  }
  const problems: string[] = [];
  const { succeeded, failed, pending } = counts;
  if (succeeded + failed !== fired || pending !== 0) {
    problems.push(`${label}: fired ${fired}, emulator lists ${succeeded} delivered + ${failed} failed + ${pending} pending`);
  }
  if (receiver.verified !== succeeded || receiver.received !== receiver.verified) {
    problems.push(
      `${label}: the receiver got ${receiver.received} (${receiver.verified} verified, ${receiver.rejected} rejected), the emulator delivered ${succeeded}`,
    );
  }
  return problems;
}
