import type { FastifyInstance } from 'fastify'
import { loadActor } from './middleware/authenticate.js'
import { notFoundPage, webErrorHandler } from './middleware/error-pages.js'
import { signInRoutes } from './features/sign-in/routes.js'
import { registerRoutes } from './features/register/routes.js'
import { featureRoutes } from './features/index.js'

/** The HTML pages. Each feature registers its own routes; signed-in pages add `requireSignIn`. */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', loadActor)
  app.setErrorHandler(webErrorHandler)
  app.setNotFoundHandler(async (request, reply) => {
    await loadActor(request)
    return notFoundPage(request, reply)
  })
  await app.register(signInRoutes)
  await app.register(registerRoutes)
  await app.register(featureRoutes)
}
