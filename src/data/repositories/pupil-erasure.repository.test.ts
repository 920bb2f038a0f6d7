import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tablesReferringToPupil, tablesWithPupilId } from '../../test-support/pupil-tables.js'
import { openTestDatabase, type TestDatabase } from '../../test-support/test-db.js'
import { PUPIL_RECORD_TABLES } from './pupil-erasure.repository.js'

let database: TestDatabase

beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(async () => database.close())

// DOMAIN.md PD-13: deleting a record deletes every row about the pupil. A table added later is caught
// here rather than left behind (or, with a foreign key, making every deletion fail).
describe('the tables a pupil’s deletion empties', () => {
  it('are every table with a pupil_id, but the audit trail, which stays', async () => {
    expect([...PUPIL_RECORD_TABLES, 'audit_event'].sort()).toEqual(await tablesWithPupilId(database.db))
  })

  it('include every table with a foreign key to pupil', async () => {
    expect(PUPIL_RECORD_TABLES).toEqual(expect.arrayContaining(await tablesReferringToPupil(database.db)))
  })

  it('leave the audit trail free of a foreign key that would stop the deletion', async () => {
    expect(await tablesReferringToPupil(database.db)).not.toContain('audit_event')
  })
})
