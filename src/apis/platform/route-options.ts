import type { Clock } from '../../clock/clock.js';
import type { ForwardRule } from '../../config.js';
import type { SendAttempt } from '../../delivery/attempt.js';
import type { HistoryStore } from '../../store/history-store.js';
import type { Catalogue } from '../../catalogue/types.js';
import type { Random } from '../../random.js';
import type { MessageOutbox, SubscriberChange } from '../api-dialect.js';
import type { EndpointStore } from './endpoint-store.js';

/** What the platform API's routes work with. */
export interface PlatformRoutesOptions {
  store: EndpointStore;
  catalogue: Catalogue;
  clock: Clock;
  random: Random;
  /** Accepted API keys; empty accepts any non-empty key. */
  accessKeys: readonly string[];
  /** Apply Bird's URL rule alone (no local URLs). */
  strictUrls: boolean;
  /** Deliveries and attempts (`GET …/attempts`, `POST …/replay`). */
  history: HistoryStore;
  /** Sends a recorded delivery's event again to its endpoint as a new delivery (`POST …/replay`). */
  resend(deliveryId: string): Promise<unknown>;
  /** One HTTP attempt outside any delivery (`POST …/test`); never throws. */
  send: SendAttempt;
  /** Told of every change to an endpoint, after it is stored. */
  onChange?: SubscriberChange;
  /** `--forward` rules, which `POST …/test` follows as deliveries do. @default [] */
  forward?: readonly ForwardRule[];
  /** Where the send routes put the messages they accept. */
  outbox: MessageOutbox;
}
