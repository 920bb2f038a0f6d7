import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { signIn } from '../../../services/users.service.js'
import { toErrorList } from '../../forms.js'
import { renderPage } from '../../render.js'
import { can } from '../../../domain/access/permissions.js'
import type { Actor } from '../../../domain/access/scope.js'

const form = z.object({
  email: z.string().trim().default(''),
  password: z.string().default(''),
  next: z.string().optional(),
})

// Only local paths, so the sign-in form cannot be used to send someone to another site.
function safeNext(next: string | undefined): string | undefined {
  return next && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : undefined
}

export function homeFor(actor: Actor): string {
  if (can(actor.role, 'register:read')) return '/register'
  if (can(actor.role, 'user:manage')) return '/admin'
  return '/tasks'
}

export async function signInRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => reply.redirect(request.actor ? homeFor(request.actor) : '/sign-in'))

  app.get<{ Querystring: { next?: string } }>('/sign-in', async (request, reply) => {
    if (request.actor) return reply.redirect(homeFor(request.actor))
    return renderPage(request, reply, 'sign-in/view.njk', {
      title: 'Sign in',
      values: { next: safeNext(request.query.next) ?? '' },
      demoSignIn: request.server.harbour.demo,
    })
  })

  app.post('/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const body = form.parse(request.body ?? {})
    const errors = []
    if (!body.email) errors.push({ path: 'email', message: 'Enter your email address' })
    if (!body.password) errors.push({ path: 'password', message: 'Enter your password' })
    const user = errors.length
      ? null
      : await signIn(request.server.harbour.ctx, body.email, body.password, request.id)
    if (!user) {
      if (!errors.length)
        errors.push({
          path: 'email',
          message: 'The email address or password is not right. Check them and try again',
        })
      return renderPage(
        request,
        reply,
        'sign-in/view.njk',
        {
          title: 'Sign in',
          values: { email: body.email, next: safeNext(body.next) ?? '' },
          errors: toErrorList(errors),
          demoSignIn: request.server.harbour.demo,
        },
        errors.length && body.email && body.password ? 401 : 422,
      )
    }
    // A new session id at sign-in, so a session fixed before sign-in is worthless.
    await request.session.regenerate()
    request.session.set('userId', user.id)
    request.session.set('signedInAt', Date.now())
    const next = safeNext(body.next)
    return reply.redirect(next ?? '/')
  })

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    await request.session.destroy()
    return reply.redirect('/sign-in')
  })
}
