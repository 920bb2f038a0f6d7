import type { Executor } from '../../data/db.js'
import { pepRecordsOfPupil } from '../../data/repositories/peps.repository.js'
import type { SectionContent, SectionRecord, SubjectAccessSection } from './sections.js'

// PEPs, PLA support plans and Pupil Premium Plus in a subject-access export (issue 3 item 7, issue 4).

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

/** A section's free-text answer as one readable value: nested answers (attendees, attainment rows) as "label: value" lines. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value !== 'object') return null
  if (Array.isArray(value))
    return (
      value
        .map((v) => asText(v))
        .filter(Boolean)
        .join('\n') || null
    )
  const lines = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => [k, asText(v)] as const)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
  return lines.length ? lines.join('; ') : null
}

// One load per export, shared by the sections below (they are read in one transaction).
type Records = ReturnType<typeof pepRecordsOfPupil>
const cache = new WeakMap<object, Map<string, Records>>()
function recordsOf(tx: Executor, pupilId: string) {
  let byPupil = cache.get(tx)
  if (!byPupil) cache.set(tx, (byPupil = new Map<string, Records>()))
  let found = byPupil.get(pupilId)
  if (!found) byPupil.set(pupilId, (found = pepRecordsOfPupil(tx, pupilId)))
  return found
}

const all = (records: SectionRecord[]): SectionContent => ({ records, withheld: null })

const CONTENT_FIELDS: Record<string, string> = {
  attendees: 'Who took part',
  childVoice: 'The child’s views',
  parentsViews: 'The parents’ or guardians’ views',
  currentArrangements: 'Education now',
  attainment: 'Attainment and progress',
  sen: 'Special educational needs',
  wellbeing: 'Wellbeing',
  leisureInterests: 'Leisure interests',
  carerRole: 'The carer’s role',
  minimiseDisruption: 'Planned changes and minimising disruption',
  transitionPlans: 'Transition plans',
  careerAspirations: 'Career aspirations',
  earlyYears: 'Early years',
  post16: 'Post-16',
}

export const pepsSection: SubjectAccessSection = {
  key: 'peps',
  title: 'Personal education plans',
  description:
    'Each PEP meeting (or PLA support plan) with what was recorded, its status, the Virtual School’s decision and its history.',
  tables: ['pep', 'pep_event', 'pep_review_date'],
  layout: 'records',
  fields: {
    kind: 'Kind',
    meetingDate: 'Meeting date',
    status: 'Status',
    phase: 'Phase',
    ...CONTENT_FIELDS,
    snapshot: 'Records at the meeting date',
    nextMeetingDate: 'Next meeting',
    submittedAt: 'Submitted',
    approvedAt: 'Approved',
    qualityRating: 'Quality rating',
    qualityNotes: 'Quality notes',
    returnFeedback: 'Feedback when returned',
    history: 'History',
    id: 'Harbour’s id for the PEP',
  },
  codes: {
    kind: { pep: 'Personal education plan', pla_support_plan: 'PLA support plan' },
    status: {
      draft: 'Draft',
      submitted: 'Submitted',
      returned: 'Returned for changes',
      approved: 'Approved',
    },
    phase: { early_years: 'Early years', school_age: 'School age', post_16: 'Post-16' },
  },
  async load(tx, pupilId) {
    const r = await recordsOf(tx, pupilId)
    const pepRecords = r.peps.map((p): SectionRecord => {
      const content = p.content
      const history = r.events
        .filter((e) => e.event.pepId === p.id)
        .map(
          (e) =>
            `${iso(e.event.at)} ${e.event.action}${e.byName ? ` by ${e.byName}` : ''}${e.event.feedback ? `: ${e.event.feedback}` : ''}`,
        )
        .join('\n')
      return {
        kind: p.kind,
        meetingDate: p.meetingDate,
        status: p.status,
        phase: p.phase,
        ...Object.fromEntries(Object.keys(CONTENT_FIELDS).map((k) => [k, asText(content[k])])),
        snapshot: asText(p.snapshot),
        nextMeetingDate: p.nextMeetingDate,
        submittedAt: iso(p.submittedAt),
        approvedAt: iso(p.approvedAt),
        qualityRating: p.qualityRating,
        qualityNotes: p.qualityNotes,
        returnFeedback: p.returnFeedback,
        history: history || null,
        id: p.id,
      }
    })
    const empty = Object.fromEntries(Object.keys(pepsSection.fields).map((k) => [k, null]))
    const reviewDates = r.reviewDates.map((d): SectionRecord => ({
      ...empty,
      kind: 'Review date brought forward',
      meetingDate: d.dueBy,
      status: d.cancelledAt ? 'Cancelled' : 'Open',
      history: `Asked for by the ${d.requestedBy === 'iro' ? 'independent reviewing officer' : 'social worker'}${d.note ? `: ${d.note}` : ''}`,
      id: d.id,
    }))
    return all([...pepRecords, ...reviewDates])
  },
}

export const pepTargetsSection: SubjectAccessSection = {
  key: 'pep_targets',
  title: 'PEP targets and their reviews',
  description: 'The targets set at each PEP, and how each was reviewed at the next one.',
  tables: ['pep_target', 'pep_target_review'],
  layout: 'records',
  fields: {
    meetingDate: 'Set at the PEP of',
    description: 'Target',
    successCriteria: 'How we will know',
    owner: 'Who',
    dueBy: 'By when',
    ppPlusRequestedPence: 'PP+ asked for (pence)',
    reviewOutcome: 'Review outcome',
    reviewEvidence: 'Evidence',
  },
  codes: { reviewOutcome: { met: 'Met', partly_met: 'Partly met', not_met: 'Not met' } },
  async load(tx, pupilId) {
    const r = await recordsOf(tx, pupilId)
    const meetingOf = new Map(r.peps.map((p) => [p.id, p.meetingDate]))
    return all(
      r.targets.map((t): SectionRecord => {
        const review = r.reviews.find((v) => v.targetId === t.id)
        return {
          meetingDate: meetingOf.get(t.pepId) ?? null,
          description: t.description,
          successCriteria: t.successCriteria,
          owner: t.owner,
          dueBy: t.dueBy,
          ppPlusRequestedPence: t.ppPlusRequestedPence,
          reviewOutcome: review?.outcome ?? null,
          reviewEvidence: review?.evidence ?? null,
        }
      }),
    )
  },
}

export const fundingSection: SubjectAccessSection = {
  key: 'funding',
  title: 'Pupil Premium Plus and pupil premium',
  description:
    'Money set aside for the pupil, released to the school against PEP targets, and what it was spent on.',
  tables: ['funding_allocation', 'funding_release', 'funding_spend'],
  layout: 'table',
  fields: {
    entry: 'Entry',
    date: 'Date',
    financialYear: 'Financial year',
    amountPence: 'Amount (pence)',
    detail: 'Detail',
    impact: 'Impact',
    overrideReason: 'Over-allocation reason',
  },
  codes: { entry: { allocation: 'Allocated', release: 'Released', spend: 'Spent' } },
  async load(tx, pupilId) {
    const r = await recordsOf(tx, pupilId)
    const yearOf = new Map(r.allocations.map((a) => [a.id, a.financialYear]))
    return all([
      ...r.allocations.map((a): SectionRecord => ({
        entry: 'allocation',
        date: iso(a.createdAt),
        financialYear: a.financialYear,
        amountPence: a.amountPence,
        detail: [a.source, a.note].filter(Boolean).join(': '),
        impact: null,
        overrideReason: a.overrideReason,
      })),
      ...r.releases.map((x): SectionRecord => ({
        entry: 'release',
        date: x.releasedOn,
        financialYear: yearOf.get(x.allocationId) ?? null,
        amountPence: x.amountPence,
        detail: null,
        impact: null,
        overrideReason: x.overrideReason,
      })),
      ...r.spends.map((x): SectionRecord => ({
        entry: 'spend',
        date: x.spentOn,
        financialYear: yearOf.get(x.allocationId) ?? null,
        amountPence: x.amountPence,
        detail: `${x.category}: ${x.description}`,
        impact: x.impact,
        overrideReason: x.overrideReason,
      })),
    ])
  },
}
