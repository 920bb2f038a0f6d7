import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { generate } from 'otplib'
import { buildApp } from '../../src/app.js'
import { createSchool } from '../../src/services/schools.service.js'
import { createUser, SYSTEM_ACTOR } from '../../src/services/users.service.js'
import { openTestDatabase, type TestDatabase } from '../../src/test-support/test-db.js'
import { expectAccessible, launchChromium } from './support/harbour.js'

const EMAIL = 'dsl@harbour-school.example'
const PASSWORD = 'a long and private passphrase'

/** The code the authenticator app shows, `offset` seconds from now. */
const appCode = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds })

describe('a DSL on a real (non-demo) database sets up two-factor sign-in and uses it', () => {
  let database: TestDatabase
  let app: FastifyInstance
  let baseUrl: string
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    database = await openTestDatabase()
    app = await buildApp({ database, rateLimit: false })
    const ctx = app.harbour.ctx
    await createSchool(ctx, SYSTEM_ACTOR, { urn: '139001', laestab: '9194101', name: 'Harbour Test School' })
    await createUser(ctx, SYSTEM_ACTOR, {
      email: EMAIL,
      name: 'Sam Safeguarding',
      role: 'dsl',
      schoolUrn: '139001',
      password: PASSWORD,
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    ;({ browser, page } = await launchChromium())
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await database?.close()
  })

  async function signIn(): Promise<void> {
    await page.goto(`${baseUrl}/sign-in`)
    await page.getByLabel('Email address').fill(EMAIL)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  it('is made to set it up, saves the recovery codes, then signs in with a code', async () => {
    expect(app.harbour.demo).toBe(false)
    await page.goto(`${baseUrl}/sign-in`)
    await expectAccessible(page)
    await signIn()

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
    await page.goto(`${baseUrl}/register`)
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
    await signIn()
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
