import { describe, expect, it } from 'vitest'
import { expectAccessible, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

describe('a designated teacher records a change of placement', () => {
  const journey = useHarbourInChromium()

  it('opens a looked after pupil, is told what is missing, then sees the change in the timeline', async () => {
    const { h, page } = journey
    await signIn(page, h, h.demo.signIn.email, h.demo.signIn.password)
    await expect.poll(() => page.url()).toContain('/register')

    await page.goto(`${h.baseUrl}/register?cohort=cla`)
    await page.locator('tbody tr a').first().click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)
    const link = page.getByRole('link', { name: /^Record a placement change/ }).first()
    // The episode's first day is always a date the change may have.
    const item = page.locator('.moj-timeline__item', { has: link })
    const start = (await item.locator('time').getAttribute('datetime'))!
    const [year, month, day] = start.split('-').map(Number)
    await link.click()
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('Record a change of placement or school')
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Save change' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
    await expect.poll(() => summary.isVisible()).toBe(true)
    await expectAccessible(page)
    await summary.getByRole('link', { name: 'Choose whether the placement or the school changed' }).click()
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('kind')

    await page.getByLabel('A change of school').check()
    const date = page.getByRole('group', { name: 'Date of the change' })
    await date.getByLabel('Day').fill(String(day))
    await date.getByLabel('Month').fill(String(month))
    await date.getByLabel('Year').fill(String(year))
    await page.getByLabel('Note (optional)').fill('Started at a school nearer the new placement')
    await page.getByRole('button', { name: 'Save change' }).click()

    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}(?:[#?].*)?$/)
    await expect.poll(() => page.getByText('Change of school recorded').isVisible()).toBe(true)
    await expect
      .poll(() => page.getByText('Started at a school nearer the new placement').first().isVisible())
      .toBe(true)
    expect(await page.locator('.moj-timeline').textContent()).toMatch(/School changed on \d{1,2} \w+ \d{4}/)
    await expectAccessible(page)
  })
})
