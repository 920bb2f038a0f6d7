import { and, asc, between, eq, inArray, or, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { bankHolidays, localAuthorities, schoolClosures, schools, schoolTerms } from '../schema/index.js'

export type SchoolRow = typeof schools.$inferSelect
export type LocalAuthorityRow = typeof localAuthorities.$inferSelect

export async function findSchoolByUrn(tx: Executor, urn: string): Promise<SchoolRow | undefined> {
  const [row] = await tx.select().from(schools).where(eq(schools.urn, urn))
  return row
}

export async function findSchoolById(tx: Executor, id: string): Promise<SchoolRow | undefined> {
  const [row] = await tx.select().from(schools).where(eq(schools.id, id))
  return row
}

export async function listSchools(tx: Executor, ids: string[] | null): Promise<SchoolRow[]> {
  return tx
    .select()
    .from(schools)
    .where(ids === null ? undefined : ids.length ? inArray(schools.id, ids) : sql`false`)
    .orderBy(asc(schools.name))
}

export async function termsOf(tx: Executor, schoolId: string) {
  return tx
    .select()
    .from(schoolTerms)
    .where(eq(schoolTerms.schoolId, schoolId))
    .orderBy(asc(schoolTerms.startDate))
}

export async function closuresOf(tx: Executor, schoolId: string) {
  return tx
    .select()
    .from(schoolClosures)
    .where(eq(schoolClosures.schoolId, schoolId))
    .orderBy(asc(schoolClosures.date))
}

/** The terms of many schools in one query (the PEP dashboards' schedules, set-based). */
export async function termsOfSchools(tx: Executor, schoolIds: string[]) {
  if (schoolIds.length === 0) return []
  return tx
    .select()
    .from(schoolTerms)
    .where(inArray(schoolTerms.schoolId, schoolIds))
    .orderBy(asc(schoolTerms.startDate))
}

export async function closuresOfSchools(tx: Executor, schoolIds: string[]) {
  if (schoolIds.length === 0) return []
  return tx
    .select()
    .from(schoolClosures)
    .where(inArray(schoolClosures.schoolId, schoolIds))
    .orderBy(asc(schoolClosures.date))
}

export async function allBankHolidays(tx: Executor) {
  return tx.select().from(bankHolidays).orderBy(asc(bankHolidays.date))
}

export async function listLocalAuthorities(tx: Executor): Promise<LocalAuthorityRow[]> {
  return tx.select().from(localAuthorities).orderBy(asc(localAuthorities.name))
}

export async function findLocalAuthority(tx: Executor, code: string): Promise<LocalAuthorityRow | undefined> {
  const [row] = await tx.select().from(localAuthorities).where(eq(localAuthorities.code, code))
  return row
}

export async function knownLaCodes(tx: Executor): Promise<Set<string>> {
  const rows = await tx.select({ code: localAuthorities.code }).from(localAuthorities)
  return new Set(rows.map((r) => r.code))
}

export async function replaceSchoolYearCalendar(
  tx: Executor,
  schoolId: string,
  schoolYears: number[],
  terms: Array<{
    schoolYear: number
    name: 'autumn' | 'spring' | 'summer'
    startDate: string
    endDate: string
  }>,
  closures: Array<{ date: string; reason: string | null }>,
  /** The first and last day of each school year replaced: its closures go with its terms. */
  schoolYearRanges: Array<{ from: string; to: string }>,
): Promise<void> {
  if (schoolYears.length) {
    await tx
      .delete(schoolTerms)
      .where(and(eq(schoolTerms.schoolId, schoolId), inArray(schoolTerms.schoolYear, schoolYears)))
  }
  if (schoolYearRanges.length) {
    await tx
      .delete(schoolClosures)
      .where(
        and(
          eq(schoolClosures.schoolId, schoolId),
          or(...schoolYearRanges.map((r) => between(schoolClosures.date, r.from, r.to))),
        ),
      )
  }
  if (terms.length) await tx.insert(schoolTerms).values(terms.map((t) => ({ ...t, schoolId })))
  if (closures.length) await tx.insert(schoolClosures).values(closures.map((c) => ({ ...c, schoolId })))
  await tx
    .update(schools)
    .set({ calendarVersion: sql`${schools.calendarVersion} + 1`, updatedAt: new Date() })
    .where(eq(schools.id, schoolId))
}
