import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { openTestDatabase, type TestDatabase } from '../../../src/test-support/test-db.js'
import { loadDemoIfEmpty } from '../../../src/services/demo.service.js'
import type { DemoSummary } from '../../../src/demo/generate.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export type Harbour = {
  baseUrl: string
  demo: DemoSummary
  app: FastifyInstance
  database: TestDatabase
  close(): Promise<void>
}

/** Harbour on a random local port, with the small synthetic demo school loaded. */
export async function startHarbour(): Promise<Harbour> {
  const database = await openTestDatabase()
  const demo = (await loadDemoIfEmpty(database.db, { size: 'small', seed: 7 }))!
  const app = await buildApp({ database, rateLimit: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    demo,
    app,
    database,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}

/** Debian's Chromium, headless, with nothing of its own going on in the background. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Chromium and a first page, in a browser context of its own. */
export async function launchChromium(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser()
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true })
  return { browser, page: await context.newPage() }
}

/** Runs axe on the current page for WCAG 2.2 A and AA, and fails with the list of violations. */
export async function expectAccessible(page: Page): Promise<void> {
  // After the load event, so GOV.UK Frontend's scripts have finished changing the page.
  await page.waitForLoadState('load')
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze()
  const problems = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
  expect(problems, `accessibility problems on ${page.url()}`).toEqual([])
}

export type Journey = { readonly h: Harbour; readonly page: Page; readonly browser: Browser }

/** Starts Harbour on the demo school and a Chromium page before the tests of a `describe`, and stops both after. */
export function useHarbourInChromium(options: { javaScriptEnabled?: boolean } = {}): Journey {
  let h: Harbour | undefined
  let chromium: { browser: Browser; page: Page } | undefined
  beforeAll(async () => {
    h = await startHarbour()
    chromium = await launchChromium(options)
  })
  afterAll(async () => {
    await chromium?.browser.close()
    await h?.close()
  })
  return {
    get h() {
      return h!
    },
    get page() {
      return chromium!.page
    },
    get browser() {
      return chromium!.browser
    },
  }
}
