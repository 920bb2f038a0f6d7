import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  financialYearOf,
  formatDate,
  schoolYearOf,
  todayInLondon,
} from '../../src/domain/calendar/dates.js'
import { financialYearLabel } from '../../src/domain/funding/financial-year.js'
import { setCalendar } from '../../src/services/schools.service.js'
import { SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../src/test-support/builders.js'
import { useEmptyHarbourInChromium } from './support/empty-harbour.js'
import { arrive, dateParts, escapeRegExp, fillDate, flash, summaryValue } from './support/govuk-pages.js'
import { expectAccessible } from './support/harbour.js'
import { usualTerms } from './support/school-terms.js'
import { signInAs, type TestUser } from './support/sign-in.js'

// A clock stopped when the run starts: the pages and the test agree on "today", and every date below is
// relative to it. Not a fixed calendar date: the PEP workflow stamps its approval with the wall clock.
const NOW = new Date()
const TODAY = todayInLondon(NOW)
const SCHOOL_YEAR = schoolYearOf(TODAY)
const MEETING = addDays(TODAY, -7)
const NEXT_MEETING = addMonths(TODAY, 3)
const TARGET_DUE = addMonths(TODAY, 6)
const SECOND_TARGET_DUE = addMonths(TODAY, 4)
const FINANCIAL_YEAR = financialYearLabel(financialYearOf(TODAY))

const FIRST_TARGET = 'Read a chapter book each week'
const SECOND_TARGET = 'Know the times tables to 12'
const FEEDBACK = 'Add a maths target, and say how the PP+ will be spent.'
const SPEND = 'Ten sessions of reading tuition'
const IMPACT = 'Reading age up four months; reads at home most evenings.'

const UUID = '[0-9a-f-]{36}'

describe('a PEP from first meeting to Virtual School approval, then PP+ released and spent (issue 4)', () => {
  const harbour = useEmptyHarbourInChromium({ now: NOW })
  let dt: Page
  let adviser: Page
  let pupilId: string
  let pupilName: string
  let pepPath: string
  let people: { dt: TestUser; adviser: TestUser }

  beforeAll(async () => {
    const { ctx } = harbour
    const school = await aSchool(ctx, { name: 'Harbour Test Academy' })
    await setCalendar(ctx, SYSTEM_ACTOR, school.urn, usualTerms(SCHOOL_YEAR))
    // Year 7, so career aspirations are not needed yet (DOMAIN.md “PEP record”: from Year 8).
    const pupil = await aPupil(ctx, school, {
      givenName: 'Robin',
      familyName: 'Ashworth',
      dateOfBirth: `${SCHOOL_YEAR - 11}-01-15`,
      yearGroup: 7,
    })
    pupilId = pupil.id
    pupilName = 'Robin Ashworth'
    await anEpisode(
      ctx,
      pupil.id,
      aClaEpisode({ startDate: addMonths(TODAY, -14), responsibleLaCode: '919' }),
    )
    // Both set two-factor sign-in up a minute before the journey: the code used then is not the one they sign in with.
    const before = { ...ctx, now: () => new Date(NOW.getTime() - 60_000) }
    people = {
      dt: await aUser(before, 'designated_teacher', school, { name: 'Dana Teacher' }),
      adviser: await aUser(before, 'vs_adviser', null, { name: 'Ava Adviser', laCode: '919' }),
    }
    dt = await harbour.newPage()
    adviser = await harbour.newPage()
  })

  /** Opens a section from the task list, lets `fill` fill it in, saves it and is back on the task list. */
  async function fillSection(title: string, slug: string, fill: () => Promise<void>): Promise<void> {
    await dt.getByRole('link', { name: title, exact: true }).click()
    await arrive(dt, new RegExp(`${escapeRegExp(pepPath)}/edit/${slug}$`))
    await expect.poll(() => dt.getByRole('heading', { level: 1 }).textContent()).toBe(title)
    await fill()
    await dt.locator('#save-section').click()
    await arrive(dt, new RegExp(`${escapeRegExp(pepPath)}/edit$`))
    await expect.poll(() => flash(dt).textContent()).toContain(`Saved: ${title}`)
    expect(await dt.locator('.govuk-task-list__item', { hasText: title }).textContent()).toContain(
      'Completed',
    )
  }

  /** From the task list: "Check your answers", then submit; lands on the PEP's page. */
  async function checkAndSubmit(ppPlusTotal: string): Promise<void> {
    await dt.locator('#check-and-submit').click()
    await arrive(dt, new RegExp(`${escapeRegExp(pepPath)}/check$`))
    await expect
      .poll(() => dt.getByRole('heading', { name: 'Check your answers before submitting' }).isVisible())
      .toBe(true)
    expect(await dt.getByText(`Total PP+ requested: ${ppPlusTotal}`).isVisible()).toBe(true)
    await dt.locator('#submit-pep').click()
    await arrive(dt, new RegExp(`${escapeRegExp(pepPath)}$`))
    await expect.poll(() => flash(dt).textContent()).toContain('PEP submitted to the Virtual School')
    expect(await dt.locator('#status').textContent()).toContain('Submitted')
  }

  it('the designated teacher opens the child’s PEPs and starts one', async () => {
    await signInAs(dt, harbour, people.dt, NOW)
    await expect.poll(() => dt.url()).toContain('/register')
    await dt
      .getByRole('link', { name: /Ashworth/ })
      .first()
      .click()
    await arrive(dt, new RegExp(`/pupils/${pupilId}$`))
    expect(await summaryValue(dt, 'Latest').textContent()).toContain('No PEP recorded yet')
    await dt.getByRole('link', { name: `Open PEPs for ${pupilName}` }).click()
    await arrive(dt, new RegExp(`/pupils/${pupilId}/peps$`))
    expect(await dt.getByText('No PEP has been recorded for Robin yet.').isVisible()).toBe(true)

    await dt.locator('#start-new-pep').click()
    await arrive(dt, new RegExp(`/pupils/${pupilId}/peps/new$`))
    // A looked-after child: a PEP, without being asked which kind of plan.
    expect(await dt.locator('input[type=radio][name=kind]').count()).toBe(0)
    await fillDate(dt, 'meetingDate', MEETING)
    await dt.locator('#start-plan').click()
    await arrive(dt, new RegExp(`/pupils/${pupilId}/peps/${UUID}/edit$`))
    pepPath = new URL(dt.url()).pathname.replace(/\/edit$/, '')
    await expect.poll(() => flash(dt).textContent()).toContain('PEP started')
  })

  it('the designated teacher fills in the sections through the task list, checks the answers and submits', async () => {
    await fillSection('Meeting and attendees', 'meeting', async () => {
      // The date given when the PEP was started is already there.
      expect(await dt.locator('#meetingDate-day').inputValue()).toBe(dateParts(MEETING).day)
      await dt.getByLabel('School age').check()
      await dt.getByLabel('Social worker').fill('Sam Worker')
      await dt.getByLabel('Carer', { exact: true }).fill('Pat Carer')
      await dt.getByLabel('Designated teacher').fill('Dana Teacher')
      await dt.getByLabel('Yes, they attended the meeting').check()
    })
    await fillSection('The child’s voice', 'child-voice', async () => {
      await dt.locator('#childVoice-ownWords').fill('I like art club. I want to get better at reading.')
      await dt.locator('#childVoice-goingWell').fill('Making friends in my form')
      await dt.locator('#childVoice-wants').fill('Help with reading')
    })
    await fillSection('Education now', 'education', async () => {
      await dt
        .locator('#currentArrangements')
        .fill('Full time in mainstream Year 7, small-group English twice a week.')
      await dt.locator('#attainment-0-subject').fill('English')
      await dt.locator('#attainment-0-current').fill('Working towards')
      await dt.locator('#attainment-0-expected').fill('Expected standard')
      await dt.locator('#attainment-0-progress').selectOption('below_expected')
    })
    await fillSection('Targets and Pupil Premium Plus', 'targets', async () => {
      await dt.locator('#targets-0-area').fill('Reading')
      await dt.locator('#targets-0-description').fill(FIRST_TARGET)
      await dt.locator('#targets-0-successCriteria').fill('Reading age within a year of actual age')
      await dt.locator('#targets-0-owner').fill('English teacher')
      await fillDate(dt, 'targets-0-dueBy', TARGET_DUE)
      await dt.locator('#targets-0-ppPlus').fill('400.50')
    })
    await fillSection('Next meeting', 'next-meeting', async () => {
      await fillDate(dt, 'nextMeetingDate', NEXT_MEETING)
    })

    await checkAndSubmit('£400.50')
    // What was entered is on the PEP: the attainment row and the target with its PP+ request in pounds.
    const attainment = dt.getByRole('table', { name: 'Attainment and progress by subject' })
    expect(await attainment.getByRole('row', { name: /English/ }).textContent()).toMatch(
      /English\s*Working towards\s*Expected standard\s*Below expected/i,
    )
    expect(await dt.getByText(FIRST_TARGET).first().isVisible()).toBe(true)
    // Submitted, it is no longer the school's to change.
    expect(await dt.locator('#change-pep').count()).toBe(0)
  })

  it('the Virtual School adviser for the child’s local authority returns it with feedback', async () => {
    await signInAs(adviser, harbour, people.adviser, NOW)
    await adviser.getByRole('link', { name: 'PEPs', exact: true }).click()
    await arrive(adviser, /\/peps$/)
    const row = adviser.locator('#children tbody tr', { hasText: 'Ashworth' })
    expect(await row.textContent()).toContain('Harbour Test Academy')
    await row
      .getByRole('link', { name: new RegExp(`^Meeting on ${escapeRegExp(formatDate(MEETING))}`) })
      .click()
    await arrive(adviser, new RegExp(`${escapeRegExp(pepPath)}$`))

    await adviser.locator('#decide-pep').click()
    await arrive(adviser, new RegExp(`${escapeRegExp(pepPath)}/decision$`))
    await adviser.locator('#feedback').fill(FEEDBACK)
    await adviser.locator('#return-pep').click()
    await arrive(adviser, new RegExp(`${escapeRegExp(pepPath)}$`))
    await expect
      .poll(() => flash(adviser).textContent())
      .toContain('PEP returned to the school with your feedback')
    expect(await adviser.locator('#status').textContent()).toContain('Returned')
  })

  it('the designated teacher sees the feedback, adds a second target and resubmits', async () => {
    await dt.reload()
    await expectAccessible(dt)
    await expect.poll(() => dt.locator('#return-feedback').textContent()).toContain(FEEDBACK)

    await dt.locator('#change-pep').click()
    await arrive(dt, new RegExp(`${escapeRegExp(pepPath)}/edit$`))
    expect(await dt.locator('#return-feedback').textContent()).toContain(FEEDBACK)
    await fillSection('Targets and Pupil Premium Plus', 'targets', async () => {
      expect(await dt.locator('#targets-0-description').inputValue()).toBe(FIRST_TARGET)
      await dt.locator('#targets-1-area').fill('Maths')
      await dt.locator('#targets-1-description').fill(SECOND_TARGET)
      await dt.locator('#targets-1-successCriteria').fill('90% or more on the multiplication check')
      await dt.locator('#targets-1-owner').fill('Maths teacher')
      await fillDate(dt, 'targets-1-dueBy', SECOND_TARGET_DUE)
      await dt.locator('#targets-1-ppPlus').fill('150')
    })
    await checkAndSubmit('£550.50')
    // Resubmitted, the feedback has been dealt with.
    expect(await dt.locator('#return-feedback').count()).toBe(0)
  })

  it('the adviser approves it with an amber rating', async () => {
    await adviser.reload()
    await expectAccessible(adviser)
    await adviser.locator('#decide-pep').click()
    await arrive(adviser, new RegExp(`${escapeRegExp(pepPath)}/decision$`))
    await adviser.getByLabel('Amber: requires improvement').check()
    await adviser.locator('#notes').fill('Good targets; put more of the child’s own words in next time.')
    await adviser.locator('#approve-pep').click()
    await arrive(adviser, new RegExp(`${escapeRegExp(pepPath)}$`))
    await expect
      .poll(() => flash(adviser).textContent())
      .toContain('PEP approved. Quality rating: Amber: requires improvement')
    expect(await adviser.locator('#status').textContent()).toMatch(/Approved[\s\S]*Quality: Amber/)
    expect(await adviser.locator('.moj-timeline__title').allTextContents()).toEqual([
      'Approved',
      'Submitted',
      'Returned for changes',
      'Submitted',
      'PEP started',
    ])
    // Once approved, nobody decides on it again.
    expect(await adviser.locator('#decide-pep').count()).toBe(0)
  })

  it('PP+ is allocated and released against a target of the approved PEP, and the school records spending', async () => {
    const funding = new RegExp(`/pupils/${pupilId}/funding\\?financialYear=\\d{4}$`)
    await adviser.goto(`${harbour.baseUrl}/pupils/${pupilId}`)
    await expectAccessible(adviser)
    await adviser
      .getByRole('link', { name: 'Pupil premium plus: allocated, released, spent and available' })
      .click()
    await arrive(adviser, new RegExp(`/pupils/${pupilId}/funding$`))

    await adviser.getByRole('button', { name: 'Record an allocation' }).click()
    await arrive(adviser, new RegExp(`/pupils/${pupilId}/funding/allocations/new\\?financialYear=\\d{4}$`))
    await adviser.getByLabel(FINANCIAL_YEAR, { exact: true }).check()
    await adviser.getByLabel('Amount', { exact: true }).fill('2630')
    await adviser.getByLabel('Note (optional)').fill(`Allocation for ${FINANCIAL_YEAR}`)
    await adviser.getByRole('button', { name: 'Save allocation' }).click()
    await arrive(adviser, funding)
    await expect.poll(() => flash(adviser).textContent()).toContain(`£2,630 allocated for ${FINANCIAL_YEAR}`)

    await adviser.getByRole('button', { name: 'Release money to the school' }).click()
    await arrive(adviser, new RegExp(`/pupils/${pupilId}/funding/releases/new$`))
    // The approved PEP's targets are the choices; the release is dated today unless changed.
    expect(await adviser.locator('#releasedOn-day').inputValue()).toBe(dateParts(TODAY).day)
    await adviser.getByLabel(FIRST_TARGET, { exact: true }).check()
    await adviser.getByLabel('Amount to release').fill('400.50')
    await adviser.getByRole('button', { name: 'Release money' }).click()
    await arrive(adviser, funding)
    await expect
      .poll(() => flash(adviser).textContent())
      .toContain(`£400.50 released to the school on ${formatDate(TODAY)}`)

    await dt.goto(`${harbour.baseUrl}/pupils/${pupilId}/funding`)
    await expectAccessible(dt)
    await dt.getByRole('button', { name: 'Record spending' }).click()
    await arrive(dt, new RegExp(`/pupils/${pupilId}/funding/spends/new$`))
    await fillDate(dt, 'spentOn', TODAY)
    await dt.getByLabel('Amount', { exact: true }).fill('150')
    await dt.getByLabel('What was it spent on?').fill(SPEND)
    await dt.getByLabel('Tuition', { exact: true }).check()
    await dt.getByLabel(FIRST_TARGET, { exact: true }).check()
    await dt.getByLabel('Impact (optional)').fill(IMPACT)
    await dt.getByRole('button', { name: 'Save spending' }).click()
    await arrive(dt, funding)
    await expect
      .poll(() => flash(dt).textContent())
      .toContain(`Spending of £150 on ${formatDate(TODAY)} recorded`)

    // The ledger: what the Virtual School allocated and released, what the school spent and has left.
    const amounts = {
      Allocated: '£2,630',
      'Released to the school': '£400.50',
      'Still with the Virtual School': '£2,229.50',
      Spent: '£150',
      'Available to spend': '£250.50',
    }
    for (const [key, amount] of Object.entries(amounts))
      expect((await summaryValue(dt, key).textContent())!.trim(), key).toBe(amount)
    const cells = async (row: string) =>
      (await dt.locator('tbody tr', { hasText: row }).first().locator('td').allInnerTexts()).map((c) =>
        c.replace(/\s+/g, ' ').trim(),
      )
    // Each target: asked for, released, spent.
    expect(await cells(FIRST_TARGET)).toEqual([FIRST_TARGET, '£400.50', '£400.50', '£150'])
    expect(await cells(SECOND_TARGET)).toEqual([SECOND_TARGET, '£150', '£0', '£0'])
    // The spend item: date, what and its category, the target it serves, amount and impact.
    const spend = await cells(SPEND)
    expect(spend.slice(0, 4)).toEqual([formatDate(TODAY), `${SPEND} Tuition`, FIRST_TARGET, '£150'])
    expect(spend[4]).toContain(IMPACT)
    expect((await summaryValue(dt, 'Tuition').textContent())!.trim()).toBe('£150')
  })

  it('prints the approved PEP without menus or buttons, and downloads it as a PDF', async () => {
    await dt.goto(`${harbour.baseUrl}${pepPath}`)
    await expectAccessible(dt)
    const controls = [
      dt.getByRole('navigation', { name: 'Menu' }),
      dt.locator('.govuk-back-link'),
      dt.locator('#print-pep'),
      dt.locator('#download-pdf'),
    ]
    const content = [
      dt.getByRole('heading', { name: 'Personal education plan', level: 1 }),
      dt.getByRole('heading', { name: 'Targets and Pupil Premium Plus' }),
      dt.getByText(SECOND_TARGET).first(),
      dt.getByRole('heading', { name: 'History' }),
    ]
    // On screen, with JavaScript, the controls are there: the checks on paper below are not vacuous.
    for (const c of controls) expect(await c.isVisible()).toBe(true)

    await dt.emulateMedia({ media: 'print' })
    for (const c of controls) expect(await c.isVisible()).toBe(false)
    expect(await dt.locator('header').first().isVisible()).toBe(false)
    expect(await dt.locator('footer').first().isVisible()).toBe(false)
    for (const button of await dt.locator('.govuk-button').all()) expect(await button.isVisible()).toBe(false)
    for (const c of content) expect(await c.isVisible()).toBe(true)
    await dt.emulateMedia({ media: 'screen' })

    const href = await dt.locator('#download-pdf').getAttribute('href')
    expect(href).toBe(`${pepPath}/pdf`)
    const pdf = await dt.request.get(`${harbour.baseUrl}${href}`)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })
})
