/**
 * The school's policy for looked-after and previously looked-after children, children with a social
 * worker and children in kinship care (issue 7 item 3): generated from Harbour's model and the school's
 * records, changed section by section in a draft, ratified with a review date (DOMAIN.md POL-28), and read
 * and understood by every member of staff (POL-5).
 */
import { PERMISSIONS } from '../domain/access/permissions.js'
import { formatDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import {
  frozenSections,
  isPolicySectionKey,
  POLICY_SECTIONS,
  sectionTextProblems,
  withSectionText,
} from '../domain/governance/policy-template.js'
import {
  checkRatification,
  reviewStatus,
  type Ratification,
  type RatificationInput,
  type ReviewStatus,
} from '../domain/governance/policy-review.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/school-policy.repository.js'
import type { SchoolRow } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'
import { policyDocument, setReviewReminder, type PolicyDocument } from './school-policy-facts.js'
import { requireSchool } from './schools.service.js'

export type { PolicyDocument } from './school-policy-facts.js'

type SchoolRef = { urn: string; name: string }
const refOf = (s: SchoolRow): SchoolRef => ({ urn: s.urn, name: s.name })

export type SchoolPolicyView = {
  school: SchoolRef
  /** The version in force; while none is ratified, the draft, or Harbour's model before anything is saved. */
  document: PolicyDocument
  review: ReviewStatus
  /** The number of a draft of the next version, when one is being prepared beside the version in force. */
  draftVersion: number | null
  /** When the actor confirmed they had read and understood the version in force (POL-5). */
  acknowledgedAt: Date | null
}

/** The policy as everyone reads it. */
export async function readSchoolPolicy(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
): Promise<SchoolPolicyView> {
  authorise(actor, 'policy:read')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const { ratified, draft } = await repo.currentPolicies(tx, school.id)
    const acknowledgement = ratified ? await repo.acknowledgementOf(tx, ratified.id, actor.userId) : undefined
    return {
      school: refOf(school),
      document: await policyDocument(tx, school, ratified ?? draft, todayIso),
      review: reviewStatus(ratified?.nextReviewOn ?? null, todayIso),
      draftVersion: ratified && draft ? draft.policyVersion : null,
      acknowledgedAt: acknowledgement?.acknowledgedAt ?? null,
    }
  })
}

export type PolicyDraftView = {
  school: SchoolRef
  /** The draft; before one is started, what it will start from: the version in force, or the model. */
  document: PolicyDocument
  /** The draft's record version, for a change or ratification to be made to what was seen; null: no draft yet. */
  version: number | null
  /** The version in force, if any, that ratifying the draft replaces. */
  inForce: { policyVersion: number; ratifiedOn: string | null; nextReviewOn: string | null } | null
}

/** The draft of the next version, for the designated teacher or headteacher to change and ratify. */
export async function schoolPolicyDraft(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
): Promise<PolicyDraftView> {
  authorise(actor, 'policy:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const { ratified, draft } = await repo.currentPolicies(tx, school.id)
    const document = await policyDocument(tx, school, draft ?? ratified, todayIso)
    return {
      school: refOf(school),
      document: draft ? document : { ...document, status: ratified ? 'ratified' : 'model' },
      version: draft?.version ?? null,
      inForce: ratified
        ? {
            policyVersion: ratified.policyVersion,
            ratifiedOn: ratified.ratifiedOn,
            nextReviewOn: ratified.nextReviewOn,
          }
        : null,
    }
  })
}

/**
 * The draft the caller saw (`version`, null when there was none): the draft now, or a new one started
 * from the version in force (or the model). Someone else having started or changed it since is a conflict.
 */
async function draftToChange(
  tx: Executor,
  actor: Actor,
  school: SchoolRow,
  version: number | null,
): Promise<repo.PolicyRow> {
  await repo.lockSchoolPolicy(tx, school.id)
  const { ratified, draft } = await repo.currentPolicies(tx, school.id)
  if (draft) {
    if (draft.version !== version) throw new ConflictError()
    return draft
  }
  if (version !== null) throw new ConflictError() // the draft seen was ratified meanwhile
  return repo.insertDraft(tx, {
    schoolId: school.id,
    policyVersion: await repo.nextPolicyVersion(tx, school.id),
    sections: ratified?.sections ?? {},
    createdBy: actor.userId,
  })
}

export type SectionChange = {
  section: string
  /** The new wording; null to go back to Harbour's model text. */
  text: string | null
  version: number | null
}

/** Changes one section of the draft, starting the draft on the first change. */
export async function changePolicySection(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  change: SectionChange,
): Promise<{ policyVersion: number; version: number }> {
  authorise(actor, 'policy:manage')
  const { section } = change
  if (!isPolicySectionKey(section)) throw new NotFoundError('section')
  if (change.text !== null) {
    const problems = sectionTextProblems(change.text)
    if (problems.length) throw new RuleBrokenError(problems.map((message) => ({ path: 'text', message })))
  }
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const draft = await draftToChange(tx, actor, school, change.version)
    const sections = withSectionText(POLICY_SECTIONS, draft.sections, section, change.text)
    const saved = await repo.updateDraft(tx, draft.id, draft.version, { sections })
    if (!saved) throw new ConflictError()
    await audit(tx, actor, 'policy.section_changed', {
      schoolId: school.id,
      entity: 'school_policy',
      entityId: saved.id,
      details: {
        policyVersion: saved.policyVersion,
        section,
        wording: change.text === null ? 'model' : 'school',
      },
    })
    return { policyVersion: saved.policyVersion, version: saved.version }
  })
}

function checked(input: RatificationInput, todayIso: string): Ratification {
  const result = checkRatification(input, todayIso)
  if (!result.ok) throw new RuleBrokenError(result.problems)
  return result.value
}

/** "Check your answers": the ratification as it will be recorded, or the rules it breaks. Nothing is saved. */
export async function checkPolicyRatification(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  input: RatificationInput,
): Promise<Ratification> {
  authorise(actor, 'policy:manage')
  const value = checked(input, today(ctx))
  await requireSchool(ctx.db, actor, urn)
  return value
}

/**
 * POL-28: the governing board ratified the draft (or the version in force again, or the model, when
 * nothing was changed): it comes into force, the one before is superseded, and a reminder is set for
 * 4 weeks before the next review.
 */
export async function ratifySchoolPolicy(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  input: RatificationInput & { version: number | null },
) {
  authorise(actor, 'policy:manage')
  const todayIso = today(ctx)
  const ratification = checked(input, todayIso)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const draft = await draftToChange(tx, actor, school, input.version)
    const { ratified } = await repo.currentPolicies(tx, school.id)
    if (ratified?.ratifiedOn && ratification.ratifiedOn < ratified.ratifiedOn)
      throw new RuleBrokenError([
        {
          path: 'ratifiedOn',
          message: `The date the policy was ratified must be on or after ${formatDate(ratified.ratifiedOn)}, when the version in force was ratified`,
        },
      ])
    await repo.supersedeRatified(tx, school.id)
    const policy = await repo.updateDraft(tx, draft.id, draft.version, {
      status: 'ratified',
      sections: frozenSections(POLICY_SECTIONS, draft.sections),
      ...ratification,
    })
    if (!policy) throw new ConflictError()
    const reminder = await setReviewReminder(tx, school, policy, ratification, todayIso, actor.userId)
    await audit(tx, actor, 'policy.ratified', {
      schoolId: school.id,
      entity: 'school_policy',
      entityId: policy.id,
      details: {
        policyVersion: policy.policyVersion,
        ratifiedOn: ratification.ratifiedOn,
        nextReviewOn: ratification.nextReviewOn,
      },
    })
    return { policy, reminder }
  })
}

/**
 * POL-5: the actor has read and understood the version in force, `policyId` (the one they read); once per
 * person per version. A version no longer in force is a conflict: they should read the new one.
 */
export async function acknowledgeSchoolPolicy(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  policyId: string,
): Promise<{ acknowledgedAt: Date; already: boolean }> {
  authorise(actor, 'policy:acknowledge')
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const { ratified } = await repo.currentPolicies(tx, school.id)
    if (!ratified)
      throw new RuleBrokenError(
        [
          {
            path: 'policyId',
            message: 'The policy has not been ratified yet, so there is nothing to confirm',
          },
        ],
        'The policy has not been ratified yet',
      )
    if (ratified.id !== policyId)
      throw new ConflictError(
        'A newer version of the policy came into force after you opened it. Read it, then confirm',
      )
    const added = await repo.insertAcknowledgement(tx, ratified.id, actor.userId, ctx.now())
    if (added)
      await audit(tx, actor, 'policy.acknowledged', {
        schoolId: school.id,
        entity: 'school_policy',
        entityId: ratified.id,
        details: { policyVersion: ratified.policyVersion },
      })
    const row = await repo.acknowledgementOf(tx, ratified.id, actor.userId)
    return { acknowledgedAt: row!.acknowledgedAt, already: !added }
  })
}

export type AcknowledgementList = {
  school: SchoolRef
  policy: { policyVersion: number; ratifiedOn: string | null } | null
  acknowledged: Array<{ name: string; role: string; acknowledgedAt: Date }>
  notYet: Array<{ name: string; role: string }>
}

/** POL-5: which of the school's staff have read and understood the version in force, and who has not yet. */
export async function policyAcknowledgementList(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
): Promise<AcknowledgementList> {
  authorise(actor, 'policy:manage')
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const { ratified } = await repo.currentPolicies(tx, school.id)
    if (!ratified) return { school: refOf(school), policy: null, acknowledged: [], notYet: [] }
    // Everyone who is asked to confirm: the staff roles that may (not administrators or governors).
    const staff = await repo.staffAcknowledgements(
      tx,
      school.id,
      ratified.id,
      PERMISSIONS['policy:acknowledge'],
    )
    return {
      school: refOf(school),
      policy: { policyVersion: ratified.policyVersion, ratifiedOn: ratified.ratifiedOn },
      acknowledged: staff.flatMap((s) =>
        s.acknowledgedAt ? [{ name: s.name, role: s.role, acknowledgedAt: s.acknowledgedAt }] : [],
      ),
      notYet: staff.filter((s) => !s.acknowledgedAt).map((s) => ({ name: s.name, role: s.role })),
    }
  })
}
