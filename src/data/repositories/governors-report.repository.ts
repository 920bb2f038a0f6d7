/**
 * The aggregates the governors' report counts (DOMAIN.md PD-11, GOV-4): each query reads ids, codes,
 * numbers and dates only, never a name, UPN, date of birth or free text, and groups in the database so
 * that a whole school's year of attendance marks comes back as one row per pupil.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../db.js'

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

export type DateRange = { from: string; to: string }

export type PupilSessionsRow = {
  pupilId: string
  present: number
  authorised: number
  unauthorised: number
  notCounted: number
}

/**
 * Each pupil of the school's current marks in `range`, counted by treatment (ATT-7): `codes` is the code
 * table as pairs of code and treatment. A code not in the table counts as not counted.
 */
export async function sessionsByPupil(
  tx: Executor,
  schoolId: string,
  range: DateRange,
  codes: ReadonlyArray<{ code: string; treatment: string }>,
): Promise<PupilSessionsRow[]> {
  const result: unknown = await tx.execute(sql`
    with treatment as (
      select * from unnest(${sql.param(codes.map((c) => c.code))}::text[],
                           ${sql.param(codes.map((c) => c.treatment))}::text[]) as t(code, treatment)
    ), by_code as (
      -- A semi-join, not a join: measured a third faster on PGlite (bench/governors-report.bench.ts).
      select m.pupil_id, m.code, count(*)::int as sessions
        from attendance_mark m
       where m.pupil_id in (select id from pupil where school_id = ${schoolId}::uuid)
         and m.date between ${range.from}::date and ${range.to}::date
         -- The stored weeks that can hold those dates (a week starts at most 6 days before its marks).
         and m.week_start between ${range.from}::date - 6 and ${range.to}::date
       group by m.pupil_id, m.code
    )
    select b.pupil_id as "pupilId",
           coalesce(sum(b.sessions) filter (where t.treatment = 'present'), 0)::int as present,
           coalesce(sum(b.sessions) filter (where t.treatment = 'authorised'), 0)::int as authorised,
           coalesce(sum(b.sessions) filter (where t.treatment = 'unauthorised'), 0)::int as unauthorised,
           coalesce(sum(b.sessions) filter (where t.treatment is null or t.treatment = 'not_counted'), 0)::int
             as "notCounted"
      from by_code b
      left join treatment t on t.code = b.code
     group by b.pupil_id`)
  return rowsOf<PupilSessionsRow>(result)
}

export type PupilSuspensionsRow = {
  pupilId: string
  suspensions: number
  halfDays: number
  permanentExclusions: number
}

/** Each pupil's active (not cancelled) suspensions and permanent exclusions of the school year, up to `to`. */
export async function suspensionsByPupil(
  tx: Executor,
  schoolId: string,
  schoolYear: number,
  to: string,
): Promise<PupilSuspensionsRow[]> {
  const result: unknown = await tx.execute(sql`
    select pupil_id as "pupilId",
           count(*) filter (where category in ('SUSP', 'LNCH'))::int as suspensions,
           coalesce(sum(half_days) filter (where category in ('SUSP', 'LNCH')), 0)::int as "halfDays",
           count(*) filter (where category = 'PERM')::int as "permanentExclusions"
      from suspension
     where school_id = ${schoolId}::uuid and school_year = ${schoolYear} and status = 'active'
       and start_date <= ${to}::date
     group by pupil_id`)
  return rowsOf<PupilSuspensionsRow>(result)
}

/** Whether the school has recorded any suspension at all, in any year and whatever became of it. */
export async function schoolHasSuspensions(tx: Executor, schoolId: string): Promise<boolean> {
  const result: unknown = await tx.execute(
    sql`select exists (select 1 from suspension where school_id = ${schoolId}::uuid) as recorded`,
  )
  return rowsOf<{ recorded: boolean }>(result)[0]?.recorded ?? false
}

/** The quality ratings of the school's PEPs approved with a meeting in `range` (PEP-12). */
export async function pepRatingsIn(
  tx: Executor,
  schoolId: string,
  range: DateRange,
): Promise<Array<{ pupilId: string; rating: string }>> {
  const result: unknown = await tx.execute(sql`
    select pupil_id as "pupilId", quality_rating as rating
      from pep
     where school_id = ${schoolId}::uuid and kind = 'pep' and status = 'approved'
       and quality_rating is not null and meeting_date between ${range.from}::date and ${range.to}::date`)
  return rowsOf(result)
}

/** The outcomes of the target reviews recorded at the school's submitted PEPs held in `range`. */
export async function targetReviewsIn(
  tx: Executor,
  schoolId: string,
  range: DateRange,
): Promise<Array<{ pupilId: string; outcome: 'met' | 'partly_met' | 'not_met' }>> {
  const result: unknown = await tx.execute(sql`
    select r.pupil_id as "pupilId", r.outcome
      from pep_target_review r
      join pep p on p.id = r.pep_id
     where p.school_id = ${schoolId}::uuid and p.status <> 'draft'
       and p.meeting_date between ${range.from}::date and ${range.to}::date`)
  return rowsOf(result)
}

/** The school's PP+ and pupil premium spend items dated in `range`: how many, how many with an impact. */
export async function spendImpactIn(
  tx: Executor,
  schoolId: string,
  range: DateRange,
): Promise<{ spendItems: number; withImpact: number; pupils: number }> {
  const result: unknown = await tx.execute(sql`
    select count(*)::int as "spendItems",
           count(*) filter (where nullif(btrim(impact), '') is not null)::int as "withImpact",
           count(distinct pupil_id)::int as pupils
      from funding_spend
     where school_id = ${schoolId}::uuid and spent_on between ${range.from}::date and ${range.to}::date`)
  return rowsOf<{ spendItems: number; withImpact: number; pupils: number }>(result)[0]!
}

/** Whether the school has set its term dates for the school year (CAL-2, CAL-3). */
export async function hasTermsFor(tx: Executor, schoolId: string, schoolYear: number): Promise<boolean> {
  const result: unknown = await tx.execute(sql`
    select exists (select 1 from school_term where school_id = ${schoolId}::uuid and school_year = ${schoolYear})
      as set`)
  return rowsOf<{ set: boolean }>(result)[0]?.set ?? false
}

/** What the PEP schedule needs of each pupil (PEP-9 reads the date of birth; it never leaves the service). */
export async function scheduleFactsOf(
  tx: Executor,
  pupilIds: readonly string[],
): Promise<
  Array<{
    id: string
    schoolId: string
    dateOfBirth: string
    enrolledOn: string | null
    leftOn: string | null
  }>
> {
  if (pupilIds.length === 0) return []
  const result: unknown = await tx.execute(sql`
    select id, school_id as "schoolId", date_of_birth as "dateOfBirth", enrolled_on as "enrolledOn",
           left_on as "leftOn"
      from pupil
     where id = any(${sql.param([...pupilIds])}::uuid[])`)
  return rowsOf(result)
}
