import { sql } from 'drizzle-orm'
import type { Executor } from '../db.js'

export type TreatmentRow = { treatment: string; sessions: number }

/**
 * A pupil's current marks from `from` to `to` (both included), counted by the codes' treatment in one query:
 * `codes` is the code table (DOMAIN.md ATT-6) as pairs of code and treatment, joined as a list of values.
 */
export async function sessionsByTreatment(
  tx: Executor,
  pupilId: string,
  range: { from: string; to: string },
  codes: ReadonlyArray<{ code: string; treatment: string }>,
): Promise<TreatmentRow[]> {
  const result: unknown = await tx.execute(sql`
    select t.treatment, count(*)::int as sessions
      from attendance_mark m
      join unnest(${sql.param(codes.map((c) => c.code))}::text[],
                  ${sql.param(codes.map((c) => c.treatment))}::text[]) as t(code, treatment)
        on t.code = m.code
     where m.pupil_id = ${pupilId}::uuid and m.date between ${range.from}::date and ${range.to}::date
     group by t.treatment`)
  return (result as { rows: TreatmentRow[] }).rows
}
