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

/** The identity fields HR may correct on /hr/staff/<id> (audited); nobody changes their own. */
export const staffIdentityFields = ['name', 'employeeNo', 'department', 'team'] as const;
export type StaffIdentityField = (typeof staffIdentityFields)[number];

/** Chinese names of the identity fields. */
export const staffIdentityLabels: Record<StaffIdentityField, string> = {
  name: '姓名',
  employeeNo: '工号',
  department: '部门',
  team: '班组',
};

/** HR's correction of a staff member's identity, as posted by the form. */
export const staffIdentityInputSchema = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(40, '姓名不超过 40 个字'),
  employeeNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z-]{3,20}$/, '工号为 3–20 位字母、数字或连字符'),
  department: z.string().trim().max(60, '部门不超过 60 个字'),
  team: z.string().trim().max(60, '班组不超过 60 个字'),
  /** Why the record changes (kept in the audit log). */
  reason: z
    .string()
    .trim()
    .min(2, '请填写修改原因（至少 2 个字），它会记入审计日志')
    .max(200, '修改原因不超过 200 个字'),
});
export type StaffIdentityInput = z.infer<typeof staffIdentityInputSchema>;
