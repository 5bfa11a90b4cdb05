import { z } from 'zod';

/** A PocketBase date field: "2026-11-24 08:00:00.000Z", or "" when unset (→ null). */
export const pbDateSchema = z.string().transform((s) => (s ? new Date(s.replace(' ', 'T')) : null));
/** A PocketBase date field that is always set. */
export const pbRequiredDateSchema = z.string().min(1).transform((s) => new Date(s.replace(' ', 'T')));
