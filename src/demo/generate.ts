/**
 * Loads the synthetic demo data (DEMO.md) into a database: the demo schools, their calendars,
 * pupils, cohort histories, contacts, staff, a few tasks and the PEPs of the children looked after;
 * this school year's attendance registers so far (with the alerts they raise), suspensions, and the
 * schools' designated roles, training and draft report to governors. Idempotent: when the first demo
 * school is already there, nothing is inserted and the summary of what is there is returned.
 */
import { hash } from '@node-rs/argon2'
import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import { v7 as uuidv7 } from 'uuid'
import type { Db, Executor, Tx } from '../data/db.js'
import { finishImport, startImport } from '../data/repositories/attendance-import.repository.js'
import {
  attendanceImports,
  attendanceWeeks,
  contacts,
  designatedRoleAppointments,
  governorsReports,
  pepEvents,
  pepTargetReviews,
  pepTargets,
  peps,
  placementChanges,
  pupils,
  pupilStaff,
  schoolClosures,
  schools,
  schoolTerms,
  statusEpisodes,
  suspensions,
  tasks,
  trainingAttendances,
  trainingCourses,
  trainingSessions,
  users,
} from '../data/schema/index.js'
import {
  addDays,
  addYears,
  isIsoDate,
  schoolYearBounds,
  schoolYearOf,
  todayInLondon,
  type IsoDate,
} from '../domain/calendar/dates.js'
import { DEFAULT_EVER6_YEARS } from '../domain/cohort/status.js'
import { dayNumberOf } from '../domain/attendance/week-slots.js'
import { raiseAttendanceAlerts } from '../services/attendance-alerts.js'
import { mergeIntoRegister } from '../services/attendance-register-merge.js'
import { WeekGrid } from '../services/attendance-week-grid.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { buildDemo, type DemoData } from './build.js'
import { demoRegister } from './register.js'
import { demoSchoolSpecs, DEMO_EMAIL_DOMAIN, type DemoSchoolSpec, type DemoSize } from './spec.js'
import { schoolEmail } from './users.js'

export const DEMO_PASSWORD = 'harbour-demo-2026'
/** The designated teacher of the demo secondary school. */
export const DEMO_SIGN_IN = { email: schoolEmail('dt', 'secondary'), password: DEMO_PASSWORD } as const
/** A seed whose standard demo sits close to the counts in DEMO.md. */
export const DEFAULT_DEMO_SEED = 136

export type DemoOptions = {
  seed?: number
  /** The reference date, `YYYY-MM-DD`; today in Europe/London by default. */
  today?: string
  size?: DemoSize
  /** With `size: 'large'`: how many secondary schools to add to the standard two. */
  schools?: number
}

export type DemoSchoolSummary = {
  urn: string
  name: string
  pupils: number
  cla: number
  pla: number
  cswCurrent: number
  cswEver6: number
  kinship: number
}

export type DemoSummary = {
  schools: DemoSchoolSummary[]
  signIn: { email: string; password: string }
  users: Array<{ email: string; role: string; school: string | null }>
}

const BATCH_ROWS = 500
/** The file name the demo's register import shows in a mark's history. */
export const DEMO_REGISTER_FILE = 'demo-register.csv (made-up marks)'
/**
 * The schools whose registers are loaded: the standard demo's. The extra secondaries of `size: 'large'` are
 * there for the Virtual School's dashboards, and a term of marks would add seconds per school to them.
 */
const SCHOOLS_WITH_REGISTERS = new Set(demoSchoolSpecs('standard').map((s) => s.urn))

export async function loadDemo(db: Db, options: DemoOptions = {}): Promise<DemoSummary> {
  const today = options.today ?? todayInLondon(new Date())
  if (!isIsoDate(today))
    throw new RangeError(`today must be a date like 2026-11-23, not ${JSON.stringify(today)}`)
  const size = options.size ?? 'standard'
  const specs = demoSchoolSpecs(size, options.schools)
  const [existing] = await db.select({ id: schools.id }).from(schools).where(eq(schools.urn, specs[0]!.urn))
  if (!existing) {
    const data = buildDemo({ seed: options.seed ?? DEFAULT_DEMO_SEED, today, size, schools: options.schools })
    // Hashing is slow by design: hash the shared password once for every demo user.
    const passwordHash = await hash(DEMO_PASSWORD)
    await db.transaction(async (tx) => {
      await insertDemo(tx, data, passwordHash)
      await insertRegisters(tx, data)
    })
  }
  // In a transaction, which carries the row scope: outside one, row-level security counts no pupils.
  return db.transaction((tx) => summariseDemo(tx, specs, today))
}

async function insertAll<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: ReadonlyArray<PgInsertValue<T>>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await tx.insert(table).values(rows.slice(i, i + BATCH_ROWS))
  }
}

async function insertDemo(tx: Executor, data: DemoData, passwordHash: string): Promise<void> {
  await insertAll(tx, schools, data.schools)
  await insertAll(tx, schoolTerms, data.terms)
  await insertAll(tx, schoolClosures, data.closures)
  const global = data.users.filter((u) => u.schoolId === null).map((u) => ({ ...u, passwordHash }))
  // The administrator or Virtual School users may have been made by hand; keep theirs.
  await tx.insert(users).values(global).onConflictDoNothing({ target: users.email })
  await insertAll(
    tx,
    users,
    data.users.filter((u) => u.schoolId !== null).map((u) => ({ ...u, passwordHash })),
  )
  await insertAll(tx, pupils, data.pupils)
  // A correction points at the row it supersedes, so the superseded rows go in first.
  const ordered = [...data.episodes].sort((a, b) => Number(!!a.supersedesId) - Number(!!b.supersedesId))
  await insertAll(tx, statusEpisodes, ordered)
  await insertAll(tx, placementChanges, data.placementChanges)
  await insertAll(tx, contacts, data.contacts)
  await insertAll(tx, pupilStaff, data.pupilStaff)
  await insertAll(tx, tasks, data.tasks)
  await insertAll(tx, peps, data.peps.peps)
  await insertAll(tx, pepTargets, data.peps.targets)
  await insertAll(tx, pepTargetReviews, data.peps.reviews)
  await insertAll(tx, pepEvents, data.peps.events)
  await insertAll(tx, suspensions, data.suspensions)
  await insertAll(tx, designatedRoleAppointments, data.governance.appointments)
  await insertAll(tx, trainingCourses, data.governance.courses)
  await insertAll(tx, trainingSessions, data.governance.sessions)
  await insertAll(tx, trainingAttendances, data.governance.attendances)
  await insertAll(tx, governorsReports, data.governance.reports)
  // Fresh statistics, so the planner knows the tables are no longer empty (PGlite has no autovacuum).
  await tx.execute(
    sql`analyze ${schools}, ${schoolTerms}, ${schoolClosures}, ${users}, ${pupils}, ${statusEpisodes}, ${placementChanges}, ${contacts}, ${pupilStaff}, ${tasks}, ${peps}, ${pepTargets}, ${pepTargetReviews}, ${pepEvents}, ${suspensions}, ${designatedRoleAppointments}, ${trainingSessions}, ${trainingAttendances}`,
  )
}

/**
 * This school year's registers up to yesterday, as if each school had imported its register file today: the
 * marks are gathered by pupil and week and merged as an import merges them (COPY, then set-based), one import
 * row records them, and the attendance alerts for pupils with a social worker are raised as an import raises
 * them (PD-6).
 */
async function insertRegisters(tx: Tx, data: DemoData): Promise<void> {
  const from = schoolYearBounds(schoolYearOf(data.today)).start
  const to = addDays(data.today, -1)
  for (const school of data.schools.filter((s) => SCHOOLS_WITH_REGISTERS.has(s.urn))) {
    const grid = new WeekGrid()
    let count = 0
    for (const mark of demoRegister(data, school.id, from, to)) {
      grid.set(mark.pupilId, dayNumberOf(mark.date), mark.session, mark.code)
      count += 1
    }
    if (count === 0) continue
    const importId = uuidv7()
    const importNumber = await startImport(tx, {
      id: importId,
      schoolId: school.id,
      source: 'cli',
      fileName: DEMO_REGISTER_FILE,
      createdBy: null,
    })
    const counts = await mergeIntoRegister(tx, school.id, grid, { importId, importNumber, today: data.today })
    await finishImport(tx, importId, { sha256: null, imported: count, ...counts })
    await raiseAttendanceAlerts(tx, { schoolId: school.id, importId, today: data.today, actor: SYSTEM_ACTOR })
  }
  await tx.execute(sql`analyze ${attendanceWeeks}, ${attendanceImports}`)
}

/** Counts from what is in the database (PD-3, PD-15), not from the generator's own tallies. */
export async function summariseDemo(
  db: Executor,
  specs: ReadonlyArray<DemoSchoolSpec>,
  today: IsoDate,
): Promise<DemoSummary> {
  const ever6From = addYears(today, -DEFAULT_EVER6_YEARS)
  // One row per pupil with a flag per cohort, from the current (not superseded, not withdrawn) episodes.
  const open = (types: ReadonlyArray<string>, from: IsoDate): SQL =>
    sql`bool_or(${statusEpisodes.type} in (${sql.join(
      types.map((t) => sql`${t}`),
      sql`, `,
    )}) and ${statusEpisodes.startDate} <= ${today}::date and (${statusEpisodes.endDate} is null or ${statusEpisodes.endDate} >= ${from}::date))`
  const flags = db
    .select({
      pupilId: statusEpisodes.pupilId,
      cla: sql<boolean>`${open(['CLA'], today)}`.as('cla'),
      pla: sql<boolean>`${open(['PLA'], today)}`.as('pla'),
      cswCurrent: sql<boolean>`${open(['CIN', 'CP'], today)}`.as('csw_current'),
      cswEver6: sql<boolean>`${open(['CIN', 'CP'], ever6From)}`.as('csw_ever6'),
      kinship: sql<boolean>`${open(['KINSHIP'], today)}`.as('kinship'),
    })
    .from(statusEpisodes)
    .where(and(isNull(statusEpisodes.supersededById), isNull(statusEpisodes.withdrawn)))
    .groupBy(statusEpisodes.pupilId)
    .as('flags')
  const counted = (flag: SQL.Aliased<boolean>) => sql<number>`count(*) filter (where ${flag})`.mapWith(Number)
  const rows = await db
    .select({
      urn: schools.urn,
      name: schools.name,
      pupils: sql<number>`count(*)`.mapWith(Number),
      cla: counted(flags.cla),
      pla: counted(flags.pla),
      cswCurrent: counted(flags.cswCurrent),
      cswEver6: counted(flags.cswEver6),
      kinship: counted(flags.kinship),
    })
    .from(pupils)
    .innerJoin(schools, eq(schools.id, pupils.schoolId))
    .leftJoin(flags, eq(flags.pupilId, pupils.id))
    .where(
      and(
        inArray(
          schools.urn,
          specs.map((s) => s.urn),
        ),
        isNull(pupils.leftOn),
        sql`(${pupils.enrolledOn} is null or ${pupils.enrolledOn} <= ${today}::date)`,
      ),
    )
    .groupBy(schools.urn, schools.name)
    .orderBy(asc(schools.urn))

  const demoUsers = await db
    .select({ email: users.email, role: users.role, school: schools.name })
    .from(users)
    .leftJoin(schools, eq(schools.id, users.schoolId))
    .where(or(like(users.email, `%@${DEMO_EMAIL_DOMAIN}`), like(users.email, `%.${DEMO_EMAIL_DOMAIN}`)))
    .orderBy(asc(users.email))

  const secondary = specs.find((s) => s.phase === 'secondary') ?? specs[0]!
  return {
    schools: rows,
    signIn: { email: schoolEmail('dt', secondary.slug), password: DEMO_PASSWORD },
    users: demoUsers,
  }
}
