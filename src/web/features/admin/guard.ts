import type { FastifyInstance } from 'fastify'
import { requireSignIn } from '../../middleware/authenticate.js'
import { requirePermission } from '../../middleware/require-permission.js'

// Administration is for the admin role only (DESIGN.md access layer 1): anyone else gets the 403 page.
// The services each page calls check their own action again.
export const adminPage = { preHandler: [requireSignIn, requirePermission('user:manage')] }

export const adminForm = (app: FastifyInstance) => ({
  preHandler: [requireSignIn, app.csrfProtection, requirePermission('user:manage')],
})
