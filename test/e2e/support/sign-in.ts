import type { Page } from 'playwright-core'
import { TEST_PASSWORD, totpCode } from '../../../src/test-support/builders.js'
import { expectAccessible } from './harbour.js'

/** Signs in through the real form. */
export async function signIn(
  page: Page,
  harbour: { baseUrl: string },
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${harbour.baseUrl}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** A user made by builders.ts `aUser`: the test password, and an authenticator app when two-factor is set up. */
export type TestUser = { user: { email: string }; totpSecret: string | null }

/**
 * Signs a test user in through the real forms, each page checked with axe: the password, then, with two-factor
 * sign-in, the authenticator app's code at `now`. Waits until the browser is past the sign-in pages.
 */
export async function signInAs(
  page: Page,
  harbour: { baseUrl: string },
  who: TestUser,
  now: Date,
): Promise<void> {
  await page.goto(`${harbour.baseUrl}/sign-in`)
  await expectAccessible(page)
  await page.getByLabel('Email address').fill(who.user.email)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (who.totpSecret) {
    await page.waitForURL(/\/sign-in\/two-factor$/)
    await expectAccessible(page)
    await page.getByLabel('6-digit code').fill(await totpCode(who.totpSecret, now))
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
  await expectAccessible(page)
}
