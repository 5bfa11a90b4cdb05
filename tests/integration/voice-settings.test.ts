import { describe, expect, it } from 'vitest';
import { voiceExercises } from '../../src/domain/voice/lab.ts';
import { rateWindowSetting, setRateWindow, withRateWindow } from '../../src/domain/voice/settings.ts';
import type { StaffUser } from '../../src/domain/identity/schema.ts';
import { asAdmin, makeUser } from './pocketbase-fixtures.ts';

const staff = (id: string, role: StaffUser['role']): StaffUser => ({
  id,
  role,
  email: '',
  name: '王老师',
  employeeNo: 'x',
  department: '',
  team: '',
});

describe('trainer-configurable speaking-rate window', () => {
  it('is set by a trainer, audited, applied to default-window exercises only, and refused for trainees or bad values', async () => {
    const admin = await asAdmin();
    const [trainer, trainee] = await Promise.all([makeUser('trainer'), makeUser('trainee')]);
    await expect(
      setRateWindow(admin, staff(trainee.id, 'trainee'), { min: 100, max: 150 }, new Date()),
    ).rejects.toThrow('只有培训师');
    await expect(
      setRateWindow(admin, staff(trainer.id, 'trainer'), { min: 150, max: 155 }, new Date()),
    ).rejects.toThrow('至少要比下限高 10');
    await expect(
      setRateWindow(admin, staff(trainer.id, 'trainer'), { min: 'fast', max: 150 }, new Date()),
    ).rejects.toThrow();

    await setRateWindow(admin, staff(trainer.id, 'trainer'), { min: '110', max: '150' }, new Date());
    const setting = await rateWindowSetting(admin);
    expect(setting).toMatchObject({ min: 110, max: 150, by: '王老师' });
    const exercises = withRateWindow(voiceExercises(), setting);
    const greeting = exercises.find((e) => e.id === 'greeting-employee-number')!;
    expect([greeting.targets.rateCpm.min, greeting.targets.rateCpm.max]).toEqual([110, 150]);
    expect(greeting.targets.rateCpm.source).toContain('培训师王老师调整');
    // Exercises with a window of their own keep it.
    const soothing = exercises.find((e) => e.id === 'soothe-angry-customer')!;
    expect(soothing.targets.rateCpm).toEqual(
      voiceExercises().find((e) => e.id === 'soothe-angry-customer')!.targets.rateCpm,
    );
    const log = await admin.collection('audit_log').getFullList({ filter: `actor = "${trainer.id}"` });
    expect(log.map((l) => l.action)).toEqual(['voice.rate-window']);
  });
});
