import { formatDate, isIsoDate, maxIso, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { statusOn, type PupilStatus } from '../domain/cohort/status.js'
import { checkManagedMove } from '../domain/exclusions/managed-moves.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { isUuid } from './ids.js'
import { requirePupil } from './pupils.service.js'
import { pupilName } from './suspension-facts.js'
import { createTask } from './tasks.service.js'

/** EX-14: a managed move, proposed and then agreed by the parents, the new school and the admission authority. */
export type ManagedMoveInput = {
  receivingSchool: string
  reason: string
  interventionsTried?: string | null | undefined
  parentsAgreedOn?: IsoDate | null | undefined
  receivingSchoolAgreedOn?: IsoDate | null | undefined
  admissionAuthorityAgreedOn?: IsoDate | null | undefined
  informationSharedOn?: IsoDate | null | undefined
  moveDate?: IsoDate | null | undefined
  notes?: string | null | undefined
  /** EX-14: refused; a temporary move is an off-site direction. */
  trialPeriod?: boolean | undefined
}

type MoveStatus = repo.ManagedMoveRow['status']

const DATE_FIELDS = [
  'parentsAgreedOn',
  'receivingSchoolAgreedOn',
  'admissionAuthorityAgreedOn',
  'informationSharedOn',
  'moveDate',
] as const

function inputProblems(input: ManagedMoveInput): FieldError[] {
  const errors: FieldError[] = []
  if (!input.receivingSchool?.trim())
    errors.push({ path: 'receivingSchool', message: 'Enter the new school' })
  if (!input.reason?.trim())
    errors.push({ path: 'reason', message: 'Enter why the move is in the pupil’s interests' })
  for (const f of DATE_FIELDS) {
    const d = input[f]
    if (d && !isIsoDate(d)) errors.push({ path: f, message: 'Enter a real date' })
  }
  errors.push(
    ...overlongFields([
      {
        path: 'receivingSchool',
        label: 'The new school',
        value: input.receivingSchool?.trim(),
        kind: 'organisation',
      },
      { path: 'reason', label: 'The reason', value: input.reason?.trim(), kind: 'note' },
      {
        path: 'interventionsTried',
        label: 'The support tried',
        value: input.interventionsTried?.trim(),
        kind: 'note',
      },
      { path: 'notes', label: 'The notes', value: input.notes?.trim(), kind: 'note' },
    ]),
  )
  return errors
}

/**
 * EX-14 once every party has agreed: the agreement dates, the move date, no trial, and the support tried first.
 * The notices it requires become tasks.
 */
function checkAgreed(status: PupilStatus, input: ManagedMoveInput, todayIso: IsoDate) {
  const agreed = [
    input.parentsAgreedOn,
    input.receivingSchoolAgreedOn,
    input.admissionAuthorityAgreedOn,
  ].filter((d): d is string => !!d && isIsoDate(d))
  return checkManagedMove(status, {
    agreedOn: agreed.length ? maxIso(...agreed) : todayIso,
    moveDate: input.moveDate ?? '',
    agreedBy: {
      parents: !!input.parentsAgreedOn,
      homeSchool: true,
      receivingSchool: !!input.receivingSchoolAgreedOn,
      admissionAuthority: !!input.admissionAuthorityAgreedOn,
    },
    trialPeriod: input.trialPeriod === true,
    interventionsTried: [input.interventionsTried ?? ''],
  })
}

const NOTICE_TITLES = {
  receiving_school: 'Share the pupil’s records with the new school',
  social_worker: 'Tell the social worker about the managed move',
  virtual_school_head: 'Tell the Virtual School about the managed move',
}

async function save(
  tx: Executor,
  actor: Actor,
  pupil: {
    id: string
    schoolId: string
    givenName: string
    familyName: string
    preferredName: string | null
  },
  status: PupilStatus,
  input: ManagedMoveInput,
  wanted: MoveStatus,
  todayIso: IsoDate,
  existing?: repo.ManagedMoveRow,
) {
  const errors = inputProblems(input)
  if (input.trialPeriod)
    errors.push({
      path: 'trialPeriod',
      message:
        'A managed move is permanent and cannot have a trial period. For a temporary move, use an off-site direction',
    })
  let warnings: Array<{ code: string; message: string }> = []
  const notices: Array<{ to: keyof typeof NOTICE_TITLES; dueBy: IsoDate; about: string }> = []
  if (!errors.length && wanted === 'agreed') {
    const check = checkAgreed(status, input, todayIso)
    if (!check.allowed) errors.push(...check.reasons.map((r) => ({ path: r.field, message: r.message })))
    else {
      warnings = check.warnings
      notices.push(...check.notices)
    }
  }
  if (errors.length) throw new RuleBrokenError(errors, 'The managed move cannot be saved')
  const values = {
    receivingSchool: input.receivingSchool.trim(),
    reason: input.reason.trim(),
    interventionsTried: input.interventionsTried?.trim() || null,
    parentsAgreedOn: input.parentsAgreedOn ?? null,
    receivingSchoolAgreedOn: input.receivingSchoolAgreedOn ?? null,
    admissionAuthorityAgreedOn: input.admissionAuthorityAgreedOn ?? null,
    informationSharedOn: input.informationSharedOn ?? null,
    moveDate: input.moveDate ?? null,
    notes: input.notes?.trim() || null,
    status: wanted,
  }
  const row = existing
    ? await repo.updateManagedMoveIfVersion(tx, existing.id, existing.version, values)
    : await repo.insertManagedMove(tx, {
        ...values,
        pupilId: pupil.id,
        schoolId: pupil.schoolId,
        createdBy: actor.userId,
      })
  if (!row) throw new ConflictError()
  for (const n of notices)
    await createTask(tx, {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      kind: `managed_move_${n.to}`,
      title: `${NOTICE_TITLES[n.to]}: ${pupilName(pupil)}`,
      detail: `${n.about}, by ${formatDate(n.dueBy)}.`,
      assigneeRole: n.to === 'receiving_school' ? 'headteacher' : 'designated_teacher',
      dueOn: n.dueBy,
      sourceKey: `managed_move:${row.id}:${n.to}`,
      createdBy: actor.userId,
    })
  return { move: row, warnings }
}

/** Records a proposed managed move, or one already agreed (EX-14). */
export async function createManagedMove(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: ManagedMoveInput & { status?: 'proposed' | 'agreed' | undefined },
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const status = statusOn(await pupilsRepo.currentEpisodesOf(tx, [pupil.id]), todayIso)
    const saved = await save(tx, actor, pupil, status, input, input.status ?? 'proposed', todayIso)
    await audit(tx, actor, 'managed_move.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'managed_move',
      entityId: saved.move.id,
      details: { status: saved.move.status },
    })
    return saved
  })
}

/** Changes a managed move: agreements recorded, agreed (EX-14's checks), completed or withdrawn. */
export async function updateManagedMove(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  moveId: string,
  version: number,
  changes: Partial<ManagedMoveInput> & { status?: MoveStatus | undefined },
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const row = isUuid(moveId) ? await repo.findManagedMove(tx, moveId) : undefined
    if (!row || row.pupilId !== pupil.id) throw new NotFoundError('managed move')
    if (row.version !== version) throw new ConflictError()
    if (row.status === 'completed' || row.status === 'withdrawn')
      throw new RuleBrokenError([
        { path: 'status', message: `This managed move was ${row.status}, so it cannot change` },
      ])
    const status = statusOn(await pupilsRepo.currentEpisodesOf(tx, [pupil.id]), todayIso)
    const merged: ManagedMoveInput = {
      receivingSchool: row.receivingSchool,
      reason: row.reason,
      interventionsTried: row.interventionsTried,
      parentsAgreedOn: row.parentsAgreedOn,
      receivingSchoolAgreedOn: row.receivingSchoolAgreedOn,
      admissionAuthorityAgreedOn: row.admissionAuthorityAgreedOn,
      informationSharedOn: row.informationSharedOn,
      moveDate: row.moveDate,
      notes: row.notes,
      ...changes,
    }
    const wanted = changes.status ?? row.status
    // Agreeing runs EX-14's checks once; completing an agreed move needs them to have passed.
    if (wanted === 'completed' && row.status !== 'agreed')
      throw new RuleBrokenError([
        { path: 'status', message: 'Record the move as agreed before it is completed' },
      ])
    // Tasks have source keys, so agreeing again after a change does not set them twice.
    const saved = await save(tx, actor, pupil, status, merged, wanted, todayIso, row)
    await audit(tx, actor, 'managed_move.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'managed_move',
      entityId: row.id,
      details: { status: saved.move.status, changed: Object.keys(changes) },
    })
    return saved
  })
}
