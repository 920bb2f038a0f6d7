import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditEvents } from '../../../../data/schema/index.js'
import { correctEpisode } from '../../../../services/episodes.service.js'
import { getPupil } from '../../../../services/pupils.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../../../../test-support/builders.js'
import { paginationOf } from './routes.js'

describe('a pupil’s access history', () => {
  let t: TestApp
  let school: Awaited<ReturnType<typeof aSchool>>
  let pupil: Awaited<ReturnType<typeof aPupil>>
  let dsl: Awaited<ReturnType<typeof aUser>>
  let browser: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp()
    school = await aSchool(t.ctx)
    pupil = await aPupil(t.ctx, school, { givenName: 'Morgan', familyName: 'Watched' })
    const { episode } = await anEpisode(t.ctx, pupil.id, aClaEpisode())
    const dt = await aUser(t.ctx, 'designated_teacher', school, { name: 'Dana Teacher' })
    await getPupil(t.ctx, dt.actor, pupil.id)
    await correctEpisode(t.ctx, dt.actor, pupil.id, episode.id, {
      ...aClaEpisode({ startDate: '2024-01-11' }),
      reason: 'Typo',
    })
    // Someone from another school tries: refused, and recorded.
    const outsider = await aUser(t.ctx, 'designated_teacher', await aSchool(t.ctx), { name: 'Olly Outsider' })
    const other = new TestBrowser(t.app)
    await other.signIn(outsider.user.email)
    expect((await other.get(`/pupils/${pupil.id}`)).statusCode).toBe(404)
    dsl = await aUser(t.ctx, 'dsl', school, { name: 'Sam Lead' })
    browser = new TestBrowser(t.app)
    await browser.signIn(dsl.user.email)
  })
  afterAll(async () => t?.close())

  const rowsOf = (html: string) =>
    [
      ...html.matchAll(
        /<tr class="govuk-table__row">\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g,
      ),
    ].map((m) => [m[2]!.trim(), m[3]!.trim()])

  it('lists who viewed, changed or was refused the record, newest first, in plain words', async () => {
    const res = await browser.get(`/pupils/${pupil.id}/access-history`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Morgan Watched')
    const rows = rowsOf(res.body)
    expect(rows).toEqual([
      ['Olly Outsider, Designated teacher', 'Refused access'],
      ['Dana Teacher, Designated teacher', 'Corrected a status'],
      ['Dana Teacher, Designated teacher', 'Viewed the record'],
      ['Harbour, Administrator', 'Added a status'],
      ['Harbour, Administrator', 'Added the pupil'],
    ])
  })

  it('is linked from the pupil page for the DSL and the headteacher, not for a designated teacher', async () => {
    expect((await browser.get(`/pupils/${pupil.id}`)).body).toContain(
      `href="/pupils/${pupil.id}/access-history"`,
    )
    const head = new TestBrowser(t.app)
    await head.signIn((await aUser(t.ctx, 'headteacher', school)).user.email)
    expect((await head.get(`/pupils/${pupil.id}`)).body).toContain('Access history')
    const dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
    expect((await dt.get(`/pupils/${pupil.id}`)).body).not.toContain('access-history')
  })

  it('records each view of itself, which the next view lists', async () => {
    const mine = () =>
      t.ctx.db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.actorUserId, dsl.user.id),
            eq(auditEvents.action, 'pupil.access_history_viewed'),
          ),
        )
    const before = (await mine()).length
    await browser.get(`/pupils/${pupil.id}/access-history`)
    expect((await mine()).length).toBe(before + 1)
    expect((await mine())[before]).toMatchObject({ pupilId: pupil.id, schoolId: school.id })
    const next = await browser.get(`/pupils/${pupil.id}/access-history`)
    expect(rowsOf(next.body)[0]).toEqual([
      'Sam Lead, Designated safeguarding lead',
      'Viewed the access history',
    ])
  })

  it('shows 50 events a page, with links to the others', async () => {
    for (let i = 0; i < 55; i++) await getPupil(t.ctx, dsl.actor, pupil.id)
    const first = await browser.get(`/pupils/${pupil.id}/access-history`)
    expect(rowsOf(first.body)).toHaveLength(50)
    expect(first.body).toContain(`href="/pupils/${pupil.id}/access-history?page=2"`)
    const second = await browser.get(`/pupils/${pupil.id}/access-history?page=2`)
    expect(second.statusCode).toBe(200)
    expect(rowsOf(second.body).length).toBeGreaterThan(0)
    expect(rowsOf(second.body).at(-1)).toEqual(['Harbour, Administrator', 'Added the pupil'])
    expect((await browser.get(`/pupils/${pupil.id}/access-history?page=99`)).statusCode).toBe(404)
    expect((await browser.get(`/pupils/${pupil.id}/access-history?page=nonsense`)).statusCode).toBe(404)
  })

  it('refuses a designated teacher (403), and a DSL of another school as for an unknown pupil (404)', async () => {
    const dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
    expect((await dt.get(`/pupils/${pupil.id}/access-history`)).statusCode).toBe(403)
    const elsewhere = new TestBrowser(t.app)
    const otherDsl = await aUser(t.ctx, 'dsl', await aSchool(t.ctx))
    await elsewhere.signIn(otherDsl.user.email)
    const res = await elsewhere.get(`/pupils/${pupil.id}/access-history`)
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('Watched')
  })
})

describe('paginationOf', () => {
  it('has no pagination for one page, and links previous, next and each page otherwise', () => {
    expect(paginationOf('/x', 1, 1)).toBeNull()
    expect(paginationOf('/x', 2, 3)).toEqual({
      previous: { href: '/x' },
      next: { href: '/x?page=3' },
      items: [
        { number: 1, href: '/x', current: false },
        { number: 2, href: '/x?page=2', current: true },
        { number: 3, href: '/x?page=3', current: false },
      ],
    })
  })
})
