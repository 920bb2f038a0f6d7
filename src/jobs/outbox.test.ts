import { eq } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { pino } from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { loadConfig } from '../config.js'
import { withAdvisoryLock } from '../data/repositories/advisory-lock.js'
import { findEmail, OUTBOX_SENDER_LOCK } from '../data/repositories/outbox.repository.js'
import { outbox } from '../data/schema/index.js'
import type { ServiceContext } from '../services/context.js'
import { RuleBrokenError } from '../services/errors.js'
import {
  enqueueEmail,
  MAX_SEND_ATTEMPTS,
  sendPendingEmails,
  type MailTransport,
  type OutboxEmail,
} from '../services/outbox.service.js'
import { FIXED_NOW, fixedContext } from '../test-support/service-context.js'
import { startSmtpServer } from '../test-support/smtp-peer.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { sendOutboxOnce, type JobLog } from './outbox.js'
import { startJobs } from './scheduler.js'

let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

// Each test starts with no email waiting, so one test's leftovers are never sent by the next.
beforeEach(async () => {
  await database.db.update(outbox).set({ status: 'failed' }).where(eq(outbox.status, 'pending'))
})

const anEmail = (n: number, over: Partial<OutboxEmail> = {}): OutboxEmail => ({
  to: `teacher${n}@school.example`,
  subject: `Alex now has a social worker (${n})`,
  body: `Please read the new status on Alex's record. Reference ${n}.`,
  notBefore: FIXED_NOW,
  ...over,
})

const enqueue = (email: OutboxEmail) => database.db.transaction((tx) => enqueueEmail(tx, email))

const at = (minutesAfterNow: number): ServiceContext => ({
  db: database.db,
  now: () => new Date(FIXED_NOW.getTime() + minutesAfterNow * 60_000),
})

const failingTransport = (code = 'ECONNECTION'): MailTransport => ({
  sendMail: () => Promise.reject(Object.assign(new Error('Connection closed unexpectedly'), { code })),
})

function captureLog(): JobLog & { lines: string[] } {
  const lines: string[] = []
  const write = (...args: unknown[]) => void lines.push(JSON.stringify(args))
  return { lines, info: write, warn: write, error: write }
}

describe('enqueueEmail', () => {
  it('queues an email only when the transaction that queued it commits', async () => {
    const { id } = await enqueue(anEmail(1))
    expect(await findEmail(database.db, id)).toMatchObject({ status: 'pending', attempts: 0 })

    let rolledBack = ''
    await expect(
      database.db.transaction(async (tx) => {
        rolledBack = (await enqueueEmail(tx, anEmail(2))).id
        throw new Error('the work failed')
      }),
    ).rejects.toThrow('the work failed')
    expect(await findEmail(database.db, rolledBack)).toBeUndefined()
  })

  it('refuses an address that is not an email address', async () => {
    await expect(enqueue(anEmail(3, { to: 'not an address' }))).rejects.toBeInstanceOf(RuleBrokenError)
  })
})

describe('sendPendingEmails through a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>
  let transport: ReturnType<typeof nodemailer.createTransport>

  beforeAll(async () => {
    smtp = await startSmtpServer()
    transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${smtp.port}`, ignoreTLS: true })
  })
  afterAll(() => transport.close())

  it('sends every due email and marks it sent', async () => {
    const first = await enqueue(anEmail(10))
    const second = await enqueue(anEmail(11, { to: 'mentor@school.example' }))

    const summary = await sendPendingEmails(ctx, transport, {
      batch: 10,
      from: 'Harbour <harbour@school.example>',
    })

    expect(summary).toEqual({ claimed: 2, sent: 2, failures: [] })
    expect(smtp.received.map((m) => m.to)).toEqual([['teacher10@school.example'], ['mentor@school.example']])
    expect(smtp.received.every((m) => m.from === 'harbour@school.example')).toBe(true)
    expect(smtp.received[0]!.raw).toContain('Subject: Alex now has a social worker (10)')
    expect(smtp.received[0]!.raw).toContain("Please read the new status on Alex's record. Reference 10.")
    expect(smtp.received[1]!.raw).toContain('Reference 11.')
    for (const { id } of [first, second])
      expect(await findEmail(database.db, id)).toMatchObject({
        status: 'sent',
        sentAt: FIXED_NOW,
        attempts: 0,
      })

    expect((await sendPendingEmails(ctx, transport)).claimed).toBe(0)
    expect(smtp.received).toHaveLength(2)
  })

  it('keeps the email pending and backs off when the SMTP server is down', async () => {
    await smtp.close()
    const { id } = await enqueue(anEmail(20))

    const summary = await sendPendingEmails(ctx, transport)

    expect(summary).toMatchObject({
      claimed: 1,
      sent: 0,
      failures: [{ outboxId: id, attempts: 1, gaveUp: false }],
    })
    const row = await findEmail(database.db, id)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null })
    expect(row!.lastError).toBeTruthy()
    expect(row!.nextAttemptAt).toEqual(new Date(FIXED_NOW.getTime() + 2 * 60_000))
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(FIXED_NOW.getTime())

    // Not due again until the back-off has passed; then the next failure waits 4 minutes.
    expect((await sendPendingEmails(at(1), transport)).claimed).toBe(0)
    await sendPendingEmails(at(2), transport)
    expect(await findEmail(database.db, id)).toMatchObject({
      attempts: 2,
      nextAttemptAt: new Date(FIXED_NOW.getTime() + 6 * 60_000),
    })
  })
})

describe('sendPendingEmails: retries and claims', () => {
  it(`marks an email failed after ${MAX_SEND_ATTEMPTS} attempts and stops trying`, async () => {
    const { id } = await enqueue(anEmail(30))
    await database.db
      .update(outbox)
      .set({ attempts: MAX_SEND_ATTEMPTS - 1 })
      .where(eq(outbox.id, id))

    const summary = await sendPendingEmails(ctx, failingTransport())

    expect(summary.failures).toEqual([
      { outboxId: id, attempts: MAX_SEND_ATTEMPTS, gaveUp: true, code: 'ECONNECTION', responseCode: null },
    ])
    expect(await findEmail(database.db, id)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS })
    expect((await sendPendingEmails(at(60 * 24 * 7), failingTransport())).claimed).toBe(0)
  })

  it('does not send an email before its time', async () => {
    const { id } = await enqueue(anEmail(40, { notBefore: new Date(FIXED_NOW.getTime() + 60_000) }))
    const sent: string[] = []
    const transport: MailTransport = { sendMail: async (m) => void sent.push(m.to as string) }
    expect((await sendPendingEmails(ctx, transport)).claimed).toBe(0)
    expect((await sendPendingEmails(at(1), transport)).sent).toBe(1)
    expect(sent).toEqual(['teacher40@school.example'])
    expect(await findEmail(database.db, id)).toMatchObject({ status: 'sent' })
  })

  it('sends no email twice when two senders run at once', async () => {
    for (let n = 50; n < 56; n++) await enqueue(anEmail(n))
    const sent: string[] = []
    const slowTransport: MailTransport = {
      sendMail: async (m) => {
        await new Promise((resolve) => setTimeout(resolve, 10))
        sent.push(m.to as string)
      },
    }
    const runs = await Promise.all([
      sendPendingEmails(ctx, slowTransport, { batch: 4 }),
      sendPendingEmails(ctx, slowTransport, { batch: 4 }),
    ])
    const more = await sendPendingEmails(ctx, slowTransport, { batch: 4 })
    expect(runs[0].sent + runs[1].sent + more.sent).toBe(6)
    expect(sent.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `teacher${50 + i}@school.example`).sort())
  })
})

describe('the outbox job', () => {
  it('logs ids and counts but never the address, subject or body of an email', async () => {
    const email = anEmail(60)
    await enqueue(email)
    const log = captureLog()
    const summary = await sendOutboxOnce(ctx, failingTransport(), log)
    expect(summary?.failures).toHaveLength(1)
    expect(log.lines.length).toBeGreaterThan(0)
    const logged = log.lines.join('\n')
    expect(logged).toContain(summary!.failures[0]!.outboxId)
    for (const secret of [email.body, email.subject, email.to]) expect(logged).not.toContain(secret)
  })

  it('sends from one instance at a time: a server skips a second sender, the embedded database nests', async () => {
    await enqueue(anEmail(70))
    const transport: MailTransport = { sendMail: async () => undefined }
    const inner = await withAdvisoryLock(database.db, OUTBOX_SENDER_LOCK, () =>
      sendOutboxOnce(ctx, transport, captureLog()),
    )
    if (inject('testDbMode') === 'postgres') {
      // Another connection holds the lock, so this run sends nothing; the next one sends it.
      expect(inner).toEqual({ acquired: true, value: null })
      expect((await sendOutboxOnce(ctx, transport, captureLog()))?.sent).toBe(1)
    } else {
      // PGlite has one session in one process: the lock is re-entrant and the send goes ahead.
      expect(inner.acquired && inner.value?.sent).toBe(1)
    }
  })

  it('is started by startJobs when SMTP_URL is set, sends on its interval, and stops', async () => {
    const smtp = await startSmtpServer()
    const jobs = startJobs(
      ctx,
      loadConfig({
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        MAIL_FROM: 'Harbour <harbour@school.example>',
      }),
      pino({ level: 'silent' }),
      { outboxIntervalMs: 20 },
    )
    try {
      const { id } = await enqueue(anEmail(80))
      await expect
        .poll(async () => (await findEmail(database.db, id))?.status, { timeout: 5000 })
        .toBe('sent')
      expect(smtp.received.map((m) => [m.from, m.to])).toEqual([
        ['harbour@school.example', ['teacher80@school.example']],
      ])
    } finally {
      await jobs.stop()
      await smtp.close()
    }
    const { id } = await enqueue(anEmail(81))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await findEmail(database.db, id)).toMatchObject({ status: 'pending', attempts: 0 })
  })

  it('sends nothing when SMTP_URL is not set', async () => {
    const jobs = startJobs(ctx, loadConfig({}), pino({ level: 'silent' }), { outboxIntervalMs: 20 })
    const { id } = await enqueue(anEmail(90))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await jobs.stop()
    expect(await findEmail(database.db, id)).toMatchObject({ status: 'pending', attempts: 0 })
  })
})
