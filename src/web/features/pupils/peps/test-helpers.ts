import type { LightMyRequestResponse } from 'fastify'
import type { TestBrowser } from '../../../../test-support/app.js'

/** The PEP's version, from the hidden field of the form on `page`. */
export function versionOn(page: LightMyRequestResponse): string {
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1]
  if (!version) throw new Error(`No version on the page (status ${page.statusCode})`)
  return version
}

/** Opens a section of the PEP form and saves it with `fields`, as the user would. */
export async function saveSection(
  browser: TestBrowser,
  pepUrl: string,
  slug: string,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const url = `${pepUrl}/edit/${slug}`
  const version = versionOn(await browser.get(url))
  return browser.submit(url, url, { version, ...fields })
}
