import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A JSON answer: its status and body text. */
export interface JsonAnswer {
  status: ContentfulStatusCode;
  json: string;
}

/**
 * A route the server answers straight from Node's request and response (`server/direct-lane.ts`),
 * without the web Request, Context, middleware chain and Response that Hono builds around every
 * request. Only the hottest route is one: a fired event, where leaving that out saved about a tenth
 * of the emulator's CPU per delivery under load (README, Performance). The Hono app serves the same
 * route with the same `answer`, for in-process `app.request()` and for every request the direct
 * lane leaves to it.
 */
export interface DirectRoute {
  method: 'POST';
  /** The exact path; a request with a query string goes through Hono. */
  path: string;
  /** Larger declared bodies go through Hono, which refuses them (413). */
  maxBodyBytes: number;
  /** Answers a request's parsed JSON body; throws an EmulatorError for one it refuses. */
  answer(body: unknown): Promise<JsonAnswer>;
}
