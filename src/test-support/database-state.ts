import { sql } from 'drizzle-orm'
import type { Db } from '../data/db.js'

/**
 * A digest of every row of every table, by table: two calls give equal maps only when nothing was added,
 * changed or removed in between. For the tests that show a refused request changed nothing.
 *
 * `session` is left out: an ordinary request may write its own session (a CSRF secret, the last-seen
 * time), and that is not a change an attack could make.
 */
export async function databaseState(
  db: Db,
  leaveOut: readonly string[] = ['session'],
): Promise<Record<string, string>> {
  const rowsOf = async <Row>(query: ReturnType<typeof sql>): Promise<Row[]> => {
    const result: unknown = await db.execute(query)
    return (result as { rows: Row[] }).rows
  }
  const tables = (
    await rowsOf<{ name: string }>(
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
  )
    .map((r) => r.name)
    .filter((name) => !leaveOut.includes(name))
  const state: Record<string, string> = {}
  for (const name of tables) {
    const [row] = await rowsOf<{ n: number; digest: string }>(
      sql`select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest
          from ${sql.identifier(name)} t`,
    )
    state[name] = `${row!.n} rows, ${row!.digest}`
  }
  return state
}
