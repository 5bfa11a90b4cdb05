import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { assign, deleteAssignment, updateAssignment } from '../domain/training/assignments.ts';
import { toActionError } from '../platform/errors/action-error.ts';
import { appAdmin } from '../platform/pocketbase/app-admin.ts';
import { scoreKey } from '../domain/certification/rubric-scoring.ts';
import { programCatalog } from '../domain/certification/catalog.ts';
import { setRateWindow } from '../domain/voice/settings.ts';
import { addMember, createCohort, recordPractical, removeMember, renameCohort } from '../domain/training/service.ts';
import { staffMember } from './guard.ts';

// Form fields arrive as strings (an empty optional field as ''): the services parse them with their own schemas.
const field = z.string().max(2000).optional();

/** Trainers' and HR's form actions on assignments (/trainer/cohorts and a trainee's page). */
export const trainingActions = {
  /** Assign a module or program to a cohort or a trainee; a duplicate returns the existing one to offer an update. */
  assignmentCreate: defineAction({
    accept: 'form',
    input: z.object({ target: field, cohort: field, trainee: field, dueDate: field, note: field }),
    handler: async (input, context) => {
      const user = await staffMember(context, 'assignmentCreate');
      try {
        const outcome = await assign(
          await appAdmin(),
          user,
          {
            target: input.target ?? '',
            dueDate: input.dueDate ?? '',
            note: input.note || undefined,
            ...(input.cohort ? { cohort: input.cohort } : { trainee: input.trainee }),
          },
          new Date(),
        );
        if (outcome.status === 'created') return { status: 'created' as const, id: outcome.assignment.id };
        const { existing, title, owner, proposed } = outcome;
        return {
          status: 'duplicate' as const,
          existing: { id: existing.id, dueAt: existing.dueAt, note: existing.note },
          title,
          owner,
          proposed,
        };
      } catch (error) {
        throw toActionError(error, 'assignmentCreate');
      }
    },
  }),
  /** Change an assignment's due date and 备注. */
  assignmentUpdate: defineAction({
    accept: 'form',
    input: z.object({ assignment: field, dueDate: field, note: field }),
    handler: async (input, context) => {
      const user = await staffMember(context, 'assignmentUpdate');
      try {
        const updated = await updateAssignment(await appAdmin(), user, input, new Date());
        return { id: updated.id };
      } catch (error) {
        throw toActionError(error, 'assignmentUpdate');
      }
    },
  }),
  /** Delete an assignment. */
  assignmentDelete: defineAction({
    accept: 'form',
    input: z.object({ assignment: field }),
    handler: async (input, context) => {
      const user = await staffMember(context, 'assignmentDelete');
      try {
        await deleteAssignment(await appAdmin(), user, input);
        return { id: input.assignment };
      } catch (error) {
        throw toActionError(error, 'assignmentDelete');
      }
    },
  }),
};

/** Trainers' and HR's form actions on cohorts and their members (/trainer/cohorts). */
export const cohortActions = {
  cohortCreate: defineAction({
    accept: 'form',
    input: z.object({ name: field }),
    handler: async ({ name }, context) => {
      const user = await staffMember(context, 'cohortCreate');
      try {
        return { id: (await createCohort(await appAdmin(), user, name ?? '')).id };
      } catch (error) {
        throw toActionError(error, 'cohortCreate');
      }
    },
  }),
  cohortRename: defineAction({
    accept: 'form',
    input: z.object({ cohort: field, name: field }),
    handler: async ({ cohort, name }, context) => {
      const user = await staffMember(context, 'cohortRename');
      try {
        return { id: (await renameCohort(await appAdmin(), user, cohort ?? '', name ?? '')).id };
      } catch (error) {
        throw toActionError(error, 'cohortRename');
      }
    },
  }),
  /** Add a trainee (by id from the search results or by 工号) to a cohort. */
  memberAdd: defineAction({
    accept: 'form',
    input: z.object({ cohort: field, trainee: field, employeeNo: field }),
    handler: async ({ cohort, trainee, employeeNo }, context) => {
      const user = await staffMember(context, 'memberAdd');
      try {
        return { id: (await addMember(await appAdmin(), user, cohort ?? '', { trainee, employeeNo })).id };
      } catch (error) {
        throw toActionError(error, 'memberAdd');
      }
    },
  }),
  memberRemove: defineAction({
    accept: 'form',
    input: z.object({ cohort: field, trainee: field }),
    handler: async ({ cohort, trainee }, context) => {
      const user = await staffMember(context, 'memberRemove');
      try {
        return { id: (await removeMember(await appAdmin(), user, cohort ?? '', trainee ?? '')).id };
      } catch (error) {
        throw toActionError(error, 'memberRemove');
      }
    },
  }),
};

/** What the practical-assessment form posted (fields `score.<dimension>.<criterion>`, repeated `criticalError`). */
export function practicalFromForm(
  form: FormData,
  trainee: string,
  rubric: { id: string; dimensions: { id: string; criteria: { id: string }[] }[] },
) {
  const text = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : '');
  const scores: Record<string, number> = {};
  const raw: Record<string, string> = {};
  for (const d of rubric.dimensions)
    for (const c of d.criteria) {
      const key = scoreKey(d.id, c.id);
      const v = text(`score.${key}`);
      raw[key] = v;
      // Anything but a plain level is passed on as NaN, which the server refuses.
      if (v !== '') scores[key] = /^\d{1,2}$/.test(v) ? Number(v) : Number.NaN;
    }
  const criticalErrors = form.getAll('criticalError').filter((v): v is string => typeof v === 'string');
  return {
    input: {
      trainee,
      program: text('program'),
      kind: text('kind'),
      rubric: rubric.id,
      rolePlayCase: text('rolePlayCase'),
      scores,
      criticalErrors,
      comments: text('comments'),
      callRun: text('callRun'),
    },
    posted: {
      program: text('program'),
      kind: text('kind'),
      rolePlayCase: text('rolePlayCase'),
      scores: raw,
      criticalErrors,
      comments: text('comments'),
      callRun: text('callRun'),
    },
  };
}

/** The rubric a form names (the affinity sheet when it names none or an unknown one). */
export const rubricNamed = (id: string | null) =>
  (id && programCatalog().rubrics.get(id)) || programCatalog().rubrics.get('affinity')!;

/** Recording a practical assessment from a trainee's page (a FormData form: its score fields depend on the rubric). */
export const practicalActions = {
  practicalRecord: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = await staffMember(context, 'practicalRecord');
      const text = (k: string) => (typeof form.get(k) === 'string' ? (form.get(k) as string) : '');
      const rubric = rubricNamed(text('rubric'));
      try {
        const { input } = practicalFromForm(form, text('trainee'), rubric);
        const record = await recordPractical(await appAdmin(), user, input, new Date());
        return { id: record.id, rubric: rubric.id };
      } catch (error) {
        throw toActionError(error, 'practicalRecord');
      }
    },
  }),
};

/** Trainers and HR set the voice lab's default speaking-rate window (/trainer/voice-targets; audited). */
export const voiceTargetActions = {
  voiceTargetsSave: defineAction({
    accept: 'form',
    input: z.object({ min: field, max: field }),
    handler: async (input, context) => {
      const user = await staffMember(context, 'voiceTargetsSave');
      try {
        await setRateWindow(await appAdmin(), user, input, new Date());
        return { saved: true };
      } catch (error) {
        throw toActionError(error, 'voiceTargetsSave');
      }
    },
  }),
};
