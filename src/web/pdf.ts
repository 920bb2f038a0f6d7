import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'

// DESIGN.md "PDF": a page's own print view, rendered by Chromium through playwright-core when both are
// here; without them the page offers the browser's print instead. Launched with the flags DESIGN.md
// lists as needed on this kind of machine (the same as test/e2e/support/harbour.ts).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const RENDER_TIMEOUT_MS = 30_000

const stylesheet = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dist-assets',
  'harbour.css',
)

/** Where Chromium is: CHROMIUM_PATH, or Debian's package. Read on each call, so tests can change it. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

function playwrightInstalled(): boolean {
  try {
    import.meta.resolve('playwright-core')
    return true
  } catch {
    return false
  }
}

/** Whether this server can make PDFs: Chromium is installed, and so is playwright-core to drive it. */
export function pdfAvailable(): boolean {
  return existsSync(chromiumPath()) && playwrightInstalled()
}

/** Harbour's stylesheet, to put inside a page rendered away from the server; empty when not built. */
export async function inlineStylesheet(): Promise<string> {
  return readFile(stylesheet, 'utf8').catch(() => '')
}

export type PdfRenderer = {
  /**
   * Prints a complete HTML document (its styles inline: the page is not loaded from the server) to an
   * A4 PDF, with the print stylesheet. No script runs and nothing is fetched from the network.
   */
  render(html: string): Promise<Buffer>
  close(): Promise<void>
}

/**
 * One Chromium for the app, started at the first PDF and kept for the next (starting it takes seconds);
 * each PDF gets a context of its own, closed after. Started again if it has gone away.
 */
export function pdfRenderer(): PdfRenderer {
  let browser: Promise<Browser> | null = null
  const launch = async (): Promise<Browser> => {
    const { chromium } = await import('playwright-core')
    const started = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: RENDER_TIMEOUT_MS,
    })
    started.on('disconnected', () => {
      browser = null
    })
    return started
  }
  return {
    async render(html) {
      browser ??= launch().catch((error: unknown) => {
        browser = null
        throw error
      })
      const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true })
      try {
        const page = await context.newPage()
        page.setDefaultTimeout(RENDER_TIMEOUT_MS)
        await page.route('**/*', (route) => route.abort())
        await page.setContent(html, { waitUntil: 'load' })
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
        })
      } finally {
        await context.close()
      }
    },
    async close() {
      const running = browser
      browser = null
      if (running) await (await running.catch(() => null))?.close()
    },
  }
}
