import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MIN_PASSWORD_LENGTH } from '../../../domain/access/passwords.js'
import { RuleBrokenError, type FieldError } from '../../../services/errors.js'
import { findPasswordResetLink, resetPassword } from '../../../services/password-reset.service.js'
import { toErrorList, type FormBody } from '../../forms.js'
import { renderPage, setFlash } from '../../render.js'

type ByToken = { Params: { token: string } }

const TITLE = 'Set a new password'

async function linkDoesNotWork(request: FastifyRequest, reply: FastifyReply) {
  return renderPage(request, reply, 'reset-password/unusable.njk', { title: 'This link does not work' }, 404)
}

/**
 * Issue 3 item 2: the page an administrator's password reset link opens. No sign-in: the link is the
 * proof. An unknown, used or expired link shows one page that changes nothing.
 */
export async function resetPasswordRoutes(app: FastifyInstance): Promise<void> {
  app.get<ByToken>('/reset-password/:token', async (request, reply) => {
    const person = await findPasswordResetLink(request.server.harbour.ctx, request.params.token)
    if (!person) return linkDoesNotWork(request, reply)
    void reply.header('cache-control', 'no-store')
    return renderPage(request, reply, 'reset-password/view.njk', {
      title: TITLE,
      person,
      minPassword: MIN_PASSWORD_LENGTH,
    })
  })

  app.post<ByToken>('/reset-password/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { ctx } = request.server.harbour
    const { token } = request.params
    const body = (request.body ?? {}) as FormBody
    // Not trimmed: spaces may be part of a password.
    const password = typeof body.password === 'string' ? body.password : ''
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : ''
    const person = await findPasswordResetLink(ctx, token)
    if (!person) return linkDoesNotWork(request, reply)
    let errors: FieldError[] = []
    if (!password) errors.push({ path: 'password', message: 'Enter a new password' })
    else if (password !== confirm)
      errors.push({
        path: 'confirmPassword',
        message: 'The passwords do not match: enter the same one twice',
      })
    else {
      try {
        if (!(await resetPassword(ctx, token, password, request.id))) return linkDoesNotWork(request, reply)
        setFlash(request, 'Your password has been changed. Sign in with your new password')
        return reply.redirect('/sign-in')
      } catch (error) {
        if (!(error instanceof RuleBrokenError)) throw error
        errors = error.errors
      }
    }
    void reply.header('cache-control', 'no-store')
    return renderPage(
      request,
      reply,
      'reset-password/view.njk',
      { title: TITLE, person, minPassword: MIN_PASSWORD_LENGTH, errors: toErrorList(errors) },
      422,
    )
  })
}
