import type { FastifyInstance } from 'fastify'
import { attendanceRoutes } from './attendance.js'
import { authenticateToken } from './auth.js'
import { defineRoute, type Api } from './define.js'
import { episodeRoutes } from './episodes.js'
import { fundingRoutes } from './funding.js'
import { localAuthorityRoutes } from './local-authorities.js'
import { newRegistry, openApiDocument, z } from './openapi.js'
import { apiErrorHandler, apiNotFoundHandler } from './problem.js'
import { pepRoutes } from './peps.js'
import { placementChangeRoutes } from './placement-changes.js'
import { pupilRoutes } from './pupils.js'
import { limitApiRate } from './rate-limit.js'
import { reportRoutes } from './reports.js'
import { schoolRoutes } from './schools.js'
import { subjectAccessRoutes } from './subject-access.js'
import { suspensionRoutes } from './suspensions.js'
import { taskRoutes } from './tasks.js'
import { virtualSchoolRoutes } from './virtual-schools.js'

/**
 * The JSON API under /api/v1 (shared/API.md). Everything here is scoped to this plugin: JSON bodies only
 * (anything else is 415), bearer tokens, and errors as problem+json.
 */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  // The app's form and text parsers stay with the web pages: the API reads JSON and nothing else.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
  app.setErrorHandler(apiErrorHandler)
  app.setNotFoundHandler(apiNotFoundHandler)
  limitApiRate(app)
  app.addHook('onRequest', authenticateToken)

  const api: Api = { app, registry: newRegistry() }
  schoolRoutes(api)
  pupilRoutes(api)
  episodeRoutes(api)
  placementChangeRoutes(api)
  pepRoutes(api)
  fundingRoutes(api)
  localAuthorityRoutes(api)
  virtualSchoolRoutes(api)
  taskRoutes(api)
  reportRoutes(api)
  subjectAccessRoutes(api)
  attendanceRoutes(api)
  suspensionRoutes(api)

  let document: ReturnType<typeof openApiDocument> | undefined
  defineRoute(api, {
    method: 'get',
    path: '/openapi.json',
    tag: 'Documentation',
    summary: 'This OpenAPI 3.1 document',
    public: true,
    response: z.looseObject({ openapi: z.literal('3.1.0') }),
    responseDescription: 'The OpenAPI document',
    handler: async () => (document ??= openApiDocument(api.registry)),
  })
}
