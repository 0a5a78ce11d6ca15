import { PlatformError } from '../apis/platform/errors.js';
import { workspaceId as workspaceOfKey } from '../apis/platform/ids.js';
import type { PlatformDialect } from '../apis/platform/dialect.js';
import type { Clock } from '../clock/clock.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import { DeliveryWaitTimeoutError, findDelivery, type DeliveryFilter, type WaitOptions } from '../delivery/delivery-waiter.js';
import type { Delivery } from '../domain/delivery.js';
import { EmulatorError } from '../errors.js';
import type { ScenarioRunnerDeps } from '../fixtures/scenario.js';
import type { HistoryStore } from '../store/history-store.js';
import type { Outbox } from './outbox.js';

/** What a scenario's `send` and `expect` steps run on. */
export interface ScenarioStepDepsOptions {
  platform: PlatformDialect;
  outbox: Outbox;
  history: HistoryStore;
  clock: Clock;
  /** Set when the emulator runs on a virtual clock: an `expect` moves it on instead of waiting. */
  virtualClock: VirtualClock | undefined;
  /** Waits for a delivery in real time (the records' wait). */
  waitForDelivery(filter: DeliveryFilter, options: WaitOptions): Promise<Delivery>;
}

export function scenarioStepDeps(options: ScenarioStepDepsOptions): Pick<ScenarioRunnerDeps, 'send' | 'expect' | 'eventOf'> {
  const { platform, outbox, history, clock, virtualClock } = options;
  return {
    async send({ channel, request, apiKey, workspaceId }) {
      // The runner has checked that one of the two names a platform API workspace.
      const workspace = apiKey !== undefined ? workspaceOfKey(apiKey) : (workspaceId as string);
      let sent;
      try {
        sent = await platform.sendMessage(channel, request, workspace, outbox);
      } catch (error) {
        // Bird's named 422s, in the shape every other step error has.
        if (!(error instanceof PlatformError)) throw error;
        const details = Object.fromEntries((error.details ?? []).map((d) => [`.body.${d.param}`, [d.message]]));
        throw new EmulatorError('InvalidPayload', `${error.birdName}: ${error.message}`, details);
      }
      const first = sent.message.steps[0]?.eventId;
      const event = first === undefined ? undefined : history.getEvent(first);
      if (!event) throw new EmulatorError('InternalError', `Message ${sent.message.id} fired no first event.`);
      const deliveries = event.deliveryIds.flatMap((id) => history.getDelivery(id) ?? []);
      return { messageId: sent.message.id, answer: sent.answer, first: { event, deliveries } };
    },

    async expect(filter, withinMs, signal) {
      if (!virtualClock) return options.waitForDelivery(filter, { timeoutMs: withinMs, ...(signal && { signal }) });
      // Virtual time: from timer to timer (each advance settles what its timers start) until it comes.
      const deadline = clock.now() + withinMs;
      for (;;) {
        signal?.throwIfAborted();
        const found = findDelivery(history, filter);
        if (found) return found;
        const next = virtualClock.nextTimerIn();
        const left = deadline - clock.now();
        if (next === undefined || next > left) {
          await virtualClock.advance(Math.max(0, left));
          const last = findDelivery(history, filter);
          if (last) return last;
          throw new DeliveryWaitTimeoutError(filter, withinMs, history.deliveries());
        }
        await virtualClock.advance(next);
      }
    },

    eventOf: (delivery) => history.getEvent(delivery.eventId),
  };
}
