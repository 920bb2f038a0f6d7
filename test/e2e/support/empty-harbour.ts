import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import nodemailer from 'nodemailer'
import type { Browser, Page } from 'playwright-core'
import { pino } from 'pino'
import { afterAll, beforeAll } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { sendOutboxOnce } from '../../../src/jobs/outbox.js'
import type { ServiceContext } from '../../../src/services/context.js'
import { startSmtpServer } from '../../../src/test-support/smtp-peer.js'
import { openTestDatabase, type TestDatabase } from '../../../src/test-support/test-db.js'
import { launchBrowser } from './harbour.js'

type SmtpPeer = Awaited<ReturnType<typeof startSmtpServer>>

export type EmptyHarbour = {
  readonly baseUrl: string
  readonly app: FastifyInstance
  /** The services' context, on Harbour's clock: what the journey adds before it starts goes through it. */
  readonly ctx: ServiceContext
  readonly browser: Browser
  /** A page in a browser context of its own (its own cookies): one for each person in the journey. */
  newPage(): Promise<Page>
  /** The SMTP peer the outbox sends to (with `smtp: true`). */
  readonly smtp: SmtpPeer
  /** Runs the outbox job once, sending to the SMTP peer. */
  sendOutbox(): Promise<void>
}

/**
 * Before the tests of a `describe`: Harbour on an empty database (no demo school) on a local port, its clock
 * stopped at `now` when given, with Chromium and, with `smtp`, a real SMTP peer; all stopped after them. The
 * journey adds its own school, people and pupils through `ctx` in a `beforeAll` of its own.
 */
export function useEmptyHarbourInChromium(options: { now?: Date; smtp?: boolean } = {}): EmptyHarbour {
  let database: TestDatabase | undefined
  let app: FastifyInstance | undefined
  let browser: Browser | undefined
  let smtp: SmtpPeer | undefined
  let baseUrl = ''
  beforeAll(async () => {
    if (options.smtp) smtp = await startSmtpServer()
    database = await openTestDatabase()
    const { now } = options
    app = await buildApp({ database, rateLimit: false, ...(now ? { now: () => now } : {}) })
    await app.listen({ port: 0, host: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
    await smtp?.close()
  })
  return {
    get baseUrl() {
      return baseUrl
    },
    get app() {
      return app!
    },
    get ctx() {
      return app!.harbour.ctx
    },
    get browser() {
      return browser!
    },
    newPage: async () => (await browser!.newContext()).newPage(),
    get smtp() {
      return smtp!
    },
    async sendOutbox() {
      const transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${smtp!.port}`, ignoreTLS: true })
      try {
        // The emails wait until the database's now(); the sender's clock is a minute past it.
        const later = { db: app!.harbour.ctx.db, now: () => new Date(Date.now() + 60_000) }
        await sendOutboxOnce(later, transport, pino({ level: 'silent' }), { from: 'harbour@school.example' })
      } finally {
        transport.close()
      }
    },
  }
}
