import * as z from 'zod';

/**
 * An organization or workspace id given in a body or a file: a UUID, lower-cased like the ids in
 * paths, so an id pasted in upper case still matches.
 */
export const ScopeIdSchema = z.uuid().transform((id) => id.toLowerCase());
