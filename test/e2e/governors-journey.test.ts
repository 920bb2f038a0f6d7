import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/demo/generate.js'
import { expectAccessible, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

describe('a governor reads the governors’ report (DOMAIN.md PD-11, POL-26)', () => {
  const journey = useHarbourInChromium()

  it('lands on the report after signing in, sees how many children, and picks last year', async () => {
    const { h, page } = journey
    const governor = h.demo.users.find((u) => u.role === 'governor')!
    await signIn(page, h, governor.email, DEMO_PASSWORD)
    await expect.poll(() => page.url()).toContain('/governors')
    await expect
      .poll(() => page.getByRole('heading', { name: 'Governors’ report', level: 1 }).isVisible())
      .toBe(true)
    await expect.poll(() => page.getByRole('heading', { name: 'How many children' }).isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Register', exact: true }).count()).toBe(0)
    await expectAccessible(page)

    const year = page.getByRole('combobox', { name: 'School year' })
    const options = await year.locator('option').allTextContents()
    await year.selectOption({ label: options[1]! })
    await page.getByRole('button', { name: 'Show this year' }).click()
    await expect.poll(() => page.url()).toMatch(/schoolYear=\d{4}/)
    await expect.poll(() => page.getByText(`the ${options[1]!} school year,`).isVisible()).toBe(true)
    await expectAccessible(page)
  })
})
