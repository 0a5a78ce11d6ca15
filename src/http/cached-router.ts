import type { Result, Router } from 'hono/router';

/** Distinct paths remembered per method before the memo starts afresh. */
const MAX_PATHS = 1024;

/**
 * `router` with its matches remembered per method and path. A built router is a pure function of
 * the two (routes cannot be added once it has matched), and Hono only reads what it returns.
 * @note The app's routes put static and parameter segments side by side (`/deliveries/wait`,
 * `/deliveries/:id`), which Hono's RegExpRouter refuses, so its TrieRouter serves them: it walks
 * and sorts a fresh list of handlers on every request, a few per cent of the emulator's CPU per
 * fired event. Clients call the same few paths over and over.
 */
export function cachedRouter<T>(router: Router<T>): Router<T> {
  const matches = new Map<string, Map<string, Result<T>>>();
  return {
    get name() {
      return router.name;
    },
    add(method, path, handler) {
      matches.clear();
      router.add(method, path, handler);
    },
    match(method, path) {
      let byPath = matches.get(method);
      if (!byPath) matches.set(method, (byPath = new Map()));
      let result = byPath.get(path);
      if (result === undefined) {
        result = router.match(method, path);
        // Bounded: paths that carry ids are new on every request.
        if (byPath.size >= MAX_PATHS) byPath.clear();
        byPath.set(path, result);
      }
      return result;
    },
  };
}
