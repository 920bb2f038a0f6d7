import { and, eq, like } from 'drizzle-orm'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../config.js'
import { auditEvents, tasks } from '../data/schema/index.js'
import type { ServiceContext } from '../services/context.js'
import { appointToRole } from '../services/governance.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { FIXED_NOW } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { GOVERNANCE_TASKS_INTERVAL_MS, startGovernanceTasks } from './governance-tasks.js'
import { startJobs } from './scheduler.js'

// The register is edited on 23 November 2026 (FIXED_NOW), in the 2026 to 2027 school year; then nobody touches
// it, and the clock moves on to Monday 6 September 2027, the 2027 to 2028 school year.
const NEXT_SCHOOL_YEAR = new Date('2027-09-06T07:00:00Z')

let database: TestDatabase
let now: Date
let ctx: ServiceContext
const silent = pino({ level: 'silent' })

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = { db: database.db, now: () => now }
})
afterAll(async () => database?.close())
afterEach(() => {
  vi.useRealTimers()
})

/** A school whose designated teacher was appointed last school year, with this year's tasks from that edit. */
async function aSchoolWithItsDtAppointed() {
  now = FIXED_NOW
  const school = await aSchool(ctx)
  const dt = await aUser(ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const head = await aUser(ctx, 'headteacher', school)
  const { appointment } = await appointToRole(ctx, head.actor, school.urn, {
    role: 'designated_teacher',
    personName: 'Dee Teacher',
    userId: dt.user.id,
    startDate: '2025-09-01',
    hasQts: true,
    inductionCompleted: true,
    onLeadershipTeam: true,
  })
  return { school, dt, appointment }
}

/** The school's governance tasks for the school year starting in `year`, from the source key. */
const tasksOfYear = (schoolId: string, year: number) =>
  database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.schoolId, schoolId), like(tasks.sourceKey, `governance:${schoolId}:${year}:%`)))

const dtTrainingOf = async (schoolId: string, year: number) =>
  (await tasksOfYear(schoolId, year)).filter(
    (t) => t.kind === 'governance_training' && t.sourceKey!.includes(':dt_training:'),
  )

/** Waits on real time until `check` holds, for at most 5 seconds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 10) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('timed out')
}

describe('the governance-tasks job (POL-1, POL-3, POL-4)', () => {
  it('gives a new school year’s training task to the designated teacher without anyone editing the register', async () => {
    const { school, dt, appointment } = await aSchoolWithItsDtAppointed()
    expect(await dtTrainingOf(school.id, 2026)).toHaveLength(1)

    now = NEXT_SCHOOL_YEAR
    expect(await tasksOfYear(school.id, 2027)).toEqual([])
    const job = startGovernanceTasks(ctx, silent, { firstRunMs: 0 })
    try {
      await until(async () => (await dtTrainingOf(school.id, 2027)).length > 0)
    } finally {
      job.stop()
    }
    const [task] = await dtTrainingOf(school.id, 2027)
    expect(task).toMatchObject({
      assigneeUserId: dt.user.id,
      assigneeRole: 'designated_teacher',
      doneAt: null,
      // Harbour's own work: no user wrote it.
      createdBy: null,
    })
    expect(task!.sourceKey).toContain(appointment.id)
    expect(task!.title).toMatch(/^Designated teacher training: at least 2 days by \d+ July 2028$/)
    expect(task!.dueOn > '2028-07-01').toBe(true)
    // Whole-staff attachment-aware training falls due again too (POL-4).
    expect((await tasksOfYear(school.id, 2027)).map((t) => t.sourceKey)).toContainEqual(
      expect.stringContaining(':atip_whole_staff:school:'),
    )
    const events = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'governance_tasks.refreshed'))
    expect(events.map((e) => e.actorUserId)).toEqual([SYSTEM_ACTOR.userId])
  })

  it('runs again each day, creating each task once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { school } = await aSchoolWithItsDtAppointed()
    const job = startGovernanceTasks(ctx, silent, { firstRunMs: 60 * 60_000 })
    try {
      vi.advanceTimersByTime(GOVERNANCE_TASKS_INTERVAL_MS - 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
      now = NEXT_SCHOOL_YEAR
      expect(await tasksOfYear(school.id, 2027)).toEqual([])
      vi.advanceTimersByTime(1)
      await until(async () => (await dtTrainingOf(school.id, 2027)).length > 0)
      const first = (await tasksOfYear(school.id, 2027)).map((t) => t.id).sort()
      vi.advanceTimersByTime(GOVERNANCE_TASKS_INTERVAL_MS)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect((await tasksOfYear(school.id, 2027)).map((t) => t.id).sort()).toEqual(first)
    } finally {
      job.stop()
    }
  })

  it('is started daily by startJobs with the other jobs, and stops with them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { school } = await aSchoolWithItsDtAppointed()
    const jobs = startJobs(ctx, loadConfig({}), silent)
    try {
      now = NEXT_SCHOOL_YEAR
      vi.advanceTimersByTime(GOVERNANCE_TASKS_INTERVAL_MS)
      await until(async () => (await dtTrainingOf(school.id, 2027)).length > 0)
    } finally {
      await jobs.stop()
    }
    const later = await aSchoolWithItsDtAppointed()
    now = NEXT_SCHOOL_YEAR
    vi.advanceTimersByTime(2 * GOVERNANCE_TASKS_INTERVAL_MS)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await tasksOfYear(later.school.id, 2027)).toEqual([])
  })
})
