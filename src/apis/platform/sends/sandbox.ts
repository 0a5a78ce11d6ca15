/**
 * Bird's mail sandbox: "Send to a magic address at messagebird.dev and the outcome is determined by
 * the address itself … The local-part selects the outcome" (bird.com, guides/email/testing-sandbox;
 * the list is mirrored at https://messagebird.dev). The SDK's own example adds a label with `+`
 * (`bounce+signup-flow@messagebird.dev`, "which hard-bounces every time"); a label is allowed on
 * every sandbox address here.
 */

export const SANDBOX_DOMAIN = 'messagebird.dev';

/** What a sandbox address simulates, in the emulator's terms. */
export type SandboxOutcome =
  | { kind: 'delivered' }
  | { kind: 'bounced'; bounce: 'hard' | 'soft' }
  | { kind: 'deferred-then-delivered' }
  | { kind: 'complained' }
  | { kind: 'rejected'; reason: 'recipient_suppressed' | 'transmission_failed' };

/**
 * The local-parts Bird documents, with their aliases. `softbounce@` bounces with a transient (soft)
 * classification and `deferred@` is deferred once and then delivered: Bird's page is cut before
 * saying how a deferral ends, so ending it delivered is the emulator's reading.
 */
const SANDBOX: Readonly<Record<string, SandboxOutcome>> = {
  delivered: { kind: 'delivered' },
  bounce: { kind: 'bounced', bounce: 'hard' },
  hardbounce: { kind: 'bounced', bounce: 'hard' },
  softbounce: { kind: 'bounced', bounce: 'soft' },
  deferred: { kind: 'deferred-then-delivered' },
  delay: { kind: 'deferred-then-delivered' },
  complaint: { kind: 'complained' },
  spam: { kind: 'complained' },
  suppressed: { kind: 'rejected', reason: 'recipient_suppressed' },
  reject: { kind: 'rejected', reason: 'transmission_failed' },
};

/** The sandbox's outcome for `address`, or undefined when it is not a sandbox address Bird documents. */
export function sandboxOutcome(address: string): SandboxOutcome | undefined {
  const at = address.lastIndexOf('@');
  if (at === -1 || address.slice(at + 1).toLowerCase() !== SANDBOX_DOMAIN) return undefined;
  const local = address.slice(0, at).toLowerCase();
  const plus = local.indexOf('+');
  return SANDBOX[plus === -1 ? local : local.slice(0, plus)];
}
