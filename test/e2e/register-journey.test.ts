import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, launchChromium, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

async function fillDate(page: Page, group: string, day: string, month: string, year: string): Promise<void> {
  const fieldset = page.getByRole('group', { name: group })
  await fieldset.getByLabel('Day').fill(day)
  await fieldset.getByLabel('Month').fill(month)
  await fieldset.getByLabel('Year').fill(year)
}

describe('a designated teacher works through the register', () => {
  const journey = useHarbourInChromium()

  it('signs in, filters the register, opens a pupil and adds a status after correcting a mistake', async () => {
    const { h, page } = journey
    await page.goto(`${h.baseUrl}/`)
    await expect.poll(() => page.url()).toContain('/sign-in')
    await expectAccessible(page)

    await signIn(page, h, h.demo.signIn.email, h.demo.signIn.password)
    await expect.poll(() => page.url()).toContain('/register')
    await expect.poll(() => page.getByRole('heading', { name: 'Register', level: 1 }).isVisible()).toBe(true)
    await expectAccessible(page)

    await page
      .getByRole('combobox', { name: 'Group', exact: true })
      .selectOption({ label: 'Had a social worker (ever-6)' })
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await expect.poll(() => page.url()).toContain('cohort=csw_ever6')
    const rows = page.locator('tbody tr')
    expect(await rows.count()).toBeGreaterThan(0)
    for (const tags of await page.locator('tbody tr td:nth-child(4)').allTextContents())
      expect(tags).toContain('Had a social worker (ever-6)')
    await expectAccessible(page)

    const firstPupil = page.locator('tbody tr a').first()
    const name = (await firstPupil.textContent())!.trim()
    await firstPupil.click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)
    const [family, given] = name.split(', ')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain(`${given} ${family}`)
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Add a status' }).click()
    await expectAccessible(page)
    await page.getByLabel('Kinship care').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await expectAccessible(page)

    // The mistake: an end date before the start date.
    await fillDate(page, 'Start date', '10', '9', '2026')
    await fillDate(page, 'End date (optional)', '1', '9', '2026')
    await page.getByLabel('Informal').check()
    await page.getByRole('button', { name: 'Save status' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
    await expect.poll(() => summary.isVisible()).toBe(true)
    await expectAccessible(page)

    // Corrected from the error summary: its link takes the user to the field.
    await summary.getByRole('link', { name: /end date must be the same as or after the start date/i }).click()
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('endDate-day')
    await fillDate(page, 'End date (optional)', '', '', '')
    await page.getByRole('button', { name: 'Save status' }).click()

    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)
    await expect.poll(() => page.getByText('Kinship care').first().isVisible()).toBe(true)
    await expect.poll(() => page.getByText('10 September 2026').first().isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByRole('link', { name: 'Your tasks' }).click()
    await expect.poll(() => page.url()).toContain('/tasks')
    await expectAccessible(page)
  })

  it('lets an administrator reach every administration page, each accessible', async () => {
    const { h } = journey
    const admin = h.demo.users.find((u) => u.role === 'admin')!
    const { browser: b2, page: p2 } = await launchChromium()
    try {
      await signIn(p2, h, admin.email, h.demo.signIn.password)
      for (const path of [
        '/admin',
        '/admin/schools',
        '/admin/users',
        '/admin/users/new',
        '/admin/local-authorities',
        '/admin/schools/new',
      ]) {
        const res = await p2.goto(`${h.baseUrl}${path}`)
        expect(res?.status(), path).toBe(200)
        await expectAccessible(p2)
      }
    } finally {
      await b2.close()
    }
  })
})

describe('the core forms work with JavaScript switched off', () => {
  const journey = useHarbourInChromium({ javaScriptEnabled: false })

  it('searches the register and adds a contact without JavaScript', async () => {
    const { h, page } = journey
    await signIn(page, h, h.demo.signIn.email, h.demo.signIn.password)
    await expect.poll(() => page.url()).toContain('/register')
    const first = page.locator('tbody tr a').first()
    const family = (await first.textContent())!.split(',')[0]!.trim()
    await page.getByLabel('Name or UPN').fill(family)
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.locator('tbody tr a', { hasText: family }).first().click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)

    await page.getByRole('button', { name: 'Add a contact' }).click()
    await page.getByRole('button', { name: 'Add contact' }).click()
    await expect.poll(() => page.getByText('There is a problem').isVisible()).toBe(true)
    await page.getByLabel('Social worker', { exact: true }).check()
    await page.getByLabel('Name', { exact: true }).fill('Robin Example')
    await page.getByRole('button', { name: 'Add contact' }).click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)
    await expect.poll(() => page.getByText('Robin Example').first().isVisible()).toBe(true)
  })
})
