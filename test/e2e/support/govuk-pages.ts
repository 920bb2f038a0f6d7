import type { Page } from 'playwright-core'
import { expectAccessible } from './harbour.js'

// Reading and filling in GOV.UK Frontend pages the way the journeys do.

/** `s` as a regular expression that matches it exactly. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Waits for the browser to arrive at `url` (after a click or a form post), then checks the page with axe. */
export async function arrive(page: Page, url: RegExp): Promise<void> {
  await page.waitForURL(url)
  await expectAccessible(page)
}

/** A 'YYYY-MM-DD' date as a GOV.UK date input shows it: no leading zeros. */
export function dateParts(iso: string): { day: string; month: string; year: string } {
  const [year, month, day] = iso.split('-').map(Number)
  return { day: String(day), month: String(month), year: String(year) }
}

/** Fills in the GOV.UK date input named `name` (its fields `name-day`, `name-month`, `name-year`). */
export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const { day, month, year } = dateParts(iso)
  await page.locator(`#${name}-day`).fill(day)
  await page.locator(`#${name}-month`).fill(month)
  await page.locator(`#${name}-year`).fill(year)
}

/** The success banner a page shows after a save. */
export const flash = (page: Page) => page.locator('.govuk-notification-banner--success')

/** The value beside `key` in a GOV.UK summary list on the page. */
export function summaryValue(page: Page, key: string) {
  return page
    .locator('.govuk-summary-list__row')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^\\s*${escapeRegExp(key)}\\s*$`) }) })
    .locator('dd')
    .first()
}
