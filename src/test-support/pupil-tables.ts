import { sql } from 'drizzle-orm'
import type { Executor } from '../data/db.js'

const namesOf = (result: unknown) =>
  (result as { rows: Array<{ name: string }> }).rows.map((r) => r.name).sort()

/** Every table of the database with a `pupil_id` column: the tables that hold rows about a pupil. */
export async function tablesWithPupilId(db: Executor): Promise<string[]> {
  return namesOf(
    await db.execute(sql`select table_name as name from information_schema.columns
      where table_schema = current_schema() and column_name = 'pupil_id'`),
  )
}

/** Every table with a foreign key to `pupil`, whatever its column is called. */
export async function tablesReferringToPupil(db: Executor): Promise<string[]> {
  return namesOf(
    await db.execute(sql`select distinct conrelid::regclass::text as name from pg_constraint
      where contype = 'f' and confrelid = 'pupil'::regclass`),
  )
}
