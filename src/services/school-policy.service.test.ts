import { and, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  auditEvents,
  designatedRoleAppointments,
  policyAcknowledgements,
  schoolPolicies,
  tasks,
  type DesignatedRole,
} from '../data/schema/index.js'
import { POLICY_SECTIONS } from '../domain/governance/policy-template.js'
import { aSchool, aUser } from '../test-support/builders.js'
import { brokenRules, fixedContext, FIXED_TODAY } from '../test-support/service-context.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import type { ServiceContext } from './context.js'
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js'
import {
  acknowledgeSchoolPolicy,
  changePolicySection,
  policyAcknowledgementList,
  ratifySchoolPolicy,
  readSchoolPolicy,
  schoolPolicyDraft,
} from './school-policy.service.js'

// FIXED_TODAY is 23 November 2026: the 2026 to 2027 school year.
let database: TestDatabase
let ctx: ServiceContext

beforeAll(async () => {
  database = await openTestDatabase()
  ctx = fixedContext(database)
})
afterAll(async () => database.close())

async function aSchoolWithLeads() {
  // A school in LA 919, Hertfordshire, whose Virtual School's contacts the directory holds (POL-32).
  const school = await aSchool(ctx, { name: 'Quayside Primary' })
  const dt = await aUser(ctx, 'designated_teacher', school, { name: 'Dee Teacher' })
  const head = await aUser(ctx, 'headteacher', school, { name: 'Hal Head' })
  return { school, dt, head }
}

async function appoint(
  schoolId: string,
  role: DesignatedRole,
  personName: string,
  startDate: string,
  endDate?: string,
) {
  await database.db
    .insert(designatedRoleAppointments)
    .values({ schoolId, role, personName, startDate, endDate })
}

const policiesOf = (schoolId: string) =>
  database.db
    .select()
    .from(schoolPolicies)
    .where(eq(schoolPolicies.schoolId, schoolId))
    .orderBy(schoolPolicies.policyVersion)
const remindersOf = (schoolId: string) =>
  database.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.schoolId, schoolId), like(tasks.sourceKey, 'policy-review:%')))
    .orderBy(tasks.createdAt)
const auditOf = async (schoolId: string) =>
  (await database.db.select().from(auditEvents).where(eq(auditEvents.schoolId, schoolId))).map((e) => ({
    action: e.action,
    details: e.details,
  }))
const textOf = (doc: { sections: Array<{ key: string; text: string }> }, key: string) =>
  doc.sections.find((s) => s.key === key)!.text

const ratification = { ratifiedOn: '2026-11-20', ratifiedBy: 'Full governing board', nextReviewOn: null }

describe('the policy generated from the school’s records (issue 7 item 3)', () => {
  it('is Harbour’s model until something is saved, naming today’s role holders and the LA’s Virtual School', async () => {
    const { school, dt } = await aSchoolWithLeads()
    await appoint(school.id, 'designated_teacher', 'Dee Teacher', '2025-09-01')
    await appoint(school.id, 'designated_governor', 'Old Governor', '2024-09-01', '2026-08-31')
    await appoint(school.id, 'designated_governor', 'Gail Governor', '2026-09-01')
    await appoint(school.id, 'dsl', 'Sam Lead', '2025-09-01')
    await appoint(school.id, 'deputy_dsl', 'Dan Deputy', '2025-09-01')
    await appoint(school.id, 'senco', 'Future Senco', '2027-01-01')
    const view = await readSchoolPolicy(ctx, dt.actor, school.urn)
    expect(view.document).toMatchObject({ status: 'model', policyId: null, nextReviewOn: null })
    expect(view.review).toBe('not_ratified')
    const roles = textOf(view.document, 'roles')
    expect(roles).toContain('Everyone at Quayside Primary')
    expect(roles).toContain('children: Dee Teacher')
    expect(roles).toContain('- designated governor: Gail Governor')
    expect(roles).not.toContain('Old Governor')
    expect(roles).toContain('deputies: Sam Lead, with Dan Deputy (deputy)')
    expect(roles).toContain('(SENCO): not yet named')
    const contacts = textOf(view.document, 'multi-agency-working')
    expect(contacts).toContain(
      'in the area of Hertfordshire. Its Virtual School, Hertfordshire Virtual School,',
    )
    expect(contacts).toContain('- email: virtualschool@hertfordshire.gov.uk')
    expect(contacts).toContain('- telephone: 01992 556915')
    expect(view.document.gaps).toContain(
      'No SENCO is in the register of designated roles today, so the policy says “not yet named”.',
    )
    expect(await policiesOf(school.id)).toEqual([])
  })

  it('lets governors and staff read it, and is not found for another school', async () => {
    const { school } = await aSchoolWithLeads()
    for (const role of ['governor', 'staff', 'attendance_officer'] as const) {
      const { actor } = await aUser(ctx, role, school)
      expect((await readSchoolPolicy(ctx, actor, school.urn)).school.name).toBe('Quayside Primary')
    }
    const other = await aSchool(ctx)
    const { actor } = await aUser(ctx, 'designated_teacher', other)
    await expect(readSchoolPolicy(ctx, actor, school.urn)).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      changePolicySection(ctx, actor, school.urn, { section: 'purpose', text: 'x', version: null }),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('changing a section', () => {
  it('starts a draft on the first change, keeps each change, and goes back to Harbour’s wording', async () => {
    const { school, dt } = await aSchoolWithLeads()
    const first = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'attendance',
      text: 'At {school} we ring home on the first day of any absence.',
      version: null,
    })
    expect(first).toEqual({ policyVersion: 1, version: 2 })
    const second = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'send',
      text: 'Our SENCO is {SENCO}.',
      version: first.version,
    })
    const draft = await schoolPolicyDraft(ctx, dt.actor, school.urn)
    expect(draft.version).toBe(second.version)
    expect(draft.document.status).toBe('draft')
    expect(textOf(draft.document, 'attendance')).toBe(
      'At Quayside Primary we ring home on the first day of any absence.',
    )
    expect(draft.document.sections.filter((s) => s.edited).map((s) => s.key)).toEqual(['attendance', 'send'])
    // Everyone else still reads the draft: nothing has been ratified.
    const staff = await aUser(ctx, 'staff', school)
    expect(textOf((await readSchoolPolicy(ctx, staff.actor, school.urn)).document, 'attendance')).toContain(
      'ring home',
    )

    await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'send',
      text: null,
      version: second.version,
    })
    const [row] = await policiesOf(school.id)
    expect(Object.keys(row!.sections)).toEqual(['attendance'])
    expect(await auditOf(school.id)).toContainEqual({
      action: 'policy.section_changed',
      details: { policyVersion: 1, section: 'send', wording: 'model' },
    })
  })

  it('refuses a change made to a version someone else has changed since, keeping theirs', async () => {
    const { school, dt, head } = await aSchoolWithLeads()
    const seen = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'purpose',
      text: 'Ours.',
      version: null,
    })
    await changePolicySection(ctx, head.actor, school.urn, {
      section: 'purpose',
      text: 'The head’s.',
      version: seen.version,
    })
    await expect(
      changePolicySection(ctx, dt.actor, school.urn, {
        section: 'purpose',
        text: 'Mine.',
        version: seen.version,
      }),
    ).rejects.toBeInstanceOf(ConflictError)
    // Opened before anyone started a draft, saved after: a conflict too, not a second draft.
    await expect(
      changePolicySection(ctx, dt.actor, school.urn, { section: 'impact', text: 'Late.', version: null }),
    ).rejects.toBeInstanceOf(ConflictError)
    const rows = await policiesOf(school.id)
    expect(rows.map((r) => r.sections)).toEqual([{ purpose: 'The head’s.' }])
  })

  it('starts one draft when two people make the first change at the same moment', async () => {
    const { school, dt, head } = await aSchoolWithLeads()
    const results = await Promise.allSettled([
      changePolicySection(ctx, dt.actor, school.urn, { section: 'purpose', text: 'One.', version: null }),
      changePolicySection(ctx, head.actor, school.urn, { section: 'impact', text: 'Two.', version: null }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(refused?.reason as unknown).toBeInstanceOf(ConflictError)
    expect(await policiesOf(school.id)).toHaveLength(1)
  })

  it('refuses empty text, a word in curly brackets it cannot fill in, and a section the policy does not have', async () => {
    const { school, dt } = await aSchoolWithLeads()
    expect(
      await brokenRules(
        changePolicySection(ctx, dt.actor, school.urn, { section: 'purpose', text: ' ', version: null }),
      ),
    ).toEqual([{ path: 'text', message: 'Enter the text of this section' }])
    expect(
      await brokenRules(
        changePolicySection(ctx, dt.actor, school.urn, {
          section: 'purpose',
          text: 'Ask {the bursar}',
          version: null,
        }),
      ),
    ).toEqual([
      {
        path: 'text',
        message:
          'Harbour cannot fill in {the bursar}. Use only the words in curly brackets listed on this page, or remove the brackets',
      },
    ])
    await expect(
      changePolicySection(ctx, dt.actor, school.urn, { section: 'appendix', text: 'x', version: null }),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await policiesOf(school.id)).toEqual([])
  })

  it('is for the designated teacher and the headteacher only', async () => {
    const { school } = await aSchoolWithLeads()
    for (const role of ['dsl', 'senco', 'staff', 'governor', 'admin'] as const) {
      const { actor } = await aUser(ctx, role, school)
      await expect(
        changePolicySection(ctx, actor, school.urn, { section: 'purpose', text: 'x', version: null }),
      ).rejects.toBeInstanceOf(ForbiddenError)
      await expect(
        ratifySchoolPolicy(ctx, actor, school.urn, { ...ratification, version: null }),
      ).rejects.toBeInstanceOf(ForbiddenError)
      await expect(policyAcknowledgementList(ctx, actor, school.urn)).rejects.toBeInstanceOf(ForbiddenError)
    }
    expect(await policiesOf(school.id)).toEqual([])
  })
})

describe('ratifying (DOMAIN.md POL-28)', () => {
  it('puts the draft in force with a review a year on, and reminds the designated teacher 4 weeks before', async () => {
    const { school, dt } = await aSchoolWithLeads()
    const draft = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'purpose',
      text: 'Ours.',
      version: null,
    })
    const { policy, reminder } = await ratifySchoolPolicy(ctx, dt.actor, school.urn, {
      ...ratification,
      version: draft.version,
    })
    expect(policy).toMatchObject({
      policyVersion: 1,
      status: 'ratified',
      ratifiedOn: '2026-11-20',
      ratifiedBy: 'Full governing board',
      nextReviewOn: '2027-11-20',
    })
    // Every section's words are kept as ratified, whatever later happens to Harbour's model text.
    expect(Object.keys(policy.sections).sort()).toEqual(POLICY_SECTIONS.map((s) => s.key).sort())
    expect(policy.sections.purpose).toBe('Ours.')
    expect(reminder).toEqual({ dueOn: '2027-10-23', assigneeRole: 'designated_teacher' })
    const [task] = await remindersOf(school.id)
    expect(task).toMatchObject({
      kind: 'policy_review',
      dueOn: '2027-10-23',
      assigneeRole: 'designated_teacher',
      title:
        'Review the school’s policy for looked-after children and children with a social worker by 20 November 2027',
      doneAt: null,
    })
    const view = await readSchoolPolicy(ctx, dt.actor, school.urn)
    expect(view.document).toMatchObject({ status: 'ratified', policyVersion: 1, nextReviewOn: '2027-11-20' })
    expect(view.review).toBe('in_date')
    expect(textOf(view.document, 'multi-agency-working')).toContain('Next review: 20 November 2027.')
    expect(await auditOf(school.id)).toContainEqual({
      action: 'policy.ratified',
      details: { policyVersion: 1, ratifiedOn: '2026-11-20', nextReviewOn: '2027-11-20' },
    })
  })

  it('refuses a review date more than three years ahead, changing nothing', async () => {
    const { school, dt } = await aSchoolWithLeads()
    const draft = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'purpose',
      text: 'Ours.',
      version: null,
    })
    const before = { policies: await policiesOf(school.id), audit: await auditOf(school.id) }
    expect(
      await brokenRules(
        ratifySchoolPolicy(ctx, dt.actor, school.urn, {
          ...ratification,
          nextReviewOn: '2029-11-21',
          version: draft.version,
        }),
      ),
    ).toEqual([
      {
        path: 'nextReviewOn',
        message:
          'The policy must be reviewed at least every 3 years. Choose a next review date on or before 20 November 2029',
      },
    ])
    expect(await policiesOf(school.id)).toEqual(before.policies)
    expect(await auditOf(school.id)).toEqual(before.audit)
    expect(await remindersOf(school.id)).toEqual([])
  })

  it('ratifies the model as it stands when nothing was changed, and gives the reminder to the headteacher without a DT', async () => {
    const school = await aSchool(ctx)
    const head = await aUser(ctx, 'headteacher', school)
    const { policy, reminder } = await ratifySchoolPolicy(ctx, head.actor, school.urn, {
      ...ratification,
      nextReviewOn: '2026-12-01',
      version: null,
    })
    expect(policy.policyVersion).toBe(1)
    // The review is less than 4 weeks away: the reminder is due today.
    expect(reminder).toEqual({ dueOn: FIXED_TODAY, assigneeRole: 'headteacher' })
    expect((await readSchoolPolicy(ctx, head.actor, school.urn)).review).toBe('due_soon')
  })

  it('supersedes the version in force with the next, and closes the old reminder for a new one', async () => {
    const { school, dt } = await aSchoolWithLeads()
    await ratifySchoolPolicy(ctx, dt.actor, school.urn, { ...ratification, version: null })
    const next = await changePolicySection(ctx, dt.actor, school.urn, {
      section: 'impact',
      text: 'Better.',
      version: null,
    })
    // The draft starts from the version in force, and that stays in force meanwhile.
    const draft = await schoolPolicyDraft(ctx, dt.actor, school.urn)
    expect(draft.inForce).toMatchObject({ policyVersion: 1 })
    expect(draft.document.policyVersion).toBe(2)
    expect((await readSchoolPolicy(ctx, dt.actor, school.urn)).draftVersion).toBe(2)
    expect(
      await brokenRules(
        ratifySchoolPolicy(ctx, dt.actor, school.urn, {
          ...ratification,
          ratifiedOn: '2026-11-19',
          version: next.version,
        }),
      ),
    ).toEqual([
      {
        path: 'ratifiedOn',
        message:
          'The date the policy was ratified must be on or after 20 November 2026, when the version in force was ratified',
      },
    ])
    await ratifySchoolPolicy(ctx, dt.actor, school.urn, {
      ratifiedOn: '2026-11-23',
      ratifiedBy: 'Curriculum committee',
      nextReviewOn: '2028-11-23',
      version: next.version,
    })
    expect((await policiesOf(school.id)).map((p) => [p.policyVersion, p.status])).toEqual([
      [1, 'superseded'],
      [2, 'ratified'],
    ])
    const reminders = await remindersOf(school.id)
    expect(reminders.map((t) => [t.sourceKey!.split(':').pop(), t.dueOn, t.doneAt !== null])).toEqual([
      ['v1', '2027-10-23', true],
      ['v2', '2028-10-26', false],
    ])
    // The draft that was ratified is gone: a stale form is a conflict, not a second ratification.
    await expect(
      ratifySchoolPolicy(ctx, dt.actor, school.urn, {
        ...ratification,
        ratifiedOn: '2026-11-23',
        version: next.version,
      }),
    ).rejects.toBeInstanceOf(ConflictError)
  })
})

describe('“read and understood” (DOMAIN.md POL-5)', () => {
  it('is recorded once per person per version, and listed for the designated teacher', async () => {
    const { school, dt, head } = await aSchoolWithLeads()
    const staff = await aUser(ctx, 'staff', school, { name: 'Ann Assistant' })
    const senco = await aUser(ctx, 'senco', school, { name: 'Sen Co' })
    await aUser(ctx, 'governor', school, { name: 'Gail Governor' })
    const { policy } = await ratifySchoolPolicy(ctx, dt.actor, school.urn, { ...ratification, version: null })

    const first = await acknowledgeSchoolPolicy(ctx, staff.actor, school.urn, policy.id)
    const again = await acknowledgeSchoolPolicy(ctx, staff.actor, school.urn, policy.id)
    expect(first.already).toBe(false)
    expect(again).toEqual({ acknowledgedAt: first.acknowledgedAt, already: true })
    const rows = await database.db
      .select()
      .from(policyAcknowledgements)
      .where(eq(policyAcknowledgements.policyId, policy.id))
    expect(rows).toHaveLength(1)
    expect((await auditOf(school.id)).filter((e) => e.action === 'policy.acknowledged')).toEqual([
      { action: 'policy.acknowledged', details: { policyVersion: 1 } },
    ])
    expect((await readSchoolPolicy(ctx, staff.actor, school.urn)).acknowledgedAt).toEqual(
      first.acknowledgedAt,
    )

    const list = await policyAcknowledgementList(ctx, head.actor, school.urn)
    expect(list.policy).toEqual({ policyVersion: 1, ratifiedOn: '2026-11-20' })
    expect(list.acknowledged).toEqual([
      { name: 'Ann Assistant', role: 'staff', acknowledgedAt: first.acknowledgedAt },
    ])
    // Governors are not asked to confirm; every member of staff is.
    expect(list.notYet).toEqual([
      { name: 'Dee Teacher', role: 'designated_teacher' },
      { name: 'Hal Head', role: 'headteacher' },
      { name: 'Sen Co', role: 'senco' },
    ])

    // A new version needs confirming again; confirming the old one is a conflict.
    await ratifySchoolPolicy(ctx, dt.actor, school.urn, {
      ...ratification,
      ratifiedOn: '2026-11-23',
      version: null,
    })
    await expect(acknowledgeSchoolPolicy(ctx, senco.actor, school.urn, policy.id)).rejects.toBeInstanceOf(
      ConflictError,
    )
    expect((await readSchoolPolicy(ctx, staff.actor, school.urn)).acknowledgedAt).toBeNull()
    expect((await policyAcknowledgementList(ctx, head.actor, school.urn)).acknowledged).toEqual([])
  })

  it('has nothing to confirm before the policy is ratified, and is not for governors or administrators', async () => {
    const { school } = await aSchoolWithLeads()
    const staff = await aUser(ctx, 'staff', school)
    expect(await brokenRules(acknowledgeSchoolPolicy(ctx, staff.actor, school.urn, 'anything'))).toEqual([
      { path: 'policyId', message: 'The policy has not been ratified yet, so there is nothing to confirm' },
    ])
    for (const role of ['governor', 'admin'] as const) {
      const { actor } = await aUser(ctx, role, school)
      await expect(acknowledgeSchoolPolicy(ctx, actor, school.urn, 'anything')).rejects.toBeInstanceOf(
        ForbiddenError,
      )
    }
  })
})
