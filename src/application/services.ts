import type { ApiDialect } from '../apis/api-dialect.js';
import type { EmulatorControl } from './control.js';
import type { Firing } from './firing.js';
import type { Outbox } from './outbox.js';
import type { LoadTests } from './load-test.js';
import type { Records } from './records.js';

/**
 * The application services: every use-case of the emulator, which the HTTP app, the harness and the
 * CLI call (`emulator.ts` builds them; none of them holds logic of its own).
 */
export interface EmulatorServices {
  /** The Bird APIs served: each mounts its routes, and lists its events and subscribers. */
  dialects: readonly ApiDialect[];
  /** Fire, redeliver, replay, run a scenario. */
  firing: Firing;
  /** What was fired and delivered, and waiting for a delivery. */
  records: Records;
  /** Health, reset and the clock. */
  control: EmulatorControl;
  /** The messages sent through Bird's send routes, their lifecycles, and the outcome rules. */
  outbox: Outbox;
  /** Load tests: run one, stop it, read its report. */
  loadTests: LoadTests;
}
