import { isoTimestamp } from '../clock/clock.js';
import type { MessageRecipient, MessageStep } from '../domain/message.js';

/**
 * The lifecycle of a sent message, laid out on the emulator clock, for every Bird API: a send route
 * says which events each recipient goes through and after how many step gaps; this turns that into
 * timed steps, in firing order, each carrying the statuses it leaves (so the outbox, the store and
 * the reads never need to know an API's status rules).
 */

/** One step a send route asks for. */
export interface PlannedStep {
  /** When, in step gaps (`sendStepMs`) after the send: 0 fires as the send is answered. */
  after: number;
  event: string;
  /** The recipient's status once it has fired (an engagement event leaves it as it was). */
  status: string;
  /** The step's id on its API's timeline, where the API lists one. */
  id?: string;
  /** The event's payload, given the step's time (RFC 3339). */
  payload(at: string): Record<string, unknown>;
}

export interface PlannedRecipient {
  id: string;
  address: string;
  role?: string;
  /** What decided its lifecycle (an outcome, or `sandbox:<address>`). */
  outcome: string;
  /** Its own steps; empty when only `shared` steps concern it. */
  steps: readonly PlannedStep[];
}

export interface LifecyclePlan {
  /** When the message was accepted (ms). */
  createdAt: number;
  stepMs: number;
  /** The status of every recipient before its first step. */
  initialStatus: string;
  recipients: readonly PlannedRecipient[];
  /** Steps about every recipient at once (a Notifications API message has one status for all its contacts). */
  shared?: readonly PlannedStep[];
  /** The message's status from its recipients' statuses, in recipient order. */
  aggregate(statuses: readonly string[]): string;
}

/** The recipients and the timed steps of a plan, in the order they fire. */
export function layOut(plan: LifecyclePlan): { recipients: MessageRecipient[]; steps: MessageStep[] } {
  const entries = [
    ...(plan.shared ?? []).map((step, order) => ({ step, recipient: undefined, order })),
    ...plan.recipients.flatMap((r, recipient) => r.steps.map((step, order) => ({ step, recipient, order }))),
  ].sort((a, b) => a.step.after - b.step.after || (a.recipient ?? -1) - (b.recipient ?? -1) || a.order - b.order);

  const statuses = plan.recipients.map(() => plan.initialStatus);
  const steps = entries.map(({ step, recipient }): MessageStep => {
    const at = isoTimestamp(plan.createdAt + step.after * plan.stepMs);
    statuses.forEach((_, i) => {
      if (recipient === undefined || recipient === i) statuses[i] = step.status;
    });
    return {
      ...(step.id !== undefined && { id: step.id }),
      at,
      ...(recipient !== undefined && { recipient }),
      event: step.event,
      status: step.status,
      messageStatus: plan.aggregate(statuses),
      payload: step.payload(at),
    };
  });
  const recipients = plan.recipients.map((r): MessageRecipient => ({
    id: r.id,
    address: r.address,
    ...(r.role !== undefined && { role: r.role }),
    outcome: r.outcome,
    status: plan.initialStatus,
  }));
  return { recipients, steps };
}

/** Makes steps whose payload is `base` plus what `extra` adds at the step's time. */
export function stepsOver(base: Record<string, unknown>) {
  return (after: number, event: string, status: string, extra: (at: string) => Record<string, unknown> = () => ({})): PlannedStep => ({
    after,
    event,
    status,
    payload: (at) => ({ ...base, ...extra(at) }),
  });
}
