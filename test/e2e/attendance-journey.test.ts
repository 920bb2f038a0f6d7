import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { addDays, schoolYearOf, todayInLondon } from '../../src/domain/calendar/dates.js'
import { isSchoolDay } from '../../src/domain/calendar/school-calendar.js'
import { addContact } from '../../src/services/contacts.service.js'
import { loadCalendar, setCalendar } from '../../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../src/test-support/builders.js'
import { useEmptyHarbourInChromium } from './support/empty-harbour.js'
import { arrive } from './support/govuk-pages.js'
import { expectAccessible } from './support/harbour.js'
import { termsAllYear } from './support/school-terms.js'
import { signInAs, type TestUser } from './support/sign-in.js'

// A clock stopped when the run starts; the school's terms are around it, and the register is its last
// ten school days, so the unexplained absence is recent enough to be told to the social worker today.
const NOW = new Date()
const TODAY = todayInLondon(NOW)
const SCHOOL_YEAR = schoolYearOf(TODAY)
const SOCIAL_WORKER = 'sam.worker@journey-la.example'

describe('an attendance officer imports the register; the social worker hears of an unexplained absence (issue 5)', () => {
  const harbour = useEmptyHarbourInChromium({ now: NOW, smtp: true })
  let page: Page
  let officer: TestUser
  let schoolUrn: string
  let robin: { id: string; upn: string }
  let days: string[]
  let lines: string[]

  beforeAll(async () => {
    const { ctx } = harbour
    const school = await aSchool(ctx, { name: 'Harbour Journey School' })
    schoolUrn = school.urn
    // Terms that cover the whole school year, so that today's last ten school days are in one.
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, termsAllYear(SCHOOL_YEAR))
    const { calendar } = await loadCalendar(ctx.db, school.id)
    days = []
    for (let d = TODAY; days.length < 10; d = addDays(d, -1)) if (isSchoolDay(calendar, d)) days.unshift(d)

    robin = await aPupil(ctx, school, { givenName: 'Robin', familyName: 'Ashworth', yearGroup: 7 })
    await anEpisode(ctx, robin.id, aClaEpisode({ startDate: addDays(TODAY, -400), responsibleLaCode: '919' }))
    await addContact(ctx, SYSTEM_ACTOR, robin.id, {
      role: 'social_worker',
      name: 'Sam Worker',
      email: SOCIAL_WORKER,
    })
    const others = [
      await aPupil(ctx, school, { givenName: 'Cy' }),
      await aPupil(ctx, school, { givenName: 'Di' }),
    ]
    // Everyone present every session, but Robin's last morning: an unexplained absence (N).
    lines = ['upn,date,session,code']
    for (const pupil of [robin, ...others])
      for (const day of days)
        for (const session of ['AM', 'PM'])
          lines.push(
            `${pupil.upn},${day},${session},${pupil === robin && day === days.at(-1) && session === 'AM' ? 'N' : '/'}`,
          )
    officer = await aUser(ctx, 'attendance_officer', school, { name: 'Alex Officer' })
    page = await harbour.newPage()
  })

  async function uploadFile(content: string): Promise<void> {
    await page
      .locator('#file')
      .setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(content) })
    await page.getByRole('button', { name: 'Check the file' }).click()
  }

  it('signs in and opens the school’s attendance page from the menu', async () => {
    await signInAs(page, harbour, officer, NOW)
    await page.getByRole('link', { name: 'Attendance', exact: true }).click()
    await arrive(page, /\/attendance$/)
    await page.getByRole('button', { name: 'Import attendance marks' }).click()
    await arrive(page, /\/attendance\/import\?school=\d{6}$/)
  })

  it('uploads a file with one bad line, reads which line and why, and nothing is imported', async () => {
    // Line 5 of the file: Robin's second day, afternoon.
    const bad = [...lines]
    bad[4] = bad[4]!.replace(/,PM,\/$/, ',PM,ZZ')
    await uploadFile(bad.join('\r\n'))
    await arrive(page, /\/attendance\/import$/)
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('nothing was imported')
    const rows = page.locator('#problem-list tbody tr')
    expect(await rows.count()).toBe(1)
    expect((await rows.first().textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      '5 Unknown attendance code "ZZ"',
    )
  })

  it('uploads the corrected file, checks the counts and confirms', async () => {
    await uploadFile(lines.join('\r\n'))
    await arrive(page, /\/attendance\/import$/)
    expect(await page.getByRole('heading', { name: 'Check the import' }).isVisible()).toBe(true)
    const counts = await page.locator('#import-counts').textContent()
    expect(counts!.replace(/\s+/g, ' ')).toContain(`Lines with a mark ${lines.length - 1}`)
    await page.getByRole('button', { name: 'Import these marks' }).click()
    await arrive(page, new RegExp(`/attendance\\?school=${schoolUrn}$`))
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(
      `Imported ${lines.length - 1} marks from register.csv`,
    )
  })

  it('sees the looked-after child against all other pupils, and their chart', async () => {
    const cla = page.locator('#cohort-table tbody tr').first()
    // 19 of 20 sessions, against 40 of 40.
    expect((await cla.textContent())!.replace(/\s+/g, ' ').trim()).toBe(
      'Looked after (CLA) 1 95.0% 0.0% 0.0%',
    )
    expect(
      await page.getByRole('img', { name: /Attendance by half-term: Looked after \(CLA\)/ }).isVisible(),
    ).toBe(true)

    await page.goto(`${harbour.baseUrl}/pupils/${robin.id}`)
    await expectAccessible(page)
    await page.getByRole('link', { name: /^Attendance: figures by term and week/ }).click()
    await arrive(page, new RegExp(`/pupils/${robin.id}/attendance$`))
    const chart = page.getByRole('img', { name: /Robin Ashworth: attendance week by week/ })
    expect(await chart.isVisible()).toBe(true)
    // A bar for each week the table gives a percentage for (weeks before the first mark have none).
    expect(await page.locator('#weeks-chart rect[data-value]').count()).toBe(
      await page.locator('#weeks-table tbody tr:not([data-value=""])').count(),
    )
    const lastDay = page.locator('#register tbody tr').last()
    expect(await lastDay.textContent()).toContain('N Absent: reason not yet given')
  })

  it('the social worker’s email arrives at the SMTP server when the outbox job runs', async () => {
    await harbour.sendOutbox()
    const email = harbour.smtp.received.find((m) => m.to.includes(SOCIAL_WORKER))
    expect(email, 'an email to the social worker').toBeDefined()
    expect(email!.raw).toContain('Subject: Unexplained absence from Harbour Journey School')
    expect(email!.raw).toContain('Robin Ashworth')
  })
})
