import type { NewStaffUser } from './schema.ts';

/** Password of every demo account unless DEMO_PASSWORD is set. */
export const defaultDemoPassword = 'hotline-demo-2026';

/** Demo staff for a fresh database: three trainees, one trainer, one HR officer. */
export function demoUsers(password: string): NewStaffUser[] {
  const dept = '客户服务中心';
  return [
    {
      email: 'trainee@example.com',
      name: '李晓雨',
      employeeNo: '10001',
      role: 'trainee',
      department: dept,
      team: '一班',
      password,
    },
    {
      email: 'trainee2@example.com',
      name: '王海峰',
      employeeNo: '10002',
      role: 'trainee',
      department: dept,
      team: '一班',
      password,
    },
    {
      email: 'trainee3@example.com',
      name: '陈思琪',
      employeeNo: '10003',
      role: 'trainee',
      department: dept,
      team: '二班',
      password,
    },
    {
      email: 'trainer@example.com',
      name: '张敏',
      employeeNo: '20001',
      role: 'trainer',
      department: dept,
      team: '培训组',
      password,
    },
    {
      email: 'hr@example.com',
      name: '刘芳',
      employeeNo: '30001',
      role: 'hr',
      department: '人力资源部',
      team: '',
      password,
    },
  ];
}

/** The demo cohort led by the demo trainer, with the first two trainees. */
export const demoCohort = {
  name: '2026年11月新员工一班',
  department: '客户服务中心',
  trainerEmail: 'trainer@example.com',
  memberEmails: ['trainee@example.com', 'trainee2@example.com'],
};
