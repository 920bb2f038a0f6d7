import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { signIn } from '../../../services/users.service.js'
import { twoFactorStepAfterPassword } from '../../../services/two-factor.service.js'
import { toErrorList } from '../../forms.js'
import { refuseWhenLocked, SIGN_IN_CONFIG } from './account-protection.js'
import { takeSignedOutNotice } from '../../middleware/session-lifetime.js'
import { renderPage } from '../../render.js'
import { can } from '../../../domain/access/permissions.js'
import type { Actor } from '../../../domain/access/scope.js'
import { TWO_FACTOR_SET_UP_URL } from '../../middleware/two-factor.js'
import { startPendingSignIn } from './pending.js'
import { recoveryCodeSignInRoutes } from './recovery-code/routes.js'
import { twoFactorSignInRoutes } from './two-factor/routes.js'

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
  // A governor sees aggregates only (DOMAIN.md PD-11): their home is the governors' report.
  if (can(actor.role, 'report:read')) return '/governors'
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
      signedOutNotice: takeSignedOutNotice(request),
    })
  })

  app.post('/sign-in', { preHandler: app.csrfProtection, config: SIGN_IN_CONFIG }, async (request, reply) => {
    const body = form.parse(request.body ?? {})
    const errors = []
    if (!body.email) errors.push({ path: 'email', message: 'Enter your email address' })
    if (!body.password) errors.push({ path: 'password', message: 'Enter your password' })
    const user = errors.length
      ? null
      : await signIn(request.server.harbour.ctx, body.email, body.password, request.id).catch(
          refuseWhenLocked(errors),
        )
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
    const next = safeNext(body.next)
    const { ctx, demo } = request.server.harbour
    const step = await twoFactorStepAfterPassword(ctx, user, { demo })
    if (step === 'code') {
      // Not signed in yet: the session only remembers who is half-way (issue 3, item 1).
      await startPendingSignIn(request, user.id, next)
      return reply.redirect('/sign-in/two-factor')
    }
    // A new session id at sign-in, so a session fixed before sign-in is worthless.
    await request.session.regenerate()
    request.session.set('userId', user.id)
    request.session.set('signedInAt', request.server.harbour.ctx.now().getTime())
    // Required but not set up: signed in, but every page leads to the set-up page until it is done.
    if (step === 'set_up') {
      if (next) request.session.set('twoFactorNext', next)
      return reply.redirect(TWO_FACTOR_SET_UP_URL)
    }
    return reply.redirect(next ?? '/')
  })

  await app.register(twoFactorSignInRoutes)
  await app.register(recoveryCodeSignInRoutes)

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    await request.session.destroy()
    return reply.redirect('/sign-in')
  })
}
