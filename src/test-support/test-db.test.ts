import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { openTestDatabase, OVERLAPPING_QUERY_MESSAGE, type TestDatabase } from './test-db.js'

const rowsOf = (result: unknown) => (result as { rows: unknown[] }).rows

// PGlite runs one query at a time by itself; only node-postgres has connections that can be asked twice at once.
describe.runIf(inject('testDbMode') === 'postgres')('the PostgreSQL test database', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await openTestDatabase()
  })
  afterAll(() => database.close())

  it('fails a transaction that sends a query while another of its queries is still running', async () => {
    const concurrently = database.db.transaction((tx) =>
      Promise.all([tx.execute(sql`select pg_sleep(0.05)`), tx.execute(sql`select 1`)]),
    )
    // Drizzle wraps the driver's error as the cause of its own "Failed query".
    await expect(concurrently).rejects.toHaveProperty('cause.message', OVERLAPPING_QUERY_MESSAGE)
  })

  it('leaves that connection rolled back, so later queries are each their own transaction', async () => {
    const result = await database.db.execute(sql`select now() = statement_timestamp() as alone`)
    expect(rowsOf(result)).toEqual([{ alone: true }])
  })

  it('runs the queries of a transaction one after another', async () => {
    const rows = await database.db.transaction(async (tx) => {
      const one = await tx.execute(sql`select 1 as n`)
      const two = await tx.execute(sql`select 2 as n`)
      return [...rowsOf(one), ...rowsOf(two)]
    })
    expect(rows).toEqual([{ n: 1 }, { n: 2 }])
  })
})
