import { z } from 'zod';

/** The sign-in form. */
export const signInSchema = z.object({
  email: z.email().max(200),
  password: z.string().min(8).max(200),
  next: z.string().max(500).optional(),
});
export type SignInInput = z.infer<typeof signInSchema>;
