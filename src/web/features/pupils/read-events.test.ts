import { count, eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../data/schema/index.js'
import { addContact } from '../../../services/contacts.service.js'
import { SYSTEM_ACTOR } from '../../../services/users.service.js'
import { ApiClient, aTokenFor } from '../../../test-support/api-client.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../test-support/builders.js'

/** Every GET route the app has, from the router: a route added later cannot be missed. */
function getRoutes(app: FastifyInstance): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ method: 'GET', commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([^)]*)\))?$/.exec(line)
    if (!match) continue
    stack.length = match[1]!.length / 4
    stack.push(match[2]!)
    if (match[3]?.split(', ').includes('GET')) routes.push(stack.join(''))
  }
  return routes
}

// DESIGN.md "Access control and audit": every read of a pupil's record writes exactly one audit event
// about that pupil: not none (an unrecorded look), not two (a history that overstates who looked).
describe('each read of a pupil’s record writes exactly one audit event', () => {
  let t: TestApp
  let browser: TestBrowser
  let api: ApiClient
  let urls: Record<string, string>

  beforeAll(async () => {
    t = await buildTestApp()
    const school = await aSchool(t.ctx)
    const pupil = await aPupil(t.ctx, school)
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const contact = await addContact(t.ctx, SYSTEM_ACTOR, pupil.id, {
      role: 'social_worker',
      name: 'Sam Worker',
    })
    // The designated safeguarding lead may open every one of these pages.
    const dsl = await aUser(t.ctx, 'dsl', school)
    browser = new TestBrowser(t.app)
    await browser.signIn(dsl.user.email)
    api = new ApiClient(t.app, (await aTokenFor(t.ctx, 'dsl', school)).token)
    const p = `/pupils/${pupil.id}`
    urls = {
      '/pupils/:id': p,
      '/pupils/:id/edit': `${p}/edit`,
      '/pupils/:id/access-history': `${p}/access-history`,
      '/pupils/:id/episodes/new': `${p}/episodes/new?type=CP`,
      '/pupils/:id/episodes/:episodeId/correct': `${p}/episodes/${episode.id}/correct`,
      '/pupils/:id/episodes/:episodeId/withdraw': `${p}/episodes/${episode.id}/withdraw`,
      '/pupils/:id/episodes/:episodeId/placement-changes/new': `${p}/episodes/${episode.id}/placement-changes/new`,
      '/pupils/:id/contacts/new': `${p}/contacts/new`,
      '/pupils/:id/contacts/:contactId/edit': `${p}/contacts/${contact.id}/edit`,
      '/pupils/:id/staff/new': `${p}/staff/new`,
      '/api/v1/pupils/:id': `/api/v1${p}`,
      '/api/v1/pupils/:id/status': `/api/v1${p}/status`,
      '/api/v1/pupils/:id/episodes': `/api/v1${p}/episodes`,
    }
    eventsAbout = async () =>
      (await t.ctx.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.pupilId, pupil.id)))[0]!.n
  })
  afterAll(async () => t?.close())

  let eventsAbout: () => Promise<number>

  it('knows every GET route about one pupil, in pages and API', () => {
    const pupilRoutes = getRoutes(t.app).filter((r) => /(^|\/)pupils\/:id(\/|$)/.test(r))
    // A new route about a pupil must be added here, so that this test checks it is audited.
    expect(pupilRoutes.sort()).toEqual(Object.keys(urls).sort())
  })

  it.each([
    '/pupils/:id',
    '/pupils/:id/edit',
    '/pupils/:id/access-history',
    '/pupils/:id/episodes/new',
    '/pupils/:id/episodes/:episodeId/correct',
    '/pupils/:id/episodes/:episodeId/withdraw',
    '/pupils/:id/episodes/:episodeId/placement-changes/new',
    '/pupils/:id/contacts/new',
    '/pupils/:id/contacts/:contactId/edit',
    '/pupils/:id/staff/new',
    '/api/v1/pupils/:id',
    '/api/v1/pupils/:id/status',
    '/api/v1/pupils/:id/episodes',
  ])('GET %s', async (route) => {
    const url = urls[route]!
    const before = await eventsAbout()
    const res = url.startsWith('/api/v1')
      ? await api.get(url.slice('/api/v1'.length))
      : await browser.get(url)
    expect(res.statusCode).toBe(200)
    expect(await eventsAbout()).toBe(before + 1)
  })
})
