import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { ServiceContext } from '../../../../services/context.js'
import { TestBrowser } from '../../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil } from '../../../../test-support/builders.js'

/**
 * A pupil at `school` looked after by local authority 919 (the test advisers' LA) since `since`:
 * one a PEP may be written for and PP+ allocated to.
 */
export async function aLookedAfterChild(
  ctx: ServiceContext,
  school: { urn: string },
  pupil: Parameters<typeof aPupil>[2] = {},
  since = '2025-01-10',
) {
  const child = await aPupil(ctx, school, pupil)
  await anEpisode(ctx, child.id, aClaEpisode({ startDate: since, responsibleLaCode: '919' }))
  return child
}

/** A browser signed in as the user with `email`. */
export async function aBrowserSignedInAs(app: FastifyInstance, email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(app)
  await browser.signIn(email)
  return browser
}

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
