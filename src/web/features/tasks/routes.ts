import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { listMyTasks } from '../../../services/tasks.service.js'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'
import { renderPage } from '../../render.js'
import type { ErrorList } from '../../forms.js'
import { TASK_TAGS } from '../pupils/show/present.js'

/** "Your tasks": late first, then due today, then due (tasksService.listMyTasks sorts them). */
export async function showTasks(
  request: FastifyRequest,
  reply: FastifyReply,
  showDone: boolean,
  form?: { errors: ErrorList; taskId: string; note: string },
) {
  const all = await listMyTasks(request.server.harbour.ctx, request.actor!, { includeDone: showDone })
  const withTags = all.map((t) => ({ ...t, tag: TASK_TAGS[t.state] }))
  return renderPage(
    request,
    reply,
    'tasks/view.njk',
    {
      title: showDone ? 'Completed tasks' : 'Your tasks',
      showDone,
      open: withTags.filter((t) => t.state !== 'done'),
      done: withTags.filter((t) => t.state === 'done'),
      errors: form?.errors,
      form,
    },
    form ? 422 : 200,
  )
}

export async function tasksRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>(
    '/tasks',
    { preHandler: [requireSignIn, requirePermission('task:read')] },
    async (request, reply) => showTasks(request, reply, request.query.done === '1'),
  )
}
