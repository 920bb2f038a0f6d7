import type { FastifyInstance } from 'fastify'
import { TEXT_LIMITS } from '../../../../domain/input/text-limits.js'
import { completeTask } from '../../../../services/tasks.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { setFlash } from '../../../render.js'
import { text, toErrorList, type FormBody } from '../../../forms.js'
import { showTasks } from '../routes.js'

const MAX_NOTE = TEXT_LIMITS.taskNote

/** "Mark as done": records who did it and when (DOMAIN.md POL-30 keeps who was told). */
export async function taskDoneRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { id: string } }>(
    '/tasks/:id/done',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('task:read')] },
    async (request, reply) => {
      const note = text((request.body ?? {}) as FormBody, 'note')
      if (note.length > MAX_NOTE) {
        const id = request.params.id
        const errors = toErrorList(
          [{ path: 'note', message: `The note must be ${MAX_NOTE} characters or fewer` }],
          { note: `note-${id}` },
        )
        return showTasks(request, reply, false, { errors, taskId: id, note })
      }
      const task = await completeTask(
        request.server.harbour.ctx,
        request.actor!,
        request.params.id,
        note || null,
      )
      setFlash(request, `Task done: ${task.title}`)
      return reply.redirect('/tasks')
    },
  )
}
