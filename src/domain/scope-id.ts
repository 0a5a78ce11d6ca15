import * as z from 'zod';

/**
 * An organization or workspace id given in a body or a file: a UUID, lower-cased like the ids in
 * paths, so an id pasted in upper case still matches.
 */
export const ScopeIdSchema = z.uuid().transform((id) => id.toLowerCase());

/** A platform API workspace id: `ws_` and 26 lowercase Crockford base32 characters. */
export const PlatformWorkspaceIdSchema = z.string().regex(/^ws_[0-9a-hjkmnp-tv-z]{26}$/, 'must be a ws_ workspace id');

/** A workspace of either API: a Notifications API UUID or a platform API `ws_` id. */
export const AnyWorkspaceIdSchema = z.union([ScopeIdSchema, PlatformWorkspaceIdSchema]);
