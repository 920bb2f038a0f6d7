import type { FastifyInstance } from 'fastify'
import { recoveryCodesRoutes } from './recovery-codes/routes.js'
import { twoFactorSetUpRoutes } from './set-up/routes.js'
import { turnOffTwoFactorRoutes } from './turn-off/routes.js'

export async function accountTwoFactorRoutes(app: FastifyInstance): Promise<void> {
  await app.register(twoFactorSetUpRoutes)
  await app.register(recoveryCodesRoutes)
  await app.register(turnOffTwoFactorRoutes)
}
