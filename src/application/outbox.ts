import { isoTimestamp, type Clock } from '../clock/clock.js';
import type { MessageOutbox } from '../apis/api-dialect.js';
import type { FiredEventResult } from '../domain/event.js';
import { messageMatches, type MessageFilter, type MessageStep, type SentMessage } from '../domain/message.js';
import { EmulatorError } from '../errors.js';
import type { MessageActivity } from '../live/frames.js';
import type { MessageStore } from '../store/message-store.js';
import type { OutcomeRules } from './outcome-rules.js';

/** What the outbox tells the live log. */
export type OutboxActivity = MessageActivity;

export interface OutboxOptions {
  store: MessageStore;
  clock: Clock;
  /** Emulator time between lifecycle steps. */
  stepMs: number;
  rules: OutcomeRules;
  /** Fires the event of one step through the pipeline, into the message's workspace. */
  fire(message: SentMessage, step: MessageStep): Promise<FiredEventResult>;
  /** Told of every message sent and every step fired. Must not throw. */
  onActivity(activity: OutboxActivity): void;
}

export interface MessageWaitOptions {
  /** Real milliseconds, even under a virtual clock. @default 10000 */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The messages apps send through Bird's send routes, and the lifecycles they play out: each step
 * fires on the emulator clock (`clock.setTimer`), so a virtual clock runs a whole lifecycle when it
 * is advanced, and the steps of a restarted emulator go on where they stopped.
 */
export interface Outbox extends MessageOutbox {
  readonly rules: OutcomeRules;
  /** Resolves with the newest message matching `filter`, one already there included. */
  waitForMessage(filter?: MessageFilter, options?: MessageWaitOptions): Promise<SentMessage>;
  /** Schedules the steps still due of every message kept (after a restart). */
  resume(): void;
  /** Resolves once no step is being fired (a virtual clock's advance waits for it). */
  idle(): Promise<void>;
  /** Stops every lifecycle, forgets every message and the rules added through the control API. */
  clear(): Promise<void>;
  /** Stops scheduling and waits for the steps being fired; the store is the caller's to close. */
  close(): Promise<void>;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, clock, rules } = options;
  const timers = new Map<string, () => void>();
  const inFlight = new Set<Promise<void>>();
  const listeners = new Set<(message: SentMessage) => void>();
  let closed = false;
  // A reset starts a new generation: lifecycles of the one before stop at their next step.
  let generation = 0;

  const announce = (activity: OutboxActivity) => {
    options.onActivity(activity);
    for (const listener of listeners) listener(activity.message);
  };

  const track = (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };

  /** A timer for the message's next step, unless it has none left. */
  const schedule = (message: SentMessage) => {
    timers.get(message.id)?.();
    timers.delete(message.id);
    const next = message.steps.find((step) => step.firedAt === undefined);
    if (closed || next === undefined) return;
    const cancel = clock.setTimer(
      () => {
        timers.delete(message.id);
        // Tracked at once, so an advancing virtual clock that settles right after this waits for it.
        void track(runDue(message.id));
      },
      Date.parse(next.at) - clock.now(),
    );
    timers.set(message.id, cancel);
  };

  const fireStep = async (message: SentMessage, index: number): Promise<SentMessage | undefined> => {
    const step = message.steps[index] as MessageStep;
    let eventId: string | undefined;
    let error: string | undefined;
    try {
      eventId = (await options.fire(message, step)).event.id;
    } catch (cause) {
      // A refused payload is the emulator's bug; the lifecycle goes on and the step says why.
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const updated = store.stepFired(message.id, index, { firedAt: isoTimestamp(clock.now()), eventId, error });
    if (updated) announce({ type: 'message.status', message: updated, step: index });
    return updated;
  };

  /** Fires every step of the message that is due, in order, then waits for the next one. */
  async function runDue(id: string, started = generation): Promise<void> {
    for (let message = store.get(id); message;) {
      const index = message.steps.findIndex((step) => step.firedAt === undefined);
      if (index === -1 || closed || started !== generation) return;
      if (Date.parse((message.steps[index] as MessageStep).at) > clock.now()) {
        schedule(message);
        return;
      }
      message = await fireStep(message, index);
    }
  }

  return {
    rules,
    stepMs: options.stepMs,
    outcomeFor: (channel, address) => rules.outcomeFor(channel, address),

    async send(message) {
      const stored = store.add(message);
      announce({ type: 'message.sent', message: stored });
      await track(runDue(stored.id));
      // @note The send is answered once it is on disk, as a fired event is: nothing answered is lost.
      await store.flush();
      return store.get(stored.id) ?? stored;
    },

    get: (id) => store.get(id),
    list: () => store.list(),

    waitForMessage(filter = {}, { timeoutMs = 10_000, signal } = {}) {
      const existing = store.list().find((m) => messageMatches(m, filter));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(listener);
          signal?.removeEventListener('abort', onAbort);
        };
        const listener = (message: SentMessage) => {
          if (!messageMatches(message, filter)) return;
          finish();
          resolve(message);
        };
        const timer = setTimeout(() => {
          finish();
          const seen = store
            .list()
            .slice(0, 20)
            .map((m) => `${m.channel} ${m.id} to ${m.recipients.map((r) => r.address).join(', ')} ${m.status}`);
          reject(
            new EmulatorError(
              'Timeout',
              `No message matching ${JSON.stringify(filter)} within ${timeoutMs} ms. Messages so far (newest first): ${seen.join('; ') || 'none'}.`,
            ),
          );
        }, timeoutMs);
        const onAbort = () => {
          finish();
          reject(new EmulatorError('Timeout', 'The wait was cancelled.'));
        };
        listeners.add(listener);
        signal?.addEventListener('abort', onAbort);
      });
    },

    resume() {
      for (const message of store.unfinished()) void track(runDue(message.id));
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async clear() {
      generation++;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      await this.idle();
      await store.clear();
      rules.clear();
    },

    async close() {
      closed = true;
      for (const cancel of timers.values()) cancel();
      timers.clear();
      await this.idle();
    },
  };
}
