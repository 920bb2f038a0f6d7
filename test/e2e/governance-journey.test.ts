import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { addMonths, formatDate, schoolYearOf, todayInLondon } from '../../src/domain/calendar/dates.js'
import { appointToRole } from '../../src/services/governance.service.js'
import { setCalendar } from '../../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../src/test-support/builders.js'
import { pdfText, pdftotextPath } from '../../src/test-support/pdf-text.js'
import { useEmptyHarbourInChromium } from './support/empty-harbour.js'
import { arrive, escapeRegExp, fillDate, flash, summaryValue } from './support/govuk-pages.js'
import { usualTerms } from './support/school-terms.js'
import { signInAs, type TestUser } from './support/sign-in.js'

// A clock stopped when the run starts, as in pep-journey.test.ts: the pages and the test agree on
// "today", and the training and the appointment are dated today, in the current school year.
const NOW = new Date()
const TODAY = todayInLondon(NOW)
const SCHOOL_YEAR = schoolYearOf(TODAY)
const YEAR_LABEL = `${SCHOOL_YEAR} to ${SCHOOL_YEAR + 1}`

const COURSE = 'Designated teacher network: attachment and trauma'
const NARRATIVE = 'Our looked-after children settled well this year; attendance held up through the winter.'
const PRIORITIES = 'Train every new member of staff in attachment-aware practice by half-term.'
const PUPIL_NAMES = ['Robin Ashworth', 'Sasha Brightwater', 'Toby Carrow', 'Uma Dunmore']

const menuLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true })

/** The number in the report's "Children in each group" table for a group. */
const countOf = async (page: Page, group: string) =>
  (
    await page
      .getByRole('table', { name: `Children in each group, ${YEAR_LABEL}` })
      .locator('tbody tr')
      .filter({ has: page.locator('th', { hasText: new RegExp(`^\\s*${escapeRegExp(group)}\\s*$`) }) })
      .locator('td')
      .textContent()
  )?.trim()

describe('governance: the designated teacher records training and roles and shares the report; a governor reads it (issue 7)', () => {
  const harbour = useEmptyHarbourInChromium({ now: NOW })
  let dt: Page
  let governorPage: Page
  let urn: string
  let people: { dt: TestUser; governor: TestUser }

  beforeAll(async () => {
    const { ctx } = harbour
    const school = await aSchool(ctx, { name: 'Harbour Test Academy' })
    urn = school.urn
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, usualTerms(SCHOOL_YEAR))
    // Four on roll, three of them looked after: three is at the threshold, so it is shown (PD-11).
    for (const [i, name] of PUPIL_NAMES.entries()) {
      const [givenName, familyName] = name.split(' ') as [string, string]
      const pupil = await aPupil(ctx, school, { givenName, familyName, yearGroup: 7 })
      if (i < 3) await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: addMonths(TODAY, -14) }))
    }
    // The DT set two-factor sign-in up a minute before the journey: the code used then is not the one they sign in with.
    const before = { ...ctx, now: () => new Date(NOW.getTime() - 60_000) }
    const teacher = await aUser(before, 'designated_teacher', school, { name: 'Dana Teacher' })
    const governor = await aUser(ctx, 'governor', school, { name: 'Gill Governor' })
    // The DT is already in the register, so the training form offers them among the role holders.
    await appointToRole(ctx, teacher.actor, school.urn, {
      role: 'designated_teacher',
      personName: 'Dana Teacher',
      userId: teacher.user.id,
      startDate: `${SCHOOL_YEAR}-09-01`,
      hasQts: true,
      inductionCompleted: true,
      onLeadershipTeam: true,
    })
    people = { dt: teacher, governor }
    dt = await harbour.newPage()
    governorPage = await harbour.newPage()
  })

  it('the designated teacher signs in with a code and records a training session from “Roles and training”', async () => {
    await signInAs(dt, harbour, people.dt, NOW)

    // The menu's /governance leads to the school's own register of roles.
    await menuLink(dt, 'Roles and training').click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/roles$`))
    await dt
      .getByRole('navigation', { name: 'Roles and training' })
      .getByRole('link', { name: 'Training' })
      .click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/training\\?schoolYear=${SCHOOL_YEAR}$`))
    const dtRequirement = dt.locator('#compliance tbody tr', { hasText: 'Dana Teacher' })
    expect(await dtRequirement.textContent()).toContain('(none recorded yet)')
    expect(await dtRequirement.textContent()).not.toContain('Done')
    expect(
      await dt.getByText(`No training sessions are recorded for the ${YEAR_LABEL} school year.`).isVisible(),
    ).toBe(true)

    await dt.getByRole('button', { name: 'Record a training session' }).click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/training/new$`))
    // No course yet: the new course's fields are asked for at once.
    await dt.getByLabel('Title of the course').fill(COURSE)
    await dt.getByLabel('Kind of training').selectOption({ label: 'Designated teacher training' })
    await dt.getByLabel('Who gave it (optional)').fill('Virtual School')
    await fillDate(dt, 'heldOn', TODAY)
    await dt.getByLabel('Length', { exact: true }).fill('2')
    await dt.getByLabel('Days', { exact: true }).check()
    await dt.getByLabel('Dana Teacher, designated teacher').check()
    await dt.getByLabel('Anyone else who attended').fill('Amy Assistant\nBen Teacher')
    await dt.getByRole('button', { name: 'Save training session' }).click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/training$`))
    await expect
      .poll(() => flash(dt).textContent())
      .toContain(`Training on ${formatDate(TODAY)} recorded: ${COURSE}`)

    const session = dt.locator('#sessions tbody tr', { hasText: COURSE })
    expect(await session.textContent()).toContain('2 days')
    expect((await session.locator('li').allTextContents()).sort()).toEqual([
      'Amy Assistant',
      'Ben Teacher',
      'Dana Teacher',
    ])
    // The two days count towards the DT's two a year (POL-3, DT-3).
    expect(await dtRequirement.textContent()).toContain('(2 days so far)')
    expect(await dtRequirement.textContent()).toContain('Done')
  })

  it('the designated teacher appoints the designated governor', async () => {
    await dt
      .getByRole('navigation', { name: 'Roles and training' })
      .getByRole('link', { name: 'Designated roles' })
      .click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/roles\\?schoolYear=${SCHOOL_YEAR}$`))
    const governorRow = dt.locator('tbody tr', { hasText: 'Designated governor' })
    expect(await governorRow.textContent()).toContain('Nobody in this school year')

    await dt.getByRole('button', { name: 'Add an appointment' }).click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/roles/new\\?schoolYear=${SCHOOL_YEAR}$`))
    await dt.getByLabel('Designated governor', { exact: true }).check()
    await dt.getByLabel('Full name').fill('Gill Governor')
    await dt
      .getByLabel('Their Harbour account (optional)')
      .selectOption({ label: 'Gill Governor (Governor)' })
    await fillDate(dt, 'startDate', TODAY)
    await dt.getByRole('button', { name: 'Save appointment' }).click()
    await arrive(dt, new RegExp(`/schools/${urn}/governance/roles\\?schoolYear=${SCHOOL_YEAR}$`))
    await expect
      .poll(() => flash(dt).textContent())
      .toContain(`Gill Governor is the designated governor from ${formatDate(TODAY)}`)
    expect(await governorRow.textContent()).toContain('Gill Governor')
    expect(await governorRow.textContent()).not.toContain('Nobody in this school year')
  })

  it('the designated teacher writes the report to governors, saves it and shares it', async () => {
    const report = new RegExp(`/governors\\?school=${urn}&schoolYear=${SCHOOL_YEAR}$`)
    await menuLink(dt, 'Governors’ report').click()
    await arrive(dt, /\/governors$/)
    expect(await dt.locator('#report-status').textContent()).toContain('Draft')

    await dt.locator('#edit-words').click()
    await arrive(dt, new RegExp(`/governors/${urn}/words\\?schoolYear=${SCHOOL_YEAR}$`))
    await dt.getByLabel('The year in review').fill(NARRATIVE)
    await dt.getByLabel('Priorities for next year').fill(PRIORITIES)
    await dt.locator('#save-words').click()
    await arrive(dt, report)
    await expect.poll(() => flash(dt).textContent()).toContain('The report has been saved')
    expect(await dt.locator('#narrative-text').textContent()).toBe(NARRATIVE)
    expect(await dt.locator('#priorities-text').textContent()).toBe(PRIORITIES)
    // Saved, not yet shared: still a draft.
    expect(await dt.locator('#report-status').textContent()).toContain('Draft')

    await dt.getByRole('button', { name: 'Share with governors' }).click()
    await arrive(dt, report)
    await expect.poll(() => flash(dt).textContent()).toContain('The report has been shared with governors')
    expect(await dt.locator('#report-status').textContent()).toContain('Shared')
    expect(await dt.locator('#share').count()).toBe(0)
  })

  it('a governor signs in, reads the shared report with its numbers and no child to click through to, and downloads the PDF', async () => {
    const page = governorPage
    await signInAs(page, harbour, people.governor, NOW)
    await page.waitForURL(/\/governors$/)

    await expect
      .poll(() => page.getByRole('heading', { name: 'Governors’ report', level: 1 }).isVisible())
      .toBe(true)
    expect(await page.locator('#report-status').textContent()).toContain('Shared')
    // The DT's words, now shared.
    expect(await page.locator('#narrative-text').textContent()).toBe(NARRATIVE)
    expect(await page.locator('#priorities-text').textContent()).toBe(PRIORITIES)
    // The numbers: four on roll, three looked after.
    expect(await countOf(page, 'On roll')).toBe('4')
    expect(await countOf(page, 'Looked after (CLA)')).toBe('3')
    // What the DT recorded above, as counts and yes/no.
    expect((await summaryValue(page, 'Designated teacher’s training this year').textContent())!.trim()).toBe(
      '2 days of the 2 expected',
    )
    expect(
      (await summaryValue(page, 'Staff who attended any training this year').textContent())!.trim(),
    ).toBe('3')
    expect((await summaryValue(page, 'Designated teacher in post').textContent())!.trim()).toBe('Yes')

    // Nothing leads to a child, and no child is named (PD-11); a governor cannot change the report.
    const main = page.locator('main')
    expect(await main.locator('a[href^="/pupils"]').count()).toBe(0)
    const text = await main.innerText()
    for (const name of PUPIL_NAMES) {
      expect(text).not.toContain(name)
      expect(text).not.toContain(name.split(' ')[1])
    }
    expect(await page.locator('#edit-words').count()).toBe(0)
    expect(await page.locator('#share, #archive').count()).toBe(0)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-pdf').click(),
    ])
    expect(download.suggestedFilename()).toBe(`governors-report-${urn}-${SCHOOL_YEAR}.pdf`)
    const pdf = await readFile(await download.path())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The governor's copy holds the shared words too (when poppler is here to read it back).
    if (pdftotextPath) {
      const pdfWords = pdfText(pdf).replace(/\s+/g, ' ')
      expect(pdfWords).toContain(NARRATIVE)
      for (const name of PUPIL_NAMES) expect(pdfWords).not.toContain(name)
    }
  })
})
