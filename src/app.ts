import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySession from '@fastify/session'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import nunjucks from 'nunjucks'
import type { Database } from './data/db.js'
import type { Actor } from './domain/access/scope.js'
import { getOrCreateSetting, getSetting } from './data/repositories/settings.repository.js'
import type { ServiceContext } from './services/context.js'
import { DatabaseSessionStore } from './data/repositories/session-store.js'
import { configureNunjucks, templatePaths } from './web/nunjucks.js'
import { webRoutes } from './web/routes.js'
import { apiRoutes } from './api/v1/routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    harbour: { ctx: ServiceContext; demo: boolean; database: Database }
  }
  interface FastifyRequest {
    actor: Actor | null
  }
}

declare module 'fastify' {
  interface Session {
    userId?: string
    flash?: string
    signedInAt?: number
  }
}

export type AppOptions = {
  database: Database
  now?: () => Date
  logger?: boolean | { level: string }
  /** Lets the test suite and benchmarks run without rate limits. */
  rateLimit?: boolean
  sessionSecret?: string | undefined
  trustProxy?: boolean
}

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000
const JSON_BODY_LIMIT = 1024 * 1024

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === undefined || options.logger === false
        ? false
        : {
            ...(typeof options.logger === 'object' ? options.logger : {}),
            // Never a pupil's name in the logs: a search puts one in the query string.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: req.url.split('?')[0],
                id: req.id,
              }),
            },
          },
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    trustProxy: options.trustProxy ?? false,
  })
  const { db } = options.database
  const ctx: ServiceContext = { db, now: options.now ?? (() => new Date()) }
  const demo = (await getSetting<boolean>(db, 'demo')) === true
  app.decorate('harbour', { ctx, demo, database: options.database })
  app.decorateRequest('actor', null)

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  })
  if (options.rateLimit !== false) {
    await app.register(fastifyRateLimit, { max: 600, timeWindow: '1 minute' })
  }
  await app.register(fastifyFormbody, { bodyLimit: JSON_BODY_LIMIT })
  await app.register(fastifyCookie)
  const secret =
    options.sessionSecret ??
    (await getOrCreateSetting(db, 'session_secret', () => randomBytes(48).toString('hex')))
  const store = new DatabaseSessionStore(db, SESSION_MAX_AGE_MS)
  await app.register(fastifySession, {
    secret,
    cookieName: 'harbour_session',
    saveUninitialized: false,
    rolling: true,
    store,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_MAX_AGE_MS },
  })
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' })
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: templatePaths(),
    options: { onConfigure: configureNunjucks, autoescape: true },
  })

  await app.register(fastifyStatic, {
    root: [
      path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets'),
      path.join(root, 'node_modules/@ministryofjustice/frontend/moj/assets'),
    ],
    prefix: '/govuk/assets/',
    decorateReply: false,
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/govuk-frontend/dist/govuk'),
    prefix: '/govuk/',
    allowedPath: (p) => p === '/govuk-frontend.min.js',
    decorateReply: false,
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: path.join(root, 'dist-assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1h',
  })

  await app.register(apiRoutes, { prefix: '/api/v1' })
  await app.register(webRoutes)
  return app
}
