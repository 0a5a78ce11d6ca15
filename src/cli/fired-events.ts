import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';

/** The flags shared by the commands that fire events into a running emulator (`replay`, `scenario`). */
export const FIRE_FLAGS = {
  workspace: { type: 'string' },
  organization: { type: 'string' },
  json: { type: 'boolean' },
  url: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** A delivery as the control API summarises it, as far as the output shows it. */
export interface DeliveryView {
  id: string;
  url: string;
  status: string;
  lastStatusCode?: number;
  lastError?: { code: string; message: string };
  /** Why it was not attempted (skipped) or stopped early. */
  reason?: string;
}

/** A fired event as the control API shows it. */
export interface FiredView {
  id: string;
  event: string;
  matched: number;
  deliveries: DeliveryView[];
}

/** One numbered line of the output: the event it fired, or why it fired none. */
export type FiredEntry = { index: number; label: string } & ({ fired: FiredView } | { error: string });

export interface PrintFiredOptions {
  /** Print `answer` as JSON instead of the lines. */
  json?: boolean;
  /** The emulator's answer, as printed with `json`. */
  answer: unknown;
  /** Lines printed before the entries. */
  heading: readonly string[];
  entries: readonly FiredEntry[];
}

/** Prints the events a command fired: the emulator's answer as JSON, or one line per event and per delivery. */
export function printFired(io: CliIo, { json, answer, heading, entries }: PrintFiredOptions): void {
  if (json) {
    io.stdout(JSON.stringify(answer, null, 2));
    return;
  }
  for (const line of heading) io.stdout(line);
  for (const entry of entries) {
    if ('error' in entry) {
      io.stdout(`  ${entry.index + 1}. ${entry.label} NOT FIRED: ${entry.error}`);
      continue;
    }
    io.stdout(`  ${entry.index + 1}. ${entry.label} [event ${entry.fired.id}]`);
    for (const line of describeDeliveries(entry.fired)) io.stdout(`     ${line}`);
  }
}

/** One line per delivery of a fired event (or a note that none matched). */
function describeDeliveries(fired: FiredView): string[] {
  if (fired.deliveries.length === 0) return ['no active subscription matched'];
  return fired.deliveries.map(describeDelivery);
}

/** `--> url  status  outcome  [request id]`: where a delivery went and how its last attempt ended. */
export function describeDelivery(d: DeliveryView): string {
  const outcome = d.lastStatusCode !== undefined ? `HTTP ${d.lastStatusCode}` : (d.lastError?.message ?? d.reason ?? 'not attempted yet');
  return `--> ${d.url}  ${d.status}  ${outcome}  [request ${d.id}]`;
}
