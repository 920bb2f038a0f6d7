/**
 * The tasks a suspension's duties become (DOMAIN.md PD-7, PD-17, PEP-8): each obligation is a dated task for the
 * role that does it, and done together with it.
 */
import { formatDate, type IsoDate } from '../domain/calendar/dates.js'
import type { Role } from '../domain/access/roles.js'
import type { PupilStatus } from '../domain/cohort/status.js'
import { OBLIGATION_LABELS, type ObligationKind } from '../domain/exclusions/obligations.js'
import type { Executor } from '../data/db.js'
import * as tasksRepo from '../data/repositories/tasks.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { createTask } from './tasks.service.js'

/** Task kinds are the obligation's kind with this prefix, so the tasks page can tell them apart. */
export const SUSPENSION_TASK_PREFIX = 'suspension_'
export const INTERIM_PEP_REVIEW_TASK = 'interim_pep_review'
export const RISK_ASSESSMENT_REVIEW_TASK = 'risk_assessment_review'

/**
 * Who does each duty. The headteacher gives the notices, arranges day-6 provision and the board's meeting with
 * its clerk; the risk assessment is the designated teacher's for a looked after or previously looked after
 * child, the DSL's for a child with a social worker, otherwise the headteacher's (PD-7, POL-22).
 */
export function assigneeOf(kind: ObligationKind, status: PupilStatus): Role {
  if (kind !== 'risk_assessment') return 'headteacher'
  if (status.cla || status.pla) return 'designated_teacher'
  if (status.cswCurrent) return 'dsl'
  return 'headteacher'
}

/** One obligation, stored with its task. */
export async function createObligation(
  tx: Executor,
  input: {
    suspensionId: string
    pupil: { id: string; schoolId: string }
    pupilName: string
    status: PupilStatus
    kind: ObligationKind
    dueBy: IsoDate
    detail: string | null
    createdBy: string
  },
) {
  const task = await createTask(tx, {
    schoolId: input.pupil.schoolId,
    pupilId: input.pupil.id,
    kind: `${SUSPENSION_TASK_PREFIX}${input.kind}`,
    title: `${OBLIGATION_LABELS[input.kind]}: ${input.pupilName}`,
    detail: input.detail,
    assigneeRole: assigneeOf(input.kind, input.status),
    dueOn: input.dueBy,
    sourceKey: `suspension:${input.suspensionId}:${input.kind}`,
    createdBy: input.createdBy,
  })
  return repo.insertObligation(tx, {
    suspensionId: input.suspensionId,
    pupilId: input.pupil.id,
    kind: input.kind,
    dueBy: input.dueBy,
    taskId: task?.id ?? null,
  })
}

/** Marks an obligation and its task done (the first to mark it wins); false when it was already done. */
export async function closeObligation(
  tx: Executor,
  obligation: Pick<repo.ObligationRow, 'id' | 'taskId'>,
  userId: string,
  note: string | null,
  at: Date,
): Promise<boolean> {
  const done = await repo.markObligationDone(tx, obligation.id, userId, note, at)
  if (obligation.taskId) await tasksRepo.completeTask(tx, obligation.taskId, userId, note)
  return done !== undefined
}

/** PD-7, PEP-8: a prompt for the designated teacher to consider an interim PEP review, once per reason. */
export async function promptInterimPepReview(
  tx: Executor,
  input: {
    pupil: { id: string; schoolId: string }
    pupilName: string
    because: 'at_risk' | 'suspended'
    sourceId: string
    on: IsoDate
    createdBy: string
  },
) {
  return createTask(tx, {
    schoolId: input.pupil.schoolId,
    pupilId: input.pupil.id,
    kind: INTERIM_PEP_REVIEW_TASK,
    title: `Consider an interim PEP review: ${input.pupilName}`,
    detail:
      input.because === 'suspended'
        ? `Suspended or excluded from ${formatDate(input.on)}. The guidance asks schools to consider an interim review of a looked after child’s PEP when they are at risk of exclusion.`
        : `Marked at risk of suspension on ${formatDate(input.on)}. The guidance asks schools to consider an interim review of a looked after child’s PEP when they are at risk of exclusion.`,
    assigneeRole: 'designated_teacher',
    dueOn: input.on,
    sourceKey: `${INTERIM_PEP_REVIEW_TASK}:${input.pupil.id}:${input.sourceId}`,
    createdBy: input.createdBy,
  })
}
