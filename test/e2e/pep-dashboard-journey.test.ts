import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/demo/generate.js'
import { VS_ADVISER_EMAIL } from '../../src/demo/users.js'
import { expectAccessible, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

describe('the PEP dashboards (issue 4 item 6)', () => {
  const journey = useHarbourInChromium()

  it('lets the designated teacher open PEPs from the menu, filter the children and reach a child’s PEPs', async () => {
    const { h, page } = journey
    await signIn(page, h, h.demo.signIn.email, h.demo.signIn.password)
    await expect.poll(() => page.url()).toContain('/register')
    await page.getByRole('link', { name: 'PEPs', exact: true }).click()
    await expect.poll(() => page.url()).toMatch(/\/peps$/)
    await expect
      .poll(() => page.getByRole('heading', { name: 'Personal education plans', level: 1 }).isVisible())
      .toBe(true)
    await expectAccessible(page)

    const rows = page.locator('#children tbody tr')
    const children = await rows.count()
    expect(children).toBeGreaterThan(0)
    const status = (await rows.first().locator('td .govuk-tag').first().textContent())!.trim()
    const value = {
      Overdue: 'overdue',
      'Due soon': 'due_soon',
      'On track': 'ok',
      'Not required': 'not_required',
    }[status]!
    await page.getByRole('combobox', { name: 'PEP status' }).selectOption({ label: status })
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await expect.poll(() => page.url()).toContain(`status=${value}`)
    for (const cell of await page.locator('#children tbody tr td:nth-child(2) .govuk-tag').allTextContents())
      expect(cell.trim()).toBe(status)
    await expect.poll(() => page.getByRole('heading', { name: 'Selected filters' }).isVisible()).toBe(true)
    await expectAccessible(page)

    await page.locator('#children tbody tr th a').first().click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}\/peps$/)
    await expect
      .poll(() => page.getByRole('heading', { name: 'Personal education plans', level: 1 }).isVisible())
      .toBe(true)
  })

  it('shows the Virtual School adviser a school filter', async () => {
    const { h, browser } = journey
    const page = await (await browser.newContext()).newPage()
    await signIn(page, h, VS_ADVISER_EMAIL, DEMO_PASSWORD)
    await page.goto(`${h.baseUrl}/peps`)
    await expect.poll(() => page.getByRole('combobox', { name: 'School' }).isVisible()).toBe(true)
    await expectAccessible(page)
  })
})
