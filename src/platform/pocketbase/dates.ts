import { z } from 'zod';

/** A PocketBase date value ("2026-11-24 08:00:00.000Z") as a Date, or null when the field is empty. */
export function pbDate(value: string | null | undefined): Date | null {
  return value ? new Date(value.replace(' ', 'T')) : null;
}

/** A Date as PocketBase stores and compares dates: '2026-11-24 08:00:00.000Z' (text in time order). */
export const pbDateText = (d: Date): string => d.toISOString().replace('T', ' ');

/** A PocketBase date field: "2026-11-24 08:00:00.000Z", or "" when unset (→ null). */
export const pbDateSchema = z.string().transform(pbDate);
/** A PocketBase date field that is always set. */
export const pbRequiredDateSchema = z
  .string()
  .min(1)
  .transform((s) => pbDate(s)!);
