import { sql } from 'drizzle-orm'
import type { Executor } from '../data/db.js'

const namesOf = (result: unknown) =>
  (result as { rows: Array<{ name: string }> }).rows.map((r) => r.name).sort()

/**
 * Every table of the database with a `pupil_id` column: the tables that hold rows about a pupil. Views (such
 * as `attendance_mark`, over `attendance_week`) hold none of their own.
 */
export async function tablesWithPupilId(db: Executor): Promise<string[]> {
  return namesOf(
    await db.execute(sql`select c.table_name as name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'pupil_id' and t.table_type = 'BASE TABLE'`),
  )
}

/** Every table with a foreign key to `pupil`, whatever its column is called. */
export async function tablesReferringToPupil(db: Executor): Promise<string[]> {
  return namesOf(
    await db.execute(sql`select distinct conrelid::regclass::text as name from pg_constraint
      where contype = 'f' and confrelid = 'pupil'::regclass`),
  )
}
