import type { Clock } from '../clock/clock.js';
import type { VirtualClock } from '../clock/virtual-clock.js';
import { EmulatorError } from '../errors.js';
import { VERSION } from '../version.js';

/** The emulator's own state: health, reset, and the clock tests drive. */
export interface EmulatorControl {
  health(): { status: 'ok'; version: string; uptimeMs: number };
  /** Empties subscribers and history, and tells the live log. */
  reset(): Promise<void>;
  readonly clock: ClockControl;
}

export interface ClockControl {
  /** `virtual` (moves only when advanced), `system`, or `injected` (a clock passed to createEmulator). */
  readonly kind: 'virtual' | 'system' | 'injected';
  /** The emulator's time, ms since the epoch. */
  now(): number;
  /**
   * Moves a virtual clock forward, running the retries that come due (and their follow-ups) before
   * resolving. @throws EmulatorError `Conflict` on any other clock.
   */
  advance(ms: number): Promise<void>;
}

export interface EmulatorControlOptions {
  clock: Clock;
  /** Set when the emulator runs on a virtual clock. */
  virtualClock: VirtualClock | undefined;
  injected: boolean;
  /** Resolves once no attempt is in flight. */
  settle(): Promise<void>;
  /** Empties every store; nothing is in flight when it runs. */
  clearStores(): Promise<void>;
  /** Runs after the stores are empty (the live log forgets, then announces, the reset). */
  afterReset(): void;
}

export function createEmulatorControl(options: EmulatorControlOptions): EmulatorControl {
  const { clock, virtualClock } = options;
  // Uptime is wall time even under a virtual clock: it tells how long the process has run.
  const startedAt = performance.now();
  return {
    health: () => ({ status: 'ok', version: VERSION, uptimeMs: Math.round(performance.now() - startedAt) }),
    async reset() {
      await options.settle();
      await options.clearStores();
      options.afterReset();
    },
    clock: {
      kind: virtualClock ? 'virtual' : options.injected ? 'injected' : 'system',
      now: () => clock.now(),
      async advance(ms) {
        if (!virtualClock) throw new EmulatorError('Conflict', "The clock only advances when the emulator runs with clock: 'virtual'.");
        await virtualClock.advance(ms);
      },
    },
  };
}
