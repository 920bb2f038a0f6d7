import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/demo/generate.js'
import { VS_ADVISER_EMAIL, VS_HEAD_EMAIL } from '../../src/demo/users.js'
import { expectAccessible, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

describe('the Virtual School’s PEP settings (issue 4 items 1 and 3)', () => {
  const journey = useHarbourInChromium()

  it('lets the Virtual School head choose custom months and their own rubric, with errors first', async () => {
    const { h, page } = journey
    await signIn(page, h, VS_HEAD_EMAIL, DEMO_PASSWORD)
    await page.goto(`${h.baseUrl}/peps`)
    await page.getByRole('link', { name: 'Change when PEPs are due and how they are rated' }).click()
    await expect.poll(() => page.url()).toMatch(/\/virtual-school\/settings$/)
    await expect
      .poll(() => page.getByRole('heading', { name: 'Virtual School settings', level: 1 }).isVisible())
      .toBe(true)
    await expectAccessible(page)

    const october = page.getByRole('checkbox', { name: 'October' })
    await page.getByRole('radio', { name: 'In months you choose' }).check()

    // No month chosen, and no rating left that can be approved.
    for (const i of [0, 1]) await page.locator(`#rubric-${i}-approvable`).uncheck()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).isVisible()).toBe(true)
    await expect
      .poll(() => page.getByRole('link', { name: 'Choose at least one month when a PEP is due' }).isVisible())
      .toBe(true)
    await expectAccessible(page)

    await october.check()
    await page.getByRole('checkbox', { name: 'February' }).check()
    await page.getByRole('checkbox', { name: 'June' }).check()
    await page.locator('#rubric-3-value').fill('outstanding')
    await page.locator('#rubric-3-label').fill('Outstanding')
    await page.locator('#rubric-3-criteria').fill('Exemplary in every section.')
    await page.locator('#rubric-3-approvable').check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByText('Your settings have been saved').isVisible()).toBe(true)
    expect(await page.getByRole('checkbox', { name: 'June' }).isChecked()).toBe(true)
    await expectAccessible(page)
  })

  it('shows the adviser the settings in words', async () => {
    const { h, browser } = journey
    const page = await (await browser.newContext()).newPage()
    await signIn(page, h, VS_ADVISER_EMAIL, DEMO_PASSWORD)
    await page.goto(`${h.baseUrl}/peps`)
    await page.getByRole('link', { name: 'See when PEPs are due and how they are rated' }).click()
    await expect.poll(() => page.getByText('By the end of October, February, June').isVisible()).toBe(true)
    await expect.poll(() => page.getByRole('rowheader', { name: 'Outstanding' }).isVisible()).toBe(true)
    await expectAccessible(page)
  })
})
