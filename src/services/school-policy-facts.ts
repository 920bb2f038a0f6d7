/**
 * What the school's policy is filled in from and the reminder it sets (issue 7 item 3). No permission
 * check here: the school-policy service has made it.
 */
import { formatDate, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import {
  POLICY_SECTIONS,
  renderPolicy,
  type PolicyFacts,
  type RenderedSection,
} from '../domain/governance/policy-template.js'
import { reviewReminderDueOn, type Ratification } from '../domain/governance/policy-review.js'
import { DESIGNATED_ROLES, type DesignatedRole } from '../domain/governance/roles.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/school-policy.repository.js'
import { closeTasksBySourcePrefix } from '../data/repositories/tasks.repository.js'
import { createTask } from './tasks.service.js'

/** The policy as a document: its wording filled in from today's records. */
export type PolicyDocument = {
  policyId: string | null
  policyVersion: number | null
  /** `model`: nothing saved yet, so Harbour's model text. */
  status: 'ratified' | 'draft' | 'superseded' | 'model'
  ratifiedOn: IsoDate | null
  ratifiedBy: string | null
  nextReviewOn: IsoDate | null
  sections: RenderedSection[]
  /** What the records lack for the policy to name everyone and every contact (POL-1, POL-32). */
  gaps: string[]
}

/** POL-1, POL-32: who holds each designated role today, and the Virtual School of the school's LA. */
export async function policyFacts(
  tx: Executor,
  school: { id: string; name: string; laCode: string },
  today: IsoDate,
  nextReviewOn: IsoDate | null,
): Promise<PolicyFacts> {
  const holders = await repo.roleHoldersOn(tx, school.id, today)
  const virtualSchool = await repo.virtualSchoolOf(tx, school.laCode)
  const people = Object.fromEntries(DESIGNATED_ROLES.map((r) => [r, [] as string[]])) as Record<
    DesignatedRole,
    string[]
  >
  for (const h of holders) people[h.role]?.push(h.personName)
  return {
    schoolName: school.name,
    schoolYear: schoolYearOf(today),
    people,
    virtualSchool: virtualSchool ?? null,
    nextReviewOn,
  }
}

/** The document for a stored version, or for Harbour's model when `row` is undefined. */
export async function policyDocument(
  tx: Executor,
  school: { id: string; name: string; laCode: string },
  row: repo.PolicyRow | undefined,
  today: IsoDate,
): Promise<PolicyDocument> {
  const nextReviewOn = row?.nextReviewOn ?? null
  const rendered = renderPolicy(
    POLICY_SECTIONS,
    row?.sections ?? {},
    await policyFacts(tx, school, today, nextReviewOn),
  )
  return {
    policyId: row?.id ?? null,
    policyVersion: row?.policyVersion ?? null,
    status: row?.status ?? 'model',
    ratifiedOn: row?.ratifiedOn ?? null,
    ratifiedBy: row?.ratifiedBy ?? null,
    nextReviewOn,
    ...rendered,
  }
}

const reminderPrefix = (schoolId: string) => `policy-review:${schoolId}:`

/**
 * POL-28: the reminder to review the version just ratified, 4 weeks before its review date, for the
 * designated teacher (the headteacher when the school has no DT account). Created once per version; the
 * reminder for an earlier version, still open, is closed: the policy it was about has been replaced.
 */
export async function setReviewReminder(
  tx: Executor,
  school: { id: string },
  policy: { policyVersion: number },
  ratification: Ratification,
  today: IsoDate,
  actorUserId: string,
): Promise<{ dueOn: IsoDate; assigneeRole: string }> {
  const prefix = reminderPrefix(school.id)
  await closeTasksBySourcePrefix(tx, prefix, actorUserId, 'A newer version of the policy was ratified')
  const assigneeRole = (await repo.hasActiveUserInRole(tx, school.id, 'designated_teacher'))
    ? 'designated_teacher'
    : 'headteacher'
  const dueOn = reviewReminderDueOn(ratification.nextReviewOn, today)
  await createTask(tx, {
    schoolId: school.id,
    kind: 'policy_review',
    title: `Review the school’s policy for looked-after children and children with a social worker by ${formatDate(ratification.nextReviewOn)}`,
    detail: `Version ${policy.policyVersion} was ratified on ${formatDate(ratification.ratifiedOn)}. Agree any changes with the governing board, then record the next ratification in Harbour.`,
    assigneeRole,
    dueOn,
    sourceKey: `${prefix}v${policy.policyVersion}`,
    createdBy: actorUserId,
  })
  return { dueOn, assigneeRole }
}
