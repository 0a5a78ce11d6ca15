import { isoTimestamp, type Clock } from '../clock/clock.js';
import { EmulatorError } from '../errors.js';
import { VERSION } from '../version.js';
import { FRAME_VERSION, type FrameBody, type FrameDataMap, type LiveFrame } from '../views/live-frames.js';
import { frameBodyOf, type LiveActivity } from './frames.js';

export interface LiveFeedOptions {
  /** Stamps each frame's `at`. */
  clock: Clock;
  /** Frames kept for clients that connect late (`config.liveReplay`); 0 keeps none. */
  replay: number;
}

/** Which stored frames a new subscriber gets before the live ones. At most one of the two. */
export interface LiveReplayOptions {
  /**
   * Every kept frame with a greater `seq` (a reconnecting client passes the last one it saw). A
   * `since` beyond the newest frame comes from an earlier run of the emulator, whose numbering
   * started again: the subscriber then gets every kept frame.
   */
  since?: number;
  /** The newest `replay` kept frames. */
  replay?: number;
}

/**
 * Receives frames: `json` is the exact message to send (serialised once for every subscriber),
 * `frame` the same as an object. It must not throw and should not block.
 */
export type LiveSend = (json: string, frame: LiveFrame) => void;

/** The live log: numbers activity into frames, keeps the newest and fans them out. No sockets. */
export interface LiveFeed {
  /** Turns an activity into the next frame, keeps it and sends it to every subscriber. Never throws. */
  publish(activity: LiveActivity): void;
  /**
   * Sends `hello`, then the replayed frames in order, then every new frame until the returned
   * function is called. All synchronous, so no frame falls between the replay and the live ones.
   */
  subscribe(send: LiveSend, options?: LiveReplayOptions): () => void;
  /** The kept frames, oldest first (copies). */
  recent(): LiveFrame[];
  /** The `seq` of the newest frame, 0 before the first. */
  lastSeq(): number;
  /** Forgets the kept frames (on reset); numbering continues so reconnecting clients stay in step. */
  clear(): void;
}

/**
 * A kept frame. @note Its activity is turned into the frame, and that into JSON, only when a
 * subscriber needs it (then once): under load the emulator publishes three frames per delivery,
 * usually with nobody watching. The records an activity carries are values, so the frame built
 * later is the one that would have been built at once.
 */
interface Kept {
  seq: number;
  at: string;
  /** What the frame is built from: its type and data already built, or else the activity. */
  body?: FrameBody;
  activity?: LiveActivity;
  frame?: LiveFrame;
  json?: string;
}

/**
 * A kept frame of `activity`: the activity itself, whose records the history holds anyway, or for
 * a fired event the frame's type and data, built at once.
 * @note A fired event's activity carries its payload (a dozen objects), which the frame leaves out.
 * Kept with the `replay` newest frames, every payload outlived the young generation, and the
 * garbage collector copied and promoted it: several µs of CPU per fired event under load.
 */
const keptOf = (seq: number, at: string, activity: LiveActivity): Kept =>
  activity.type === 'event.fired' ? { seq, at, body: frameBodyOf(activity) } : { seq, at, activity };

const frameOf = (entry: Kept): LiveFrame =>
  (entry.frame ??= {
    v: FRAME_VERSION,
    seq: entry.seq,
    at: entry.at,
    ...(entry.body ?? frameBodyOf(entry.activity as LiveActivity)),
  } as LiveFrame);
const jsonOf = (entry: Kept): string => (entry.json ??= JSON.stringify(frameOf(entry)));

export function createLiveFeed({ clock, replay }: LiveFeedOptions): LiveFeed {
  const subscribers = new Set<LiveSend>();
  // A ring of the newest `replay` frames: `kept[(start + i) % replay]` is the i-th oldest.
  const kept: Kept[] = [];
  let start = 0;
  let seq = 0;

  const keep = (entry: Kept) => {
    if (replay === 0) return;
    if (kept.length < replay) kept.push(entry);
    else {
      kept[start] = entry;
      start = (start + 1) % replay;
    }
  };
  const inOrder = (): Kept[] => [...kept.slice(start), ...kept.slice(0, start)];

  const deliver = (send: LiveSend, json: string, frame: LiveFrame) => {
    try {
      send(json, frame);
    } catch {
      // @note A subscriber that throws is dropped: the activity comes from the dispatcher, which must never fail for a viewer.
      subscribers.delete(send);
    }
  };

  return {
    publish(activity) {
      seq += 1;
      const entry = keptOf(seq, isoTimestamp(clock.now()), activity);
      keep(entry);
      if (subscribers.size === 0) return;
      const json = jsonOf(entry);
      const frame = frameOf(entry);
      for (const send of [...subscribers]) deliver(send, json, frame);
    },

    subscribe(send, options = {}) {
      const all = inOrder();
      const stale = options.since !== undefined && options.since > seq;
      const replayed =
        options.since !== undefined
          ? all.filter((entry) => stale || entry.seq > (options.since as number))
          : all.slice(Math.max(0, all.length - (options.replay ?? 0)));
      const helloData: FrameDataMap['hello'] = { version: VERSION, replayed: replayed.length, lastSeq: seq };
      const hello = { v: FRAME_VERSION, seq: 0, type: 'hello', at: isoTimestamp(clock.now()), data: helloData } as LiveFrame;
      subscribers.add(send);
      deliver(send, JSON.stringify(hello), hello);
      for (const entry of replayed) {
        if (!subscribers.has(send)) break;
        const json = jsonOf(entry);
        deliver(send, json, JSON.parse(json) as LiveFrame);
      }
      return () => {
        subscribers.delete(send);
      };
    },

    recent: () => inOrder().map((entry) => JSON.parse(jsonOf(entry)) as LiveFrame),
    lastSeq: () => seq,
    clear() {
      kept.length = 0;
      start = 0;
    },
  };
}

/**
 * Reads `?since=SEQ` or `?replay=N` from a WebSocket URL's query. Other parameters are ignored;
 * a value that is not a whole number ≥ 0, or both at once, is a `BadRequest`.
 */
export function parseReplayQuery(query: URLSearchParams): LiveReplayOptions {
  const since = wholeNumber(query, 'since');
  const replay = wholeNumber(query, 'replay');
  if (since !== undefined && replay !== undefined) {
    throw new EmulatorError('BadRequest', 'Pass either since (resume after a frame) or replay (the newest N frames), not both.');
  }
  return { ...(since !== undefined && { since }), ...(replay !== undefined && { replay }) };
}

function wholeNumber(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new EmulatorError('BadRequest', `${name} must be a whole number of 0 or more (got "${text}").`);
  return Number(text);
}
