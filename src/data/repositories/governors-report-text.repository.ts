/** The stored part of the report to governors: the designated teacher's words and the report's status. */
import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { governorsReports } from '../schema/index.js'

export type WrittenReportRow = typeof governorsReports.$inferSelect

export async function findWrittenReport(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
): Promise<WrittenReportRow | undefined> {
  const [row] = await tx
    .select()
    .from(governorsReports)
    .where(and(eq(governorsReports.schoolId, schoolId), eq(governorsReports.schoolYear, schoolYear)))
  return row
}

/** The first save for a school year; undefined when someone else saved one first (a 409). */
export async function insertWrittenReport(
  tx: Executor,
  values: typeof governorsReports.$inferInsert,
): Promise<WrittenReportRow | undefined> {
  const [row] = await tx.insert(governorsReports).values(values).onConflictDoNothing().returning()
  return row
}

/** An update at the version the user read; undefined when the version has moved on (a 409). */
export async function updateWrittenReportIfVersion(
  tx: Executor,
  id: string,
  expectedVersion: number,
  values: Partial<typeof governorsReports.$inferInsert>,
): Promise<WrittenReportRow | undefined> {
  const [row] = await tx
    .update(governorsReports)
    .set({ ...values, version: sql`${governorsReports.version} + 1`, updatedAt: new Date() })
    .where(and(eq(governorsReports.id, id), eq(governorsReports.version, expectedVersion)))
    .returning()
  return row
}
