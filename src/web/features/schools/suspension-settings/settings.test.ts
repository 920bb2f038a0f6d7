import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getSuspensionSettings } from '../../../../services/suspension-settings.service.js'
import { buildTestApp, TestBrowser, type TestApp } from '../../../../test-support/app.js'
import { aSchool, aUser } from '../../../../test-support/builders.js'

let t: TestApp
let school: Awaited<ReturnType<typeof aSchool>>
let head: Awaited<ReturnType<typeof aUser>>
let browser: TestBrowser
let url: string

beforeAll(async () => {
  t = await buildTestApp()
  school = await aSchool(t.ctx)
  head = await aUser(t.ctx, 'headteacher', school)
  browser = new TestBrowser(t.app)
  await browser.signIn(head.user.email)
  url = `/schools/${school.urn}/suspension-settings`
})
afterAll(async () => t?.close())

const versionOn = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!

describe('the school’s suspension settings', () => {
  it('start empty, with the risk assessment due from the second suspension', async () => {
    const page = await browser.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/id="riskAssessmentFromSuspension"[^>]*value="2"/)
  })

  it('refuse an email address that is not one, and a trigger that is not a whole number; nothing saved', async () => {
    const page = await browser.get(url)
    const res = await browser.submit(url, url, {
      version: versionOn(page.body),
      representationsTo: 'The clerk',
      governingBoardEmail: 'clerk at school',
      localAuthorityExclusionsEmail: '',
      riskAssessmentFromSuspension: 'two',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#governingBoardEmail"')
    expect(res.body).toContain('href="#riskAssessmentFromSuspension"')
    expect((await getSuspensionSettings(t.ctx, head.actor, school.urn)).settings.representationsTo).toBeNull()
  })

  it('save where representations and notices go; another school’s are not found', async () => {
    const page = await browser.get(url)
    const res = await browser.submit(url, url, {
      version: versionOn(page.body),
      representationsTo: 'The clerk to the governors, 1 High Street',
      governingBoardEmail: 'clerk@school.example',
      localAuthorityExclusionsEmail: 'exclusions@la.example',
      riskAssessmentFromSuspension: '3',
    })
    expect(res.statusCode).toBe(302)
    expect((await getSuspensionSettings(t.ctx, head.actor, school.urn)).settings).toEqual({
      representationsTo: 'The clerk to the governors, 1 High Street',
      governingBoardEmail: 'clerk@school.example',
      localAuthorityExclusionsEmail: 'exclusions@la.example',
      riskAssessmentFromSuspension: 3,
    })
    // Saving from a page opened before that change is a conflict, not a lost update.
    const stale = await browser.submit(url, url, {
      version: versionOn(page.body),
      riskAssessmentFromSuspension: '2',
    })
    expect(stale.statusCode).toBe(409)
    const other = await aSchool(t.ctx)
    expect((await browser.get(`/schools/${other.urn}/suspension-settings`)).statusCode).toBe(404)
  })

  it('are the headteacher’s and the administrator’s, not the designated teacher’s', async () => {
    const dt = new TestBrowser(t.app)
    await dt.signIn((await aUser(t.ctx, 'designated_teacher', school)).user.email)
    expect((await dt.get(url)).statusCode).toBe(403)
  })
})
