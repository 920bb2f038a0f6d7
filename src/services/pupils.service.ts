import { isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import { cohortsOf, statusOn, type Cohort, type PupilStatus } from '../domain/cohort/status.js'
import { validateUpn } from '../domain/identifiers/upn.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Action } from '../domain/access/permissions.js'
import { dataScopeOf, type Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { isUuid } from './ids.js'
import { ConflictError, NotFoundError, OutOfScopeError, RuleBrokenError, type FieldError } from './errors.js'
import { requireSchool } from './schools.service.js'

export type PupilInput = {
  upn: string
  givenName: string
  familyName: string
  preferredName?: string | null | undefined
  dateOfBirth: IsoDate
  yearGroup?: number | null | undefined
  senProvision?: 'N' | 'K' | 'E' | undefined
  enrolledOn?: IsoDate | null | undefined
}

export type NewPupil = PupilInput & { schoolUrn: string }

export type PupilView = ReturnType<typeof toPupilView>

export function toPupilView(p: pupilsRepo.PupilRow & { schoolUrn?: string; schoolName?: string }) {
  return {
    id: p.id,
    upn: p.upn,
    givenName: p.givenName,
    familyName: p.familyName,
    preferredName: p.preferredName,
    dateOfBirth: p.dateOfBirth,
    yearGroup: p.yearGroup,
    senProvision: p.senProvision,
    enrolledOn: p.enrolledOn,
    leftOn: p.leftOn,
    schoolUrn: p.schoolUrn,
    schoolName: p.schoolName,
    version: p.version,
  }
}

function checkPupil(input: PupilInput, todayIso: IsoDate): { errors: FieldError[]; upn: string } {
  const errors: FieldError[] = []
  const upn = validateUpn(input.upn ?? '')
  if (!upn.ok) errors.push({ path: 'upn', message: upn.message })
  if (!input.givenName?.trim()) errors.push({ path: 'givenName', message: 'Enter the pupil’s first name' })
  if (!input.familyName?.trim()) errors.push({ path: 'familyName', message: 'Enter the pupil’s last name' })
  errors.push(
    ...overlongFields([
      { path: 'givenName', label: 'First name', value: input.givenName?.trim(), kind: 'name' },
      { path: 'familyName', label: 'Last name', value: input.familyName?.trim(), kind: 'name' },
      { path: 'preferredName', label: 'Preferred name', value: input.preferredName?.trim(), kind: 'name' },
    ]),
  )
  if (!input.dateOfBirth) errors.push({ path: 'dateOfBirth', message: 'Enter the pupil’s date of birth' })
  else if (!isIsoDate(input.dateOfBirth))
    errors.push({ path: 'dateOfBirth', message: 'Date of birth must be a real date' })
  else if (input.dateOfBirth >= todayIso)
    errors.push({ path: 'dateOfBirth', message: 'Date of birth must be in the past' })
  const yg = input.yearGroup
  if (yg !== null && yg !== undefined && (!Number.isInteger(yg) || yg < -1 || yg > 14))
    errors.push({ path: 'yearGroup', message: 'Year group must be a whole number from -1 (nursery) to 14' })
  if (input.enrolledOn && !isIsoDate(input.enrolledOn))
    errors.push({ path: 'enrolledOn', message: 'Enrolment date must be a real date' })
  return { errors, upn: upn.ok ? upn.upn : '' }
}

export async function createPupil(ctx: ServiceContext, actor: Actor, input: NewPupil) {
  authorise(actor, 'pupil:create')
  const { errors, upn } = checkPupil(input, today(ctx))
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, input.schoolUrn)
    if (upn && (await pupilsRepo.upnIsOnRoll(tx, school.id, upn)))
      errors.push({ path: 'upn', message: `A pupil with UPN ${upn} is already on roll at this school` })
    if (errors.length) throw new RuleBrokenError(errors)
    const row = await pupilsRepo.insertPupil(tx, {
      schoolId: school.id,
      upn,
      givenName: input.givenName.trim(),
      familyName: input.familyName.trim(),
      preferredName: input.preferredName?.trim() || null,
      dateOfBirth: input.dateOfBirth,
      yearGroup: input.yearGroup ?? null,
      senProvision: input.senProvision ?? 'N',
      enrolledOn: input.enrolledOn ?? null,
    })
    await audit(tx, actor, 'pupil.created', {
      schoolId: school.id,
      pupilId: row.id,
      entity: 'pupil',
      entityId: row.id,
    })
    return toPupilView({ ...row, schoolUrn: school.urn, schoolName: school.name })
  })
}

/**
 * Loads a pupil the actor may see, or throws NotFound (existence is not revealed). When the pupil exists
 * but is out of scope, the NotFound is an OutOfScopeError, which the error handlers audit as a refusal
 * of `action` (DESIGN.md "Access control and audit": every failed permission check is recorded).
 */
export async function requirePupil(
  tx: Executor,
  actor: Actor,
  pupilId: string,
  todayIso: IsoDate,
  action: Action = 'pupil:read',
) {
  if (!isUuid(pupilId)) throw new NotFoundError('pupil')
  const pupil = await pupilsRepo.findPupilInScope(tx, dataScopeOf(actor), todayIso, pupilId)
  if (pupil) return pupil
  const schoolId = await pupilsRepo.schoolOfPupil(tx, pupilId)
  if (schoolId) throw new OutOfScopeError(action, pupilId, schoolId)
  throw new NotFoundError('pupil')
}

/**
 * Refuses, before any input is read, an action on a pupil the actor may not do it to: 403 for the role,
 * 404 for a pupil out of scope or unknown (the refusal is audited by the error handlers). Reads nothing
 * more and writes no read event: the service that does the work checks again and records it.
 */
export async function checkPupilAccess(ctx: ServiceContext, actor: Actor, pupilId: string, action: Action) {
  authorise(actor, action)
  await ctx.db.transaction(async (tx) => {
    await requirePupil(tx, actor, pupilId, today(ctx), action)
  })
}

export async function getPupil(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'pupil:read')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx))
    await audit(tx, actor, 'pupil.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
    })
    return toPupilView(pupil)
  })
}

export async function updatePupil(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  version: number,
  input: PupilInput,
) {
  authorise(actor, 'pupil:update')
  const { errors, upn } = checkPupil(input, today(ctx))
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'pupil:update')
    if (upn && upn !== pupil.upn && (await pupilsRepo.upnIsOnRoll(tx, pupil.schoolId, upn, pupilId)))
      errors.push({ path: 'upn', message: `A pupil with UPN ${upn} is already on roll at this school` })
    if (errors.length) throw new RuleBrokenError(errors)
    const row = await pupilsRepo.updatePupil(tx, pupilId, version, {
      upn,
      givenName: input.givenName.trim(),
      familyName: input.familyName.trim(),
      preferredName: input.preferredName?.trim() || null,
      dateOfBirth: input.dateOfBirth,
      yearGroup: input.yearGroup ?? null,
      senProvision: input.senProvision ?? 'N',
      enrolledOn: input.enrolledOn ?? null,
    })
    if (!row) throw new ConflictError()
    const before: Record<string, unknown> = pupil
    const changed = (Object.keys(input) as Array<keyof PupilInput>).filter(
      (k) => (input[k] ?? null) !== (before[k] ?? null),
    )
    await audit(tx, actor, 'pupil.updated', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { fields: changed },
    })
    return toPupilView({ ...row, schoolUrn: pupil.schoolUrn, schoolName: pupil.schoolName })
  })
}

export async function getStatus(ctx: ServiceContext, actor: Actor, pupilId: string, on?: IsoDate) {
  authorise(actor, 'pupil:read')
  const date = on ?? today(ctx)
  if (!isIsoDate(date))
    throw new RuleBrokenError([{ path: 'on', message: 'Enter a real date, like 2026-09-01' }])
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx))
    const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupilId])
    await audit(tx, actor, 'pupil.status_viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      details: { on: date },
    })
    return statusOn(episodes, date)
  })
}

export type RegisterFilter = {
  cohort?: Cohort | undefined
  yearGroup?: number | undefined
  search?: string | undefined
  schoolUrn?: string | undefined
  on?: IsoDate | undefined
}

export type RegisterRow = PupilView & { status: PupilStatus; cohorts: Cohort[] }

/** The register: every pupil in scope with a status history, filtered by cohort, year and name or UPN. */
export async function listRegister(
  ctx: ServiceContext,
  actor: Actor,
  filter: RegisterFilter,
): Promise<{ rows: RegisterRow[]; on: IsoDate; counts: Record<Cohort, number> }> {
  authorise(actor, 'register:read')
  const on = filter.on ?? today(ctx)
  if (!isIsoDate(on))
    throw new RuleBrokenError([{ path: 'on', message: 'Enter a real date, like 2026-09-01' }])
  return ctx.db.transaction(async (tx) => {
    const schoolId = filter.schoolUrn ? (await requireSchool(tx, actor, filter.schoolUrn)).id : undefined
    const pupils = await pupilsRepo.listPupilsInScope(tx, dataScopeOf(actor), today(ctx), {
      schoolId,
      yearGroup: filter.yearGroup,
      search: filter.search || undefined,
      withEpisodesOnly: !filter.search,
    })
    const episodes = await pupilsRepo.currentEpisodesOf(
      tx,
      pupils.map((p) => p.id),
    )
    const byPupil = Map.groupBy(episodes, (e) => e.pupilId)
    const counts: Record<Cohort, number> = { cla: 0, pla: 0, csw_current: 0, csw_ever6: 0, kinship: 0 }
    const rows: RegisterRow[] = []
    for (const p of pupils) {
      const status = statusOn(byPupil.get(p.id) ?? [], on)
      const cohorts = cohortsOf(status)
      if (!filter.search && cohorts.length === 0) continue
      for (const c of cohorts) counts[c]++
      if (filter.cohort && !cohorts.includes(filter.cohort)) continue
      rows.push({ ...toPupilView(p), status, cohorts })
    }
    await audit(tx, actor, 'register.viewed', {
      schoolId: schoolId ?? actor.schoolId,
      details: {
        cohort: filter.cohort ?? null,
        yearGroup: filter.yearGroup ?? null,
        searched: !!filter.search,
        rows: rows.length,
      },
    })
    return { rows, on, counts }
  })
}

/**
 * A partial update (the API's PATCH): fields not given keep their current values. `version` must be the
 * version the caller read; a stale one is a ConflictError, and so is a change made between this read
 * and the update, because every update increments the version.
 */
export async function patchPupil(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  version: number,
  changes: Partial<PupilInput>,
) {
  authorise(actor, 'pupil:update')
  // In a transaction, as every read of a pupil: only a transaction carries the row scope.
  const current = await ctx.db.transaction((tx) =>
    requirePupil(tx, actor, pupilId, today(ctx), 'pupil:update'),
  )
  const merged: PupilInput = {
    upn: current.upn,
    givenName: current.givenName,
    familyName: current.familyName,
    preferredName: current.preferredName,
    dateOfBirth: current.dateOfBirth,
    yearGroup: current.yearGroup,
    senProvision: current.senProvision,
    enrolledOn: current.enrolledOn,
  }
  for (const [key, value] of Object.entries(changes) as Array<[keyof PupilInput, unknown]>)
    if (value !== undefined) Object.assign(merged, { [key]: value })
  return updatePupil(ctx, actor, pupilId, version, merged)
}
