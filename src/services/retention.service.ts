import { dataScopeOf, schoolScopeOf, type Actor } from '../domain/access/scope.js'
import { formatDate } from '../domain/calendar/dates.js'
import {
  DEFAULT_CARE_RECORDS_UNTIL_AGE,
  describeRetention,
  retentionOf,
  type RetentionDecision,
  type RetentionPolicy,
} from '../domain/retention/retention.js'
import type { Executor } from '../data/db.js'
import * as erasure from '../data/repositories/pupil-erasure.repository.js'
import * as retentionRepo from '../data/repositories/retention.repository.js'
import * as schoolsRepo from '../data/repositories/schools.repository.js'
import {
  deleteSetting,
  getSetting,
  getSettingsByPrefix,
  setSetting,
} from '../data/repositories/settings.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'

export type { RowCounts } from '../data/repositories/pupil-erasure.repository.js'

// DOMAIN.md PD-13's settings live in app_settings: one installation-wide age, one schedule per school.
const CARE_AGE_KEY = 'retention.care_records_until_age'
const SCHEDULE_PREFIX = 'retention.school_schedule.'
type Schedule = { yearsAfterLeaving: number }

export const CARE_AGE_RANGE = { min: 18, max: 100 }
export const SCHEDULE_YEARS_RANGE = { min: 1, max: 100 }

async function careRecordsUntilAge(tx: Executor): Promise<number> {
  return (await getSetting<number>(tx, CARE_AGE_KEY)) ?? DEFAULT_CARE_RECORDS_UNTIL_AGE
}

async function schedulesBySchool(tx: Executor): Promise<Map<string, number>> {
  const rows = await getSettingsByPrefix<Schedule>(tx, SCHEDULE_PREFIX)
  return new Map(rows.map(([key, s]) => [key.slice(SCHEDULE_PREFIX.length), s.yearsAfterLeaving]))
}

async function policyFor(tx: Executor, schoolId: string): Promise<RetentionPolicy> {
  return {
    careRecordsUntilAge: await careRecordsUntilAge(tx),
    yearsAfterLeaving:
      (await getSetting<Schedule>(tx, SCHEDULE_PREFIX + schoolId))?.yearsAfterLeaving ?? null,
  }
}

/** The retention settings the actor may see: the age for CLA and CSW records, and their schools' schedules. */
export async function getRetentionSettings(ctx: ServiceContext, actor: Actor) {
  authorise(actor, 'retention:read')
  return ctx.db.transaction(async (tx) => {
    const schedules = await schedulesBySchool(tx)
    const schools = await schoolsRepo.listSchools(tx, schoolScopeOf(actor))
    return {
      careRecordsUntilAge: await careRecordsUntilAge(tx),
      // The age is the same for every school: only an administrator of every school changes it.
      mayChangeCareAge: schoolScopeOf(actor) === null,
      schools: schools.map((s) => ({
        urn: s.urn,
        name: s.name,
        yearsAfterLeaving: schedules.get(s.id) ?? null,
      })),
    }
  })
}

export type RetentionSettingsInput = {
  /** Left out to keep it as it is. */
  careRecordsUntilAge?: number | undefined
  /** By URN; null removes the school's schedule (then nothing of theirs is deleted). */
  schedules: Record<string, number | null>
}

const wholeIn = (n: number, r: { min: number; max: number }) =>
  Number.isInteger(n) && n >= r.min && n <= r.max

export async function updateRetentionSettings(
  ctx: ServiceContext,
  actor: Actor,
  input: RetentionSettingsInput,
) {
  authorise(actor, 'retention:manage')
  const errors: FieldError[] = []
  const age = input.careRecordsUntilAge
  if (age !== undefined && schoolScopeOf(actor) !== null)
    errors.push({
      path: 'careRecordsUntilAge',
      message: 'Only an administrator of every school can change how long these records are kept',
    })
  else if (age !== undefined && !wholeIn(age, CARE_AGE_RANGE))
    errors.push({
      path: 'careRecordsUntilAge',
      message: `Enter an age from ${CARE_AGE_RANGE.min} to ${CARE_AGE_RANGE.max}, in whole years`,
    })
  for (const [urn, years] of Object.entries(input.schedules))
    if (years !== null && !wholeIn(years, SCHEDULE_YEARS_RANGE))
      errors.push({
        path: `schedules.${urn}`,
        message: `Enter a number of years from ${SCHEDULE_YEARS_RANGE.min} to ${SCHEDULE_YEARS_RANGE.max}, or leave it empty`,
      })
  return ctx.db.transaction(async (tx) => {
    const inScope = new Map(
      (await schoolsRepo.listSchools(tx, schoolScopeOf(actor))).map((s) => [s.urn, s.id]),
    )
    for (const urn of Object.keys(input.schedules)) if (!inScope.has(urn)) throw new NotFoundError('school')
    if (errors.length) throw new RuleBrokenError(errors)
    if (age !== undefined) await setSetting(tx, CARE_AGE_KEY, age)
    for (const [urn, years] of Object.entries(input.schedules)) {
      const key = SCHEDULE_PREFIX + inScope.get(urn)!
      if (years === null) await deleteSetting(tx, key)
      else await setSetting(tx, key, { yearsAfterLeaving: years } satisfies Schedule)
    }
    await audit(tx, actor, 'retention.settings_changed', {
      schoolId: actor.schoolId,
      entity: 'app_setting',
      details: { careRecordsUntilAge: age ?? null, schedules: input.schedules },
    })
  })
}

export type RetentionRow = {
  pupilId: string
  name: string
  upn: string
  schoolName: string
  schoolUrn: string
  leftOn: string
  decision: RetentionDecision
  reason: string
}

/**
 * DOMAIN.md PD-13: the pupils in scope who have left, sorted by what the retention rule says of them
 * today. `due` are past their retention date; `noSchedule` left a school with no schedule, so nothing
 * of theirs is deleted. Reading it is audited: it names pupils.
 */
export async function retentionReport(ctx: ServiceContext, actor: Actor) {
  authorise(actor, 'retention:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const careAge = await careRecordsUntilAge(tx)
    const schedules = await schedulesBySchool(tx)
    const leavers = await retentionRepo.leaversInScope(tx, dataScopeOf(actor), todayIso)
    const rows: RetentionRow[] = leavers.map((p) => {
      const policy = { careRecordsUntilAge: careAge, yearsAfterLeaving: schedules.get(p.schoolId) ?? null }
      const decision = retentionOf(p, policy, todayIso)
      return {
        pupilId: p.id,
        name: `${p.givenName} ${p.familyName}`,
        upn: p.upn,
        schoolName: p.schoolName,
        schoolUrn: p.schoolUrn,
        leftOn: p.leftOn!,
        decision,
        reason: describeRetention(decision, policy),
      }
    })
    const due = rows
      .filter((r) => r.decision.status === 'due')
      .sort((a, b) => (a.decision.dueOn ?? '').localeCompare(b.decision.dueOn ?? ''))
    const noSchedule = rows.filter((r) => r.decision.status === 'no_schedule')
    const counts = {
      leavers: rows.length,
      due: due.length,
      dueCareRecords: due.filter((r) => r.decision.basis === 'care_records').length,
      dueBySchedule: due.filter((r) => r.decision.basis === 'school_schedule').length,
      notYetDue: rows.filter((r) => r.decision.status === 'keep').length,
      noSchedule: noSchedule.length,
    }
    await audit(tx, actor, 'retention.report_viewed', { schoolId: actor.schoolId, details: counts })
    return {
      today: todayIso,
      careRecordsUntilAge: careAge,
      counts,
      due,
      // Schools with leavers waiting for a schedule, so the report can say "no retention schedule set".
      schoolsWithoutSchedule: [...new Set(noSchedule.map((r) => `${r.schoolName} (URN ${r.schoolUrn})`))],
    }
  })
}

async function deletionCase(tx: Executor, ctx: ServiceContext, actor: Actor, pupilId: string) {
  const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'pupil:delete')
  const facts = await retentionRepo.retentionFactsOf(tx, pupilId)
  if (!facts) throw new NotFoundError('pupil')
  const policy = await policyFor(tx, pupil.schoolId)
  const decision = retentionOf(facts, policy, today(ctx))
  return { pupil, decision, reason: describeRetention(decision, policy) }
}

/**
 * The delete page: the pupil, whether their record is past its retention date, and how many rows of
 * each kind deleting it would delete. An audited read of the record.
 */
export async function reviewPupilDeletion(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pupil:delete')
  return ctx.db.transaction(async (tx) => {
    const { pupil, decision, reason } = await deletionCase(tx, ctx, actor, pupilId)
    const counts = await erasure.countPupilRows(tx, pupilId)
    await audit(tx, actor, 'pupil.deletion_reviewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return { pupil: toPupilView(pupil), decision, reason, counts }
  })
}

/**
 * DOMAIN.md PD-13: deletes a pupil's record and every row about them, in one transaction, only when it
 * is past its retention date; refused (nothing changed) otherwise. The audit trail about the pupil
 * stays, and gains `pupil.deleted` with the row counts (never the name).
 */
export async function deletePupilRecords(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pupil:delete')
  return ctx.db.transaction(async (tx) => {
    const { pupil, decision, reason } = await deletionCase(tx, ctx, actor, pupilId)
    if (decision.status !== 'due')
      throw new RuleBrokenError(
        [
          {
            path: 'pupil',
            message:
              `This record is not past its retention date. ${reason}` +
              (decision.dueOn ? `: it can be deleted from ${formatDate(decision.dueOn)}.` : '.'),
          },
        ],
        'This record is not past its retention date',
      )
    const deleted = await erasure.erasePupil(tx, pupilId)
    if (!deleted) throw new NotFoundError('pupil')
    await audit(tx, actor, 'pupil.deleted', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { basis: decision.basis, dueOn: decision.dueOn, deleted: { ...deleted, pupil: 1 } },
    })
    return { pupil: toPupilView(pupil), deleted }
  })
}
