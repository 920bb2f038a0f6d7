import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/demo/generate.js'
import { expectAccessible, launchChromium, startHarbour, type Harbour } from './support/harbour.js'

describe('a governor reads the governors’ report (DOMAIN.md PD-11, POL-26)', () => {
  let h: Harbour
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    h = await startHarbour()
    ;({ browser, page } = await launchChromium())
  })
  afterAll(async () => {
    await browser?.close()
    await h?.close()
  })

  it('lands on the report after signing in, sees how many children, and picks last year', async () => {
    const governor = h.demo.users.find((u) => u.role === 'governor')!
    await page.goto(`${h.baseUrl}/sign-in`)
    await page.getByLabel('Email address').fill(governor.email)
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.url()).toContain('/governors')
    await expect
      .poll(() => page.getByRole('heading', { name: 'Governors’ report', level: 1 }).isVisible())
      .toBe(true)
    await expect.poll(() => page.getByRole('heading', { name: 'How many children' }).isVisible()).toBe(true)
    expect(await page.getByRole('link', { name: 'Register' }).count()).toBe(0)
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
