import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import { completeTask, listMyTasks } from '../../services/tasks.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, isoDate, z } from './openapi.js'

export const TaskSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    kind: z.string().openapi({ example: 'social_worker_allocated' }),
    title: z.string(),
    detail: z.string().nullable(),
    dueOn: isoDate(),
    state: z.enum(['late', 'due_today', 'due', 'done']),
    pupil: z
      .object({ id: z.string().openapi({ format: 'uuid' }), givenName: z.string(), familyName: z.string() })
      .nullable(),
    doneAt: z.string().nullable().openapi({ format: 'date-time' }),
    doneByName: z.string().nullable(),
    doneNote: z.string().nullable(),
  })
  .openapi('Task')

type TaskRowLike = {
  id: string
  kind: string
  title: string
  detail: string | null
  dueOn: string
  state: z.output<typeof TaskSchema>['state']
  pupilId: string | null
  pupilGivenName: string | null
  pupilFamilyName: string | null
  doneAt: Date | null
  doneByName?: string | null
  doneNote: string | null
}

const toTask = (t: TaskRowLike): z.output<typeof TaskSchema> => ({
  id: t.id,
  kind: t.kind,
  title: t.title,
  detail: t.detail,
  dueOn: t.dueOn,
  state: t.state,
  pupil: t.pupilId
    ? { id: t.pupilId, givenName: t.pupilGivenName ?? '', familyName: t.pupilFamilyName ?? '' }
    : null,
  doneAt: t.doneAt ? t.doneAt.toISOString() : null,
  doneByName: t.doneByName ?? null,
  doneNote: t.doneNote,
})

export function taskRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/tasks',
    tag: 'Tasks',
    summary: 'The token user’s tasks',
    description:
      'Tasks for the user, and for their role in their school: late first, then due, soonest first.',
    query: z.object({
      includeDone: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: 'Also list tasks that are done (default false)' }),
    }),
    response: z.object({ tasks: z.array(TaskSchema) }),
    responseDescription: 'The tasks',
    problems: [403],
    handler: async ({ ctx, actor, query }) => ({
      tasks: (await listMyTasks(ctx, actor, { includeDone: query.includeDone === 'true' })).map(toTask),
    }),
  })

  defineRoute(api, {
    method: 'post',
    path: '/tasks/{id}/done',
    tag: 'Tasks',
    summary: 'Mark a task done',
    params: z.object({ id: idParam('id', 'The task’s id') }),
    body: z.object({ note: z.string().max(TEXT_LIMITS.taskNote).nullish() }).openapi('TaskDoneInput'),
    response: z
      .object({
        id: z.string().openapi({ format: 'uuid' }),
        state: z.literal('done'),
        doneAt: z.string().openapi({ format: 'date-time' }),
        doneNote: z.string().nullable(),
      })
      .openapi('TaskDone'),
    responseDescription: 'The task, done (marking a done task again changes nothing)',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => {
      const done = await completeTask(ctx, actor, params.id, body.note ?? null)
      return {
        id: done.id,
        state: 'done' as const,
        doneAt: (done.doneAt ?? new Date()).toISOString(),
        doneNote: done.doneNote,
      }
    },
  })
}
