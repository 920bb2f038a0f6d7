/**
 * What the attendance pages read (issue 5 item 6), set-based: a pupil's superseded marks, each cohort's
 * figures against all other pupils, and the pupils persistently absent or falling. The code table
 * (DOMAIN.md ATT-6) comes in as pairs of code and treatment, joined as a list of values, so the rule
 * that maps a code to its treatment stays in domain/attendance/codes.ts.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db.js'

export type CodeTreatment = { code: string; treatment: string }
export type DatedPeriod = { key: string; from: string; to: string }

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

const textArray = (values: readonly string[]) => sql`${sql.param(values)}::text[]`
const dateArray = (values: readonly string[]) => sql`${sql.param(values)}::date[]`

function codesTable(codes: ReadonlyArray<CodeTreatment>): SQL {
  return sql`select * from unnest(${textArray(codes.map((c) => c.code))},
                                   ${textArray(codes.map((c) => c.treatment))}) as c(code, treatment)`
}

export type SupersededMark = {
  date: string
  session: 'AM' | 'PM'
  code: string
  recordedAt: Date
  supersededAt: Date
}

/** The marks later ones replaced (ATT-4), from `from` to `to`, oldest first within each session. */
export async function supersededMarksOf(
  tx: Executor,
  pupilId: string,
  range: { from: string; to: string },
): Promise<SupersededMark[]> {
  const result: unknown = await tx.execute(sql`
    select to_char(date, 'YYYY-MM-DD') as "date", session, code, recorded_at as "recordedAt",
           superseded_at as "supersededAt"
      from attendance_mark_history
     where pupil_id = ${pupilId}::uuid and date between ${range.from}::date and ${range.to}::date
     order by date, session, superseded_at, id`)
  return rowsOf<SupersededMark>(result).map((r) => ({
    ...r,
    recordedAt: new Date(r.recordedAt),
    supersededAt: new Date(r.supersededAt),
  }))
}

export const COHORT_COLUMNS = ['cla', 'pla', 'cswCurrent', 'cswEver6', 'kinship'] as const
export type CohortColumn = (typeof COHORT_COLUMNS)[number]

export type CohortAggregateRow = {
  key: string
  cohort: CohortColumn
  /** True for the cohort's pupils, false for all other pupils on roll. */
  inCohort: boolean
  /** Pupils with at least one possible session in the period. */
  pupils: number
  present: number
  possible: number
  persistent: number
  severe: number
}

/**
 * For each period, each cohort's pupils and all other pupils on roll: pupils with possible sessions, sessions
 * attended and possible, and how many pupils were persistently (≥ 10%) or severely (≥ 50%) absent (ATT-7,
 * ATT-8), in one statement: marks are counted by treatment per pupil and period, then summed per cohort.
 *
 * A pupil is in a cohort for a period when an episode of it (current: not superseded, not withdrawn) is open
 * on at least one of their days on roll in the period: the rule of the governors' report (PD-11), with
 * ever-6 as PD-3 says on the earliest such day. Marks count only on the pupil's days on roll (per enrolment).
 */
export async function cohortAggregates(
  tx: Executor,
  input: {
    schoolId: string
    periods: ReadonlyArray<DatedPeriod>
    codes: ReadonlyArray<CodeTreatment>
    ever6Years: number
  },
): Promise<CohortAggregateRow[]> {
  if (input.periods.length === 0) return []
  const overlaps = sql`e.start_date <= r.d_to and (e.end_date is null or e.end_date >= r.d_from)`
  const result: unknown = await tx.execute(sql`
    with periods as (
      select * from unnest(${textArray(input.periods.map((p) => p.key))},
                           ${dateArray(input.periods.map((p) => p.from))},
                           ${dateArray(input.periods.map((p) => p.to))}) as p(key, p_from, p_to)
    ),
    codes as (${codesTable(input.codes)}),
    roll as (
      select p.id as pupil_id, per.key,
             greatest(per.p_from, coalesce(p.enrolled_on, per.p_from)) as d_from,
             least(per.p_to, coalesce(p.left_on, per.p_to)) as d_to
        from pupil p cross join periods per
       where p.school_id = ${input.schoolId}::uuid
         and coalesce(p.enrolled_on, per.p_from) <= per.p_to
         and coalesce(p.left_on, per.p_to) >= per.p_from
    ),
    counts as (
      select r.pupil_id, r.key,
             count(*) filter (where c.treatment = 'present') as present,
             count(*) filter (where c.treatment in ('authorised', 'unauthorised')) as absent
        from roll r
        join attendance_mark m on m.pupil_id = r.pupil_id and m.date between r.d_from and r.d_to
         and m.week_start between r.d_from - 6 and r.d_to
        join codes c on c.code = m.code
       group by r.pupil_id, r.key
    ),
    flags as (
      select r.pupil_id, r.key,
             coalesce(bool_or(e.type = 'CLA' and ${overlaps}), false) as cla,
             coalesce(bool_or(e.type = 'PLA' and ${overlaps}), false) as pla,
             coalesce(bool_or(e.type in ('CIN', 'CP') and ${overlaps}), false) as csw_current,
             coalesce(bool_or(e.type in ('CIN', 'CP') and e.start_date <= r.d_to and (e.end_date is null
               or e.end_date >= (greatest(r.d_from, e.start_date)
                                 - make_interval(years => ${input.ever6Years}::int))::date)), false) as csw_ever6,
             coalesce(bool_or(e.type = 'KINSHIP' and ${overlaps}), false) as kinship
        from roll r
        left join status_episode e
          on e.pupil_id = r.pupil_id and e.superseded_by_id is null and e.withdrawn_reason is null
       group by r.pupil_id, r.key
    ),
    per_pupil as (
      select f.*, coalesce(c.present, 0) as present, coalesce(c.present + c.absent, 0) as possible,
             coalesce(c.absent, 0) as absent
        from flags f left join counts c on c.pupil_id = f.pupil_id and c.key = f.key
    )
    select pp.key, g.cohort, g.in_cohort as "inCohort",
           count(*) filter (where pp.possible > 0)::int as pupils,
           coalesce(sum(pp.present), 0)::int as present,
           coalesce(sum(pp.possible), 0)::int as possible,
           count(*) filter (where pp.possible > 0 and pp.absent * 10 >= pp.possible)::int as persistent,
           count(*) filter (where pp.possible > 0 and pp.absent * 2 >= pp.possible)::int as severe
      from per_pupil pp
      cross join lateral (values ('cla', pp.cla), ('pla', pp.pla), ('cswCurrent', pp.csw_current),
                                 ('cswEver6', pp.csw_ever6), ('kinship', pp.kinship)) as g(cohort, in_cohort)
     group by pp.key, g.cohort, g.in_cohort`)
  return rowsOf<CohortAggregateRow>(result)
}

const TREATMENTS = ['present', 'authorised', 'unauthorised', 'not_counted'] as const

export type SessionCounts = { present: number; authorised: number; unauthorised: number; notCounted: number }

export type PupilAtRiskRow = {
  pupilId: string
  givenName: string
  familyName: string
  yearGroup: number | null
  year: SessionCounts
  thisHalfTerm: SessionCounts
  lastHalfTerm: SessionCounts
}

/**
 * Pupils on roll on `today` who are persistently absent over `year` (ATT-8: absence ≥ 10% of possible
 * sessions), or whose attendance in `thisHalfTerm` is at least `fallingPoints` percentage points lower than
 * in `lastHalfTerm`, both half-terms having at least `minSessions` possible sessions. Exact whole-number
 * arithmetic, never rounded percentages. Each with their sessions by treatment in the three periods.
 */
export async function pupilsPersistentlyAbsentOrFalling(
  tx: Executor,
  input: {
    schoolId: string
    today: string
    year: { from: string; to: string }
    thisHalfTerm: { from: string; to: string } | null
    lastHalfTerm: { from: string; to: string } | null
    codes: ReadonlyArray<CodeTreatment>
    fallingPoints: number
    minSessions: number
  },
): Promise<PupilAtRiskRow[]> {
  // With no half-term to compare, an empty range that no mark falls in.
  const none = { from: '1900-01-02', to: '1900-01-01' }
  const now = input.thisHalfTerm ?? none
  const before = input.lastHalfTerm ?? none
  const counted = (range: { from: string; to: string }, prefix: string) =>
    sql.join(
      TREATMENTS.map(
        (t) =>
          sql`count(*) filter (where c.treatment = ${t} and m.date between ${range.from}::date and ${range.to}::date)::int as ${sql.identifier(`${prefix}_${t}`)}`,
      ),
      sql`, `,
    )
  const result: unknown = await tx.execute(sql`
    with codes as (${codesTable(input.codes)}),
    per_pupil as (
      select m.pupil_id, ${counted(input.year, 'y')}, ${counted(now, 't')}, ${counted(before, 'l')}
        from pupil p
        join attendance_mark m on m.pupil_id = p.id
        join codes c on c.code = m.code
       where p.school_id = ${input.schoolId}::uuid
         and (p.left_on is null or p.left_on >= ${input.today}::date)
         and (m.date between ${input.year.from}::date and ${input.year.to}::date
              or m.date between ${before.from}::date and ${before.to}::date)
         and m.week_start between least(${input.year.from}::date, ${before.from}::date) - 6
                              and greatest(${input.year.to}::date, ${before.to}::date)
       group by m.pupil_id
    ),
    sums as (
      select *, y_present + y_authorised + y_unauthorised as y_possible,
                t_present + t_authorised + t_unauthorised as t_possible,
                l_present + l_authorised + l_unauthorised as l_possible
        from per_pupil
    )
    select p.id as "pupilId", p.given_name as "givenName", p.family_name as "familyName",
           p.year_group as "yearGroup", s.*
      from sums s join pupil p on p.id = s.pupil_id
     where (s.y_possible > 0 and (s.y_authorised + s.y_unauthorised) * 10 >= s.y_possible)
        or (s.t_possible >= ${input.minSessions}::int and s.l_possible >= ${input.minSessions}::int
            and 100 * (s.l_present::bigint * s.t_possible - s.t_present::bigint * s.l_possible)
                >= ${input.fallingPoints}::int * s.l_possible::bigint * s.t_possible)
     order by p.family_name, p.given_name, p.id`)
  type Raw = Record<string, number> &
    Pick<PupilAtRiskRow, 'pupilId' | 'givenName' | 'familyName' | 'yearGroup'>
  const countsOf = (r: Raw, prefix: string): SessionCounts => ({
    present: Number(r[`${prefix}_present`]),
    authorised: Number(r[`${prefix}_authorised`]),
    unauthorised: Number(r[`${prefix}_unauthorised`]),
    notCounted: Number(r[`${prefix}_not_counted`]),
  })
  return rowsOf<Raw>(result).map((r) => ({
    pupilId: r.pupilId,
    givenName: r.givenName,
    familyName: r.familyName,
    yearGroup: r.yearGroup,
    year: countsOf(r, 'y'),
    thisHalfTerm: countsOf(r, 't'),
    lastHalfTerm: countsOf(r, 'l'),
  }))
}
