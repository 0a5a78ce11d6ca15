import type { Hono } from 'hono';
import type { DeliveryDialect } from '../delivery/dialect.js';
import type { HistoryStore } from '../store/history-store.js';

/**
 * One of Bird's webhook systems, whole: the pipeline's half (`DeliveryDialect`: catalogue,
 * matching, envelope, signature, ids, retries, health) and the HTTP half (Bird's routes for it, in
 * its error shape), with the subscriber store behind both. `emulator.ts` wires one per API.
 */
export interface ApiDialect extends DeliveryDialect {
  /** Bird's routes of this API, mounted at the root; they answer every error in this API's shape. */
  routes(context: DialectRouteContext): Hono;
  /** Every subscriber of every workspace, oldest first, as the dashboard lists them. */
  subscribers(): readonly unknown[];
  /** Removes every subscriber (`POST /_emulator/reset`). */
  clear(): Promise<void>;
  /** Writes what is pending to disk. */
  close(): Promise<void>;
}

/** What a dialect's routes read besides its own subscribers. */
export interface DialectRouteContext {
  /** Deliveries and attempts, for the API's delivery logs. */
  history: HistoryStore;
}
