import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'

// The 2026-27 financial year: its rate is not seeded.
const NOW = new Date('2026-11-23T10:00:00Z')
const URL = '/admin/pupil-premium-plus-rates'

describe('the pupil premium plus rates page', () => {
  let t: TestApp
  let admin: TestBrowser

  beforeAll(async () => {
    t = await buildTestApp({ now: () => NOW })
    admin = new TestBrowser(t.app)
    await admin.signIn((await aUser(t.ctx, 'admin', null)).user.email)
  })
  afterAll(async () => t?.close())

  it('is linked from administration and lists each year, with “rate not set” for a year without one', async () => {
    expect((await admin.get('/admin')).body).toContain(`href="${URL}"`)
    const page = await admin.get(URL)
    expect(page.statusCode).toBe(200)
    const rows = [
      ...page.body.matchAll(/<th scope="row"[^>]*>(\d{4}-\d{2})[\s\S]*?<td[^>]*>([^<]*)<\/td>/g),
    ].map((m) => [m[1], m[2]!.trim()])
    expect(rows).toEqual([
      ['2027-28', 'rate not set'],
      ['2026-27', 'rate not set'],
      ['2025-26', '£2,630'],
      ['2024-25', '£2,570'],
    ])
    // The next year to set is offered.
    expect(page.body).toMatch(/name="financialYear"[^>]*value="2026"/)
  })

  it('sets a later year’s rate, and refuses a year already set or an amount that is not money', async () => {
    const set = await admin.submit(URL, URL, {
      financialYear: '2026',
      amount: '2,700',
      source: 'DfE conditions of grant <2026-27>',
    })
    expect(set.statusCode).toBe(302)
    const page = await admin.get(URL)
    expect(page.body).toContain('The pupil premium plus rate for 2026-27 is set at £2,700')
    expect(page.body).toContain('DfE conditions of grant &lt;2026-27&gt;')

    const again = await admin.submit(URL, URL, { financialYear: '2026', amount: '2800', source: 'Again' })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('href="#financialYear"')
    expect(again.body).toContain('The rate for 2026-27 is already set')

    const bad = await admin.submit(URL, URL, { financialYear: '2027', amount: 'two thousand', source: '' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#amount"')
    expect(bad.body).toContain('href="#source"')
  })

  it('is forbidden to anyone else', async () => {
    const head = new TestBrowser(t.app)
    await head.signIn((await aUser(t.ctx, 'headteacher', await aSchool(t.ctx))).user.email)
    expect((await head.get(URL)).statusCode).toBe(403)
    expect(
      (await head.submit('/tasks', URL, { financialYear: '2027', amount: '1', source: 'x' })).statusCode,
    ).toBe(403)
  })
})
