import * as z from 'zod';

/**
 * Bird's webhook systems the emulator serves (SPEC-PLATFORM §1). Every event, delivery and
 * catalogue entry says which one it belongs to.
 */
export const ApiNameSchema = z.enum(['notifications', 'platform']);
export type ApiName = z.infer<typeof ApiNameSchema>;
