import { z } from 'zod';

export const roles = ['trainee', 'trainer', 'hr'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Chinese names of the roles, as shown to users. */
export const roleLabels: Record<Role, string> = { trainee: '学员', trainer: '培训师', hr: '人力资源' };

/** A staff account as the app uses it (a PocketBase `users` record). */
export const staffUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  role: roleSchema,
  department: z.string().default(''),
  team: z.string().default(''),
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/** What an admin writes to create a staff account. */
export const newStaffUserSchema = staffUserSchema.omit({ id: true }).extend({ password: z.string().min(8) });
export type NewStaffUser = z.input<typeof newStaffUserSchema>;
