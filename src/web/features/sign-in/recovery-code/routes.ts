import type { FastifyInstance } from 'fastify'
import { completeSignInWithRecoveryCode } from '../../../../services/two-factor.service.js'
import { text, type FormBody } from '../../../forms.js'
import { renderPage } from '../../../render.js'
import { finishSignIn, pendingSignIn } from '../pending.js'
import { refuseSecondStep, secondStepForm } from '../two-factor/routes.js'

const TITLE = 'Enter a recovery code'
const FEW_LEFT = 3

function codesLeftMessage(left: number): { message: string; warnings: string[] } | undefined {
  if (left > FEW_LEFT) return undefined
  return {
    message: `You signed in with a recovery code. You have ${left === 0 ? 'no' : left} recovery code${left === 1 ? '' : 's'} left`,
    warnings: [
      'Get new recovery codes from your account page, so that you can still sign in if you lose your phone.',
    ],
  }
}

/** The second sign-in step without the phone: one of the recovery codes, each of which works once. */
export async function recoveryCodeSignInRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sign-in/recovery-code', async (request, reply) => {
    if (!pendingSignIn(request)) return reply.redirect('/sign-in')
    return renderPage(request, reply, 'sign-in/recovery-code/view.njk', { title: TITLE })
  })

  app.post('/sign-in/recovery-code', secondStepForm(app), async (request, reply) => {
    const userId = pendingSignIn(request)
    if (!userId) return reply.redirect('/sign-in')
    const code = text((request.body ?? {}) as FormBody, 'code')
    const result = await completeSignInWithRecoveryCode(request.server.harbour.ctx, userId, code, request.id)
    if (!result.ok) return refuseSecondStep(request, reply, 'sign-in/recovery-code/view.njk', TITLE, result)
    return finishSignIn(request, reply, result.user.id, codesLeftMessage(result.recoveryCodesLeft))
  })
}
