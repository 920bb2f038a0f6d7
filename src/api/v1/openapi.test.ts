import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../test-support/app.js'

type Operation = {
  security?: unknown[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<string, { content?: Record<string, unknown> }>
}
type Document = {
  openapi: string
  info: { title: string; version: string }
  servers: Array<{ url: string }>
  security: unknown[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> }
}

// The endpoints shared/API.md lists for schools, pupils, episodes, status and reports, and the ones added around them.
const CONTRACT: Array<[string, string]> = [
  ['post', '/schools'],
  ['put', '/schools/{urn}/calendar'],
  ['post', '/pupils'],
  ['get', '/pupils/{id}'],
  ['post', '/pupils/{id}/episodes'],
  ['get', '/pupils/{id}/status'],
  ['get', '/schools/{urn}/reports/governors'],
  ['post', '/pupils/{id}/peps'],
  ['get', '/pupils/{id}/pep-schedule'],
  ['post', '/schools/{urn}/attendance'],
  ['get', '/pupils/{id}/attendance'],
  ['post', '/pupils/{id}/suspensions'],
  ['get', '/pupils/{id}/suspensions/summary'],
]
const ADDED: Array<[string, string]> = [
  ['get', '/schools'],
  ['get', '/schools/{urn}'],
  ['get', '/schools/{urn}/calendar'],
  ['get', '/pupils'],
  ['patch', '/pupils/{id}'],
  ['post', '/pupils/{id}/leaving'],
  ['get', '/pupils/{id}/episodes'],
  ['get', '/pupils/{id}/subject-access-export'],
  ['get', '/pupils/{id}/peps'],
  ['get', '/pupils/{id}/peps/{pepId}'],
  ['put', '/pupils/{id}/peps/{pepId}'],
  ['post', '/pupils/{id}/peps/{pepId}/submit'],
  ['post', '/pupils/{id}/peps/{pepId}/decision'],
  ['post', '/pupils/{id}/episodes/{episodeId}/corrections'],
  ['post', '/pupils/{id}/episodes/{episodeId}/withdrawal'],
  ['post', '/pupils/{id}/episodes/{episodeId}/placement-changes'],
  ['get', '/local-authorities'],
  ['get', '/local-authorities/{code}'],
  ['put', '/local-authorities/{code}'],
  ['get', '/virtual-schools/{laCode}/settings'],
  ['put', '/virtual-schools/{laCode}/settings'],
  ['get', '/tasks'],
  ['post', '/tasks/{id}/done'],
  ['get', '/pupils/{id}/funding'],
  ['post', '/pupils/{id}/funding/allocations'],
  ['post', '/pupils/{id}/funding/releases'],
  ['post', '/pupils/{id}/funding/spends'],
  ['patch', '/pupils/{id}/funding/spends/{spendId}'],
  ['get', '/schools/{urn}/funding'],
  ['get', '/funding/rates/{financialYear}'],
  ['put', '/funding/rates/{financialYear}'],
  ['get', '/openapi.json'],
]

describe('GET /api/v1/openapi.json', () => {
  let t: TestApp
  let doc: Document

  beforeAll(async () => {
    t = await buildTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    doc = res.json<Document>()
  })
  afterAll(async () => t?.close())

  it('is an OpenAPI 3.1 document served without a token', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Harbour API')
    expect(doc.servers).toEqual([{ url: '/api/v1' }])
  })

  it.each([...CONTRACT, ...ADDED])('describes %s %s', (method, path) => {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined()
  })

  it('describes no endpoint that is not served', () => {
    const described = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    )
    expect(described.sort()).toEqual([...CONTRACT, ...ADDED].map(([m, p]) => `${m} ${p}`).sort())
  })

  it('asks for a bearer token everywhere except on itself', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/openapi.json']!.get!.security).toEqual([])
    expect(doc.paths['/pupils/{id}']!.get!.responses['401']).toBeDefined()
  })

  it('generates the request bodies from the zod schemas', () => {
    const body = doc.paths['/pupils']!.post!.requestBody!.content['application/json']!.schema
    expect(body).toEqual({ $ref: '#/components/schemas/NewPupil' })
    const newPupil = doc.components.schemas.NewPupil as {
      properties: Record<string, unknown>
      required: string[]
    }
    expect(Object.keys(newPupil.properties)).toEqual(
      expect.arrayContaining([
        'upn',
        'givenName',
        'familyName',
        'dateOfBirth',
        'schoolUrn',
        'yearGroup',
        'senProvision',
      ]),
    )
    expect(newPupil.required).toEqual(
      expect.arrayContaining(['upn', 'givenName', 'familyName', 'dateOfBirth', 'schoolUrn']),
    )
    expect(newPupil.properties.dateOfBirth).toMatchObject({ type: 'string', format: 'date' })
    const yearGroup = newPupil.properties.yearGroup as { anyOf?: unknown[]; type?: unknown }
    expect(JSON.stringify(yearGroup)).toContain('"minimum":-1')
    expect(JSON.stringify(yearGroup)).toContain('"maximum":14')
    const episode = doc.components.schemas.NewEpisode as { properties: Record<string, unknown> }
    expect(JSON.stringify(episode.properties.legalStatus)).toContain('V3')
  })

  it('describes errors as problem+json, with field errors for 422', () => {
    const responses = doc.paths['/pupils']!.post!.responses
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['201', '401', '413', '415', '422']))
    expect(responses['422']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ValidationProblem' } },
    })
    expect(doc.components.schemas.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail']) as unknown,
    })
    expect(JSON.stringify(doc.components.schemas.ValidationProblem)).toContain('FieldError')
  })

  it('describes the status flags the contract names', () => {
    const status = doc.components.schemas.Status as { properties: Record<string, unknown> }
    expect(Object.keys(status.properties).sort()).toEqual(
      [
        'on',
        'cla',
        'pla',
        'cswCurrent',
        'cswEver6',
        'kinship',
        'shortBreaksOnly',
        'responsibleLaCode',
      ].sort(),
    )
  })
})
