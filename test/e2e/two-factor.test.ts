import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { generate } from 'otplib'
import { createSchool } from '../../src/services/schools.service.js'
import { createUser, SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { useEmptyHarbourInChromium } from './support/empty-harbour.js'
import { expectAccessible } from './support/harbour.js'
import { signIn } from './support/sign-in.js'

const EMAIL = 'dsl@harbour-school.example'
const PASSWORD = 'a long and private passphrase'

/** The code the authenticator app shows, `offset` seconds from now. */
const appCode = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds })

describe('a DSL on a real (non-demo) database sets up two-factor sign-in and uses it', () => {
  const harbour = useEmptyHarbourInChromium()
  let page: Page

  beforeAll(async () => {
    const { ctx } = harbour
    await createSchool(ctx, SYSTEM_ACTOR, { urn: '139001', laestab: '9194101', name: 'Harbour Test School' })
    await createUser(ctx, SYSTEM_ACTOR, {
      email: EMAIL,
      name: 'Sam Safeguarding',
      role: 'dsl',
      schoolUrn: '139001',
      password: PASSWORD,
    })
    page = await harbour.newPage()
  })

  it('is made to set it up, saves the recovery codes, then signs in with a code', async () => {
    expect(harbour.app.harbour.demo).toBe(false)
    await page.goto(`${harbour.baseUrl}/sign-in`)
    await expectAccessible(page)
    await signIn(page, harbour, EMAIL, PASSWORD)

    // Set-up: the only page open until it is done.
    await expect.poll(() => page.url()).toContain('/account/two-factor/set-up')
    await expect
      .poll(() =>
        page.getByRole('heading', { name: 'Set up two-factor authentication', level: 1 }).isVisible(),
      )
      .toBe(true)
    await expect
      .poll(() => page.getByRole('img', { name: /QR code for adding Harbour/ }).isVisible())
      .toBe(true)
    await expectAccessible(page)
    await page.goto(`${harbour.baseUrl}/register`)
    await expect.poll(() => page.url()).toContain('/account/two-factor/set-up')

    // Someone who cannot scan reads the key instead.
    await page.getByText('I cannot scan the QR code').click()
    const key = page.locator('#setup-key')
    await expect.poll(() => key.isVisible()).toBe(true)
    await expectAccessible(page)
    const secret = (await key.textContent())!.replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)

    // A wrong code first.
    await page.getByLabel('6-digit code').fill('000000')
    await page.getByRole('button', { name: 'Continue' }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' })
    await expect.poll(() => summary.isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByLabel('6-digit code').fill(await appCode(secret))
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect
      .poll(() => page.getByRole('heading', { name: 'Save your recovery codes', level: 1 }).isVisible())
      .toBe(true)
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents()
    expect(codes).toHaveLength(10)
    await expectAccessible(page)
    await page.getByRole('button', { name: 'I have saved these codes' }).click()
    await expect.poll(() => page.url()).toContain('/register')
    await expect.poll(() => page.getByText('Two-factor authentication is on').isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByRole('link', { name: /Your account/ }).click()
    await expect.poll(() => page.url()).toContain('/account')
    await expect.poll(() => page.getByText('10 of 10 not used yet').isVisible()).toBe(true)
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.url()).toContain('/sign-in')

    // Signing in again asks for a code; the set-up code's time-step is spent, so the app's next code.
    await signIn(page, harbour, EMAIL, PASSWORD)
    await expect.poll(() => page.url()).toContain('/sign-in/two-factor')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'use a recovery code' }).click()
    await expect.poll(() => page.url()).toContain('/sign-in/recovery-code')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Use a code from your authenticator app instead' }).click()
    await expect.poll(() => page.url()).toContain('/sign-in/two-factor')

    await page.getByRole('button', { name: 'Continue' }).click()
    await expect
      .poll(() =>
        page.getByRole('link', { name: 'Enter the 6-digit code from your authenticator app' }).isVisible(),
      )
      .toBe(true)
    await expectAccessible(page)
    await page.getByLabel('6-digit code').fill(await appCode(secret, 30))
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => page.url()).toContain('/register')
    await expect.poll(() => page.getByRole('heading', { name: 'Register', level: 1 }).isVisible()).toBe(true)
  })
})
