import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { localAuthorities } from '../../src/data/schema/index.js'
import { addDays, formatDate, schoolYearOf, todayInLondon } from '../../src/domain/calendar/dates.js'
import { addSchoolDays, isSchoolDay } from '../../src/domain/calendar/school-calendar.js'
import { addContact } from '../../src/services/contacts.service.js'
import { loadCalendar, setCalendar } from '../../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../src/test-support/builders.js'
import { useEmptyHarbourInChromium } from './support/empty-harbour.js'
import { arrive, fillDate, flash } from './support/govuk-pages.js'
import { expectAccessible } from './support/harbour.js'
import { termsAllYear } from './support/school-terms.js'
import { signInAs, type TestUser } from './support/sign-in.js'

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

/** A letter on the suspension's page, by the heading of its card. */
const letterTo = (page: Page, to: string) =>
  page.locator('.harbour-letter').filter({
    has: page.getByRole('heading', { name: `Notice of the suspension: to ${to}`, exact: true }),
  })

describe('a looked after child at risk of suspension, then suspended for 3 days (issue 6, "Done when")', () => {
  const harbour = useEmptyHarbourInChromium({ now: NOW, smtp: true })
  let dsl: Page
  let head: Page
  let pupilId: string
  let start: string
  let lastDay: string
  let people: { dsl: TestUser; head: TestUser }

  beforeAll(async () => {
    const { ctx } = harbour
    const school = await aSchool(ctx, { name: 'Harbour Journey School' })
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, termsAllYear(SCHOOL_YEAR))
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
    people = {
      dsl: await aUser(before, 'dsl', school, { name: 'Dee Safeguarding' }),
      head: await aUser(before, 'headteacher', school, { name: 'Hana Head' }),
    }
    dsl = await harbour.newPage()
    head = await harbour.newPage()
  })

  /** From the pupil's record to their behaviour and suspensions tab. */
  async function openTab(page: Page): Promise<void> {
    await page.goto(`${harbour.baseUrl}/pupils/${pupilId}`)
    await expectAccessible(page)
    await page.getByRole('link', { name: /^Behaviour and suspensions:/ }).click()
    await arrive(page, new RegExp(`/pupils/${pupilId}/suspensions$`))
  }

  it('the designated safeguarding lead marks Robin at risk, with the Virtual School’s advice and two alternatives', async () => {
    await signInAs(dsl, harbour, people.dsl, NOW)
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
    await signInAs(head, harbour, people.head, NOW)
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
    await harbour.sendOutbox()
    const toSocialWorker = harbour.smtp.received.find((m) => m.to.includes(SOCIAL_WORKER))
    expect(toSocialWorker, 'an email to the social worker').toBeDefined()
    expect(toSocialWorker!.raw).toContain('Subject: Notice of suspension: Robin Ashworth, Harbour Journey')
    expect(toSocialWorker!.raw).toContain('social worker')
    const toVirtualSchool = harbour.smtp.received.find((m) => m.to.includes(VIRTUAL_SCHOOL))
    expect(toVirtualSchool, 'an email to the Virtual School Head').toBeDefined()
    expect(toVirtualSchool!.raw).toContain('Robin Ashworth')
    expect(harbour.smtp.received.some((m) => m.to.includes(CARER))).toBe(true)

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
    await head.goto(`${harbour.baseUrl}${suspensionPath}`)
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
      await head.goto(`${harbour.baseUrl}${path}`)
      expect(new URL(head.url()).pathname, path).toBe(path)
      await expectAccessible(head)
    }
    await dsl.goto(`${harbour.baseUrl}${base}`)
    await dsl.locator('#change-at-risk').click()
    await arrive(dsl, /\/at-risk\/[0-9a-f-]{36}\/edit$/)
    await dsl.goto(`${harbour.baseUrl}${base}`)
    await dsl.locator('#close-at-risk').click()
    await arrive(dsl, /\/at-risk\/[0-9a-f-]{36}\/close$/)
  })
})
