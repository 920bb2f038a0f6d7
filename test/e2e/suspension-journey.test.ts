import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import nodemailer from 'nodemailer'
import type { Browser, Page } from 'playwright-core'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { localAuthorities } from '../../src/data/schema/index.js'
import { addDays, formatDate, schoolYearOf, todayInLondon } from '../../src/domain/calendar/dates.js'
import { addSchoolDays, isSchoolDay } from '../../src/domain/calendar/school-calendar.js'
import { sendOutboxOnce } from '../../src/jobs/outbox.js'
import { addContact } from '../../src/services/contacts.service.js'
import { loadCalendar, setCalendar } from '../../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../../src/services/users.service.js'
import {
  aClaEpisode,
  anEpisode,
  aPupil,
  aSchool,
  aUser,
  TEST_PASSWORD,
  totpCode,
} from '../../src/test-support/builders.js'
import { startSmtpServer } from '../../src/test-support/smtp-peer.js'
import { openTestDatabase, type TestDatabase } from '../../src/test-support/test-db.js'
import { expectAccessible, launchChromium } from './support/harbour.js'

// A clock stopped when the run starts; the school's terms cover the whole school year around it, so the
// suspension starts on the next school day and the Virtual School was consulted today, before it.
const NOW = new Date()
const TODAY = todayInLondon(NOW)
const SCHOOL_YEAR = schoolYearOf(TODAY)
const SOCIAL_WORKER = 'sam.worker@journey-la.example'
const VIRTUAL_SCHOOL = 'virtual.school@journey-la.example'
const CARER = 'pat.carer@home.example'
const CLERK = 'The clerk to the governors, Harbour Journey School, 1 High Street, Hertford SG14 1AA'
const ADVICE = 'Try a key adult at lunchtimes first; if suspending, keep it short and plan the return.'

async function arrive(page: Page, url: RegExp): Promise<void> {
  await page.waitForURL(url)
  await expectAccessible(page)
}

async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-').map(Number)
  await page.locator(`#${name}-day`).fill(String(day))
  await page.locator(`#${name}-month`).fill(String(month))
  await page.locator(`#${name}-year`).fill(String(year))
}

const flash = (page: Page) => page.locator('.govuk-notification-banner--success')

/** A letter on the suspension's page, by the heading of its card. */
const letterTo = (page: Page, to: string) =>
  page.locator('.harbour-letter').filter({
    has: page.getByRole('heading', { name: `Notice of the suspension: to ${to}`, exact: true }),
  })

describe('a looked after child at risk of suspension, then suspended for 3 days (issue 6, "Done when")', () => {
  let database: TestDatabase
  let app: FastifyInstance
  let baseUrl: string
  let browser: Browser
  let dsl: Page
  let head: Page
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>
  let pupilId: string
  let start: string
  let lastDay: string
  let people: { dsl: { email: string; secret: string }; head: { email: string; secret: string } }

  beforeAll(async () => {
    smtp = await startSmtpServer()
    database = await openTestDatabase()
    app = await buildApp({ database, rateLimit: false, now: () => NOW })
    const ctx = app.harbour.ctx
    const school = await aSchool(ctx, { name: 'Harbour Journey School' })
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, {
      terms: [
        { name: 'autumn', start: `${SCHOOL_YEAR}-08-01`, end: `${SCHOOL_YEAR}-12-20` },
        { name: 'spring', start: `${SCHOOL_YEAR + 1}-01-02`, end: `${SCHOOL_YEAR + 1}-03-31` },
        { name: 'summer', start: `${SCHOOL_YEAR + 1}-04-01`, end: `${SCHOOL_YEAR + 1}-07-31` },
      ],
      closures: [],
    })
    const { calendar } = await loadCalendar(ctx.db, school.id)
    start = addDays(TODAY, 1)
    while (!isSchoolDay(calendar, start)) start = addDays(start, 1)
    lastDay = addSchoolDays(calendar, start, 2)!
    await ctx.db
      .update(localAuthorities)
      .set({ virtualSchoolEmail: VIRTUAL_SCHOOL })
      .where(eq(localAuthorities.code, '919'))
    const pupil = await aPupil(ctx, school, { givenName: 'Robin', familyName: 'Ashworth', yearGroup: 8 })
    pupilId = pupil.id
    await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: addDays(TODAY, -400), responsibleLaCode: '919' }))
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
      email: SOCIAL_WORKER,
    })
    await addContact(ctx, SYSTEM_ACTOR, pupil.id, { role: 'carer', name: 'Pat Carer', email: CARER })
    // Both set two-factor sign-in up a minute before the journey: the code used then is not the one they sign in with.
    const before = { ...ctx, now: () => new Date(NOW.getTime() - 60_000) }
    const lead = await aUser(before, 'dsl', school, { name: 'Dee Safeguarding' })
    const headteacher = await aUser(before, 'headteacher', school, { name: 'Hana Head' })
    people = {
      dsl: { email: lead.user.email, secret: lead.totpSecret! },
      head: { email: headteacher.user.email, secret: headteacher.totpSecret! },
    }
    await app.listen({ port: 0, host: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    ;({ browser, page: dsl } = await launchChromium())
    head = await (await browser.newContext()).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
    await smtp?.close()
  })

  /** Signs in through the real forms, with the authenticator app's code as the second step. */
  async function signIn(page: Page, who: { email: string; secret: string }): Promise<void> {
    await page.goto(`${baseUrl}/sign-in`)
    await expectAccessible(page)
    await page.getByLabel('Email address').fill(who.email)
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await arrive(page, /\/sign-in\/two-factor$/)
    await page.getByLabel('6-digit code').fill(await totpCode(who.secret, NOW))
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
    await expectAccessible(page)
  }

  /** From the pupil's record to their behaviour and suspensions tab. */
  async function openTab(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/pupils/${pupilId}`)
    await expectAccessible(page)
    await page.getByRole('link', { name: /^Behaviour and suspensions:/ }).click()
    await arrive(page, new RegExp(`/pupils/${pupilId}/suspensions$`))
  }

  it('the designated safeguarding lead marks Robin at risk, with the Virtual School’s advice and two alternatives', async () => {
    await signIn(dsl, people.dsl)
    await openTab(dsl)
    await dsl.locator('#mark-at-risk').click()
    await arrive(dsl, new RegExp(`/pupils/${pupilId}/suspensions/at-risk/new$`))
    // A looked after child: the interim PEP review is prompted on the form.
    expect(await dsl.locator('#interim-pep-prompt').textContent()).toContain('Consider an interim review')
    await dsl
      .getByLabel('What is the concern?')
      .fill('Three incidents of leaving lessons this week, one with damage')
    await fillDate(dsl, 'vsConsultation-date', TODAY)
    await dsl.getByLabel('Who did you speak to?').fill('Jo Adviser, Hertfordshire Virtual School')
    await dsl.getByLabel('What did they advise?').fill(ADVICE)
    await dsl.getByLabel('Supported playtimes').check()
    await dsl.getByLabel('Advice from the SENCO or mental health lead').check()
    await dsl.locator('#save-at-risk').click()
    await arrive(dsl, new RegExp(`/pupils/${pupilId}/suspensions#at-risk$`))
    await expect.poll(() => flash(dsl).textContent()).toContain('Marked at risk of suspension')
    const record = await dsl.locator('#at-risk-record').textContent()
    expect(record).toContain(ADVICE)
    expect(record).toContain('Supported playtimes')
    expect(record).toContain('Advice from the SENCO or mental health lead')
    expect(await dsl.locator('#at-risk-prompts').textContent()).toContain(
      'Consider an interim review of the pupil’s personal education plan (PEP)',
    )
  })

  it('the headteacher says where parents send representations', async () => {
    await signIn(head, people.head)
    await head.getByRole('link', { name: 'Suspensions', exact: true }).click()
    await arrive(head, /\/suspensions$/)
    await head.getByRole('link', { name: 'Settings for the letters and the risk assessment' }).click()
    await arrive(head, /\/schools\/\d{6}\/suspension-settings$/)
    await head.getByLabel('Where do parents send representations to the governing board?').fill(CLERK)
    await head.locator('#save-settings').click()
    await arrive(head, /\/suspension-settings$/)
    await expect.poll(() => flash(head).textContent()).toContain('Suspension settings saved')
  })

  it('the headteacher records a 3-day suspension: the form, a reason missed, then "Check your answers"', async () => {
    await openTab(head)
    await head.locator('#record-suspension').click()
    await arrive(head, new RegExp(`/pupils/${pupilId}/suspensions/new$`))
    // The Virtual School's advice comes from the at-risk record.
    expect(await head.locator('#vsConsultation-advice').inputValue()).toBe(ADVICE)
    await fillDate(head, 'startDate', start)
    await head.getByLabel('A suspension for a number of school days').check()
    await head.getByLabel('How many school days?').fill('3')
    await head.locator('#continue').click()
    await arrive(head, new RegExp(`/pupils/${pupilId}/suspensions/new$`))
    expect(await head.locator('.govuk-error-summary').textContent()).toContain('Choose at least one reason')
    await head.getByLabel('Persistent or general disruptive behaviour').check()
    await head.locator('#continue').click()
    await arrive(head, new RegExp(`/pupils/${pupilId}/suspensions/new/check$`))
    expect(await head.locator('#answers').textContent()).toContain('Suspension for 3 school days')
    expect(await head.locator('#year-total').textContent()).toContain('42 of the 45 allowed are left')
    const duties = (await head.locator('#duties-preview').textContent())!.replace(/\s+/g, ' ')
    expect(duties).toContain(`Tell the Virtual School Head ${formatDate(start)}`)
    expect(duties).toContain(`Tell the pupil’s social worker ${formatDate(start)}`)
  })

  it('records it: the parent letter as drafted, and who was sent what', async () => {
    await head.locator('#record').click()
    await arrive(head, new RegExp(`/pupils/${pupilId}/suspensions/[0-9a-f-]{36}$`))
    await expect.poll(() => flash(head).textContent()).toContain('Suspension recorded')
    const parents = head.locator('.harbour-letter', {
      hasText: 'Notice of the suspension: to Parents or carers',
    })
    const letter = (await parents.locator('.harbour-letter__body').textContent())!
    expect(letter).toContain('Dear Pat Carer,')
    expect(letter).toContain(
      `I have decided to suspend Robin Ashworth from Harbour Journey School for 3 school days, from ${formatDate(start)} to ${formatDate(lastDay)}.`,
    )
    expect(letter).toContain('Persistent or general disruptive behaviour')
    expect(letter).toContain(CLERK)
    expect(letter).toContain('Hana Head\nHeadteacher, Harbour Journey School')
    for (const [to, address] of [
      ['Parents or carers', CARER],
      ['Social worker', SOCIAL_WORKER],
      ['Virtual School Head', VIRTUAL_SCHOOL],
    ]) {
      const card = letterTo(head, to!)
      const text = (await card.textContent())!.replace(/\s+/g, ' ')
      expect(text, to).toContain(address)
      expect(text, to).toContain('Waiting to be sent')
    }
  })

  it('the emails to the social worker and the Virtual School Head arrive at the SMTP server when the outbox job runs', async () => {
    const transport = nodemailer.createTransport({ url: `smtp://127.0.0.1:${smtp.port}`, ignoreTLS: true })
    try {
      // The emails wait until the database's now(); the sender's clock is a minute past it.
      const later = { db: app.harbour.ctx.db, now: () => new Date(Date.now() + 60_000) }
      await sendOutboxOnce(later, transport, pino({ level: 'silent' }), { from: 'harbour@school.example' })
    } finally {
      transport.close()
    }
    const toSocialWorker = smtp.received.find((m) => m.to.includes(SOCIAL_WORKER))
    expect(toSocialWorker, 'an email to the social worker').toBeDefined()
    expect(toSocialWorker!.raw).toContain('Subject: Notice of suspension: Robin Ashworth, Harbour Journey')
    expect(toSocialWorker!.raw).toContain('social worker')
    const toVirtualSchool = smtp.received.find((m) => m.to.includes(VIRTUAL_SCHOOL))
    expect(toVirtualSchool, 'an email to the Virtual School Head').toBeDefined()
    expect(toVirtualSchool!.raw).toContain('Robin Ashworth')
    expect(smtp.received.some((m) => m.to.includes(CARER))).toBe(true)

    // The page says so, and the tab counts the days.
    await head.reload()
    await expectAccessible(head)
    const card = letterTo(head, 'Social worker')
    expect((await card.textContent())!.replace(/\s+/g, ' ')).toContain('Sent')
    await openTab(head)
    expect((await head.locator('#days-summary').textContent())!.replace(/\s+/g, ' ')).toContain(
      '3 of 45 school days',
    )
  })

  it('every other page about Robin’s suspensions is accessible too', async () => {
    const suspensionPath = await (async () => {
      await openTab(head)
      const href = await head.getByRole('link', { name: /^Open the suspension/ }).getAttribute('href')
      return href!
    })()
    await head.goto(`${baseUrl}${suspensionPath}`)
    const done = await head
      .getByRole('link', { name: /^Mark done/ })
      .first()
      .getAttribute('href')
    const base = `/pupils/${pupilId}/suspensions`
    for (const path of [
      `${suspensionPath}/cancel`,
      `${suspensionPath}/board-decision`,
      done!,
      `${base}/at-risk/new`,
      `${base}/risk-assessments/new`,
      `${base}/off-site-directions/new`,
      `${base}/managed-moves/new`,
    ]) {
      await head.goto(`${baseUrl}${path}`)
      expect(new URL(head.url()).pathname, path).toBe(path)
      await expectAccessible(head)
    }
    await dsl.goto(`${baseUrl}${base}`)
    await dsl.locator('#change-at-risk').click()
    await arrive(dsl, /\/at-risk\/[0-9a-f-]{36}\/edit$/)
    await dsl.goto(`${baseUrl}${base}`)
    await dsl.locator('#close-at-risk').click()
    await arrive(dsl, /\/at-risk\/[0-9a-f-]{36}\/close$/)
  })
})
