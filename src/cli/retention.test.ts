import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { retentionReport } from '../services/retention.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aPupil, aSchool } from '../test-support/builders.js'
import { aPupilWithEverything, leaves } from '../test-support/full-record.js'
import { fixedContext } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { formatRetentionReport } from './retention.js'

let database: TestDatabase

beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(async () => database.close())

describe('harbour retention report (DOMAIN.md PD-13)', () => {
  it('prints the counts, the schools with no schedule, and one tab-separated line per record due', async () => {
    const ctx = fixedContext(database)
    const school = await aSchool(ctx, { name: 'Cli School' })
    const { pupil } = await aPupilWithEverything(ctx, school, { dateOfBirth: '2000-01-01' })
    await leaves(ctx, pupil.id, '2018-07-20')
    const other = await aPupil(ctx, school)
    await leaves(ctx, other.id, '2019-07-20')
    const text = formatRetentionReport(await retentionReport(ctx, SYSTEM_ACTOR))
    expect(text.split('\n')).toEqual([
      'Records past their retention date on 23 November 2026: 1 (1 looked after or with a social worker, 0 by a school’s schedule)',
      'Left, and not yet due: 0',
      'Left a school with no retention schedule set: 1',
      `No retention schedule set for Cli School (URN ${school.urn}): nothing of its other pupils is deleted`,
      '',
      'kept until\tpupil id\tUPN\tname\tschool URN\tlast day on roll\twhy',
      `2025-01-01\t${pupil.id}\t${pupil.upn}\tRobin Everything\t${school.urn}\t2018-07-20\tWas looked after or had a social worker: kept until their 25th birthday`,
      '',
    ])
  })
})
