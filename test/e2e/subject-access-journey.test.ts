import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../src/demo/generate.js'
import { expectAccessible, useHarbourInChromium } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

describe('a DSL answers a subject access request, and an administrator checks retention (issue 3 item 7)', () => {
  const journey = useHarbourInChromium()

  it('exports everything about a pupil as a page to print, and downloads its PDF', async () => {
    const { h, page } = journey
    const dsl = h.demo.users.find((u) => u.role === 'dsl')!
    await signIn(page, h, dsl.email, DEMO_PASSWORD)
    await expect.poll(() => page.url()).toContain('/register')
    await page.locator('tbody tr a').first().click()
    await expect.poll(() => page.url()).toMatch(/\/pupils\/[0-9a-f-]{36}/)
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!
      .replace(/\s*\(known as.*$/, '')
      .trim()

    await page.getByRole('link', { name: `Export everything held about ${name}` }).click()
    await expect.poll(() => page.url()).toMatch(/\/subject-access$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Everything Harbour holds about ${name}`)
    await expect.poll(() => page.getByRole('heading', { name: /^\d+\. Access log$/ }).isVisible()).toBe(true)
    await expectAccessible(page)

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download as PDF' }).click()
    expect((await download).suggestedFilename()).toMatch(
      /^subject-access-[A-Z0-9]{13}-\d{4}-\d{2}-\d{2}\.pdf$/,
    )

    // On paper, the menus are left off.
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('link', { name: 'Register', exact: true }).isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
  })

  it('shows an administrator the retention report and its settings', async () => {
    const { h, page } = journey
    await page.context().clearCookies()
    const admin = h.demo.users.find((u) => u.role === 'admin')!
    await signIn(page, h, admin.email, DEMO_PASSWORD)
    await page.goto(`${h.baseUrl}/admin`)
    await page.getByRole('link', { name: 'Retention' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Retention', level: 1 }).isVisible()).toBe(true)
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Change how long records are kept' }).click()
    await expect
      .poll(() => page.getByRole('heading', { name: 'How long records are kept', level: 1 }).isVisible())
      .toBe(true)
    await expectAccessible(page)
  })
})
