import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
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
import type { TrustProxy } from './config.js'
import { DEFAULT_SECURITY, type SecurityPolicy } from './domain/access/security-policy.js'
import { strictTransportSecurity } from './web/middleware/https.js'
import { enterRowScope, reenterRowScope } from './web/middleware/row-scope.js'
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
  /** Fastify's `trustProxy` (config.ts TRUST_PROXY): whom to believe about X-Forwarded-Proto and -For. */
  trustProxy?: TrustProxy
  /** Lockout and session lifetimes (config.ts LOCKOUT_*, SESSION_*); the defaults when not given. */
  security?: SecurityPolicy
  /** Told of every route as it is added, before the app is ready (the authorization matrix test). */
  onRoute?: (route: RouteOptions) => void
}

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const JSON_BODY_LIMIT = 1024 * 1024

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === undefined || options.logger === false
        ? false
        : {
            ...(typeof options.logger === 'object' ? options.logger : {}),
            // Never a pupil's name in the logs: a search puts one in the query string.
            // Nor a password reset link's secret, which is in its path.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: req.url.split('?')[0]!.replace(/^\/reset-password\/[^/]+/, '/reset-password/…'),
                id: req.id,
              }),
            },
          },
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    trustProxy: options.trustProxy ?? false,
  })
  const { db } = options.database
  const security = options.security ?? DEFAULT_SECURITY
  const ctx: ServiceContext = { db, now: options.now ?? (() => new Date()), security }
  const demo = (await getSetting<boolean>(db, 'demo')) === true
  app.decorate('harbour', { ctx, demo, database: options.database })
  // Before any plugin adds a route, so that every route, however nested, is reported.
  const { onRoute } = options
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route))
  app.decorateRequest('actor', null)
  // First of all hooks: the database's row-level security sees the request's actor (DESIGN.md
  // "Access control and audit", defence in depth).
  app.addHook('onRequest', enterRowScope)
  app.addHook('preValidation', reenterRowScope)

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
    hsts: false, // strictTransportSecurity below: only on HTTPS
  })
  app.addHook('onRequest', strictTransportSecurity)
  if (options.rateLimit !== false) {
    await app.register(fastifyRateLimit, { max: 600, timeWindow: '1 minute' })
  }
  await app.register(fastifyFormbody, { bodyLimit: JSON_BODY_LIMIT })
  await app.register(fastifyCookie)
  const secret =
    options.sessionSecret ??
    (await getOrCreateSetting(db, 'session_secret', () => randomBytes(48).toString('hex')))
  // A session lives at most its absolute lifetime; loadActor ends it sooner when idle (issue 3 item 2).
  const sessionMaxAgeMs = security.session.absoluteHours * 3_600_000
  const store = new DatabaseSessionStore(db, sessionMaxAgeMs, ctx.now)
  await app.register(fastifySession, {
    secret,
    cookieName: 'harbour_session',
    saveUninitialized: false,
    // Not rolling: a session is written only when it changes, and loadActor changes it at most once a
    // minute (its last-seen time), which also renews the cookie. Rolling would write on every request.
    rolling: false,
    store,
    // `secure: 'auto'`: Secure whenever the request came over HTTPS (directly, or through a trusted proxy).
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: sessionMaxAgeMs },
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
