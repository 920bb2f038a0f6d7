import { formatDate } from '../../../../domain/calendar/dates.js'
import type { PepContent, PepKind } from '../../../../domain/pep/content.js'
import { STATUS_LABELS, type PepStatus, type RubricLevel } from '../../../../domain/pep/workflow.js'
import type { PepDetail } from '../../../../services/peps.service.js'
import { SEN_LABELS } from '../pupil-form.js'
import { displayValue, inputsOf, isAnswered, textOf, valueAt } from './fields.js'
import { OUTCOME_TEXT, poundsOf, PROGRESS_TEXT } from './rows.js'
import { stateOf, STATE_TEXT } from './section-state.js'
import { sectionsFor, type PepFacts, type Section } from './sections.js'

export const KIND_LABELS: Record<PepKind, string> = {
  pep: 'PEP',
  pla_support_plan: 'PLA support plan',
}

export const KIND_TITLES: Record<PepKind, string> = {
  pep: 'Personal education plan (PEP)',
  pla_support_plan: 'Support plan for a previously looked-after child',
}

const STATUS_BADGES: Record<PepStatus, string> = {
  draft: 'grey',
  submitted: 'blue',
  returned: 'red',
  approved: 'green',
}

/**
 * An MOJ badge for a PEP's status. A PLA support plan the parents did not consent to send to the Virtual School is
 * complete when submitted (issue 4 item 4): "Completed", not "Approved", since nobody approved it.
 */
export function statusBadge(
  pep: PepStatus | { status: PepStatus; kind: PepKind; parentsConsentToVs: boolean },
) {
  const p = typeof pep === 'string' ? { status: pep, kind: 'pep' as const, parentsConsentToVs: false } : pep
  const keptBySchool = p.kind === 'pla_support_plan' && !p.parentsConsentToVs && p.status === 'approved'
  return { text: keptBySchool ? 'Completed' : STATUS_LABELS[p.status], colour: STATUS_BADGES[p.status] }
}

const RATING_COLOURS: Record<string, string> = { green: 'green', amber: 'orange', red: 'red' }

/** A quality rating as a tag: the rubric's label when known ("Green: good"), else the value as given. */
export function ratingTag(rating: string | null, rubric?: ReadonlyArray<RubricLevel>) {
  if (!rating) return null
  const label = rubric?.find((l) => l.value === rating)?.label
  return {
    text: label ?? rating.charAt(0).toUpperCase() + rating.slice(1),
    colour: RATING_COLOURS[rating] ?? 'grey',
  }
}

export const pepUrl = (pupilId: string, pepId: string) => `/pupils/${pupilId}/peps/${pepId}`

export function factsOf(d: PepDetail): PepFacts {
  return {
    kind: d.pep.kind,
    phase: d.pep.phase,
    model: modelOf(d.pep),
    senProvision: textOf(d.pep.snapshot['senProvision']) ?? d.pupil.senProvision,
    targetCount: d.targets.length,
    previousTargetIds: d.previousTargets.map((t) => t.id),
    reviews: d.reviews,
  }
}

/** The PEP's content with its dates, phase and consent: what the form's field paths point into. */
export function modelOf(pep: PepDetail['pep']): Record<string, unknown> {
  return {
    ...(pep.content as PepContent),
    meetingDate: pep.meetingDate,
    nextMeetingDate: pep.nextMeetingDate,
    phase: pep.phase,
    parentsConsentToVs: pep.parentsConsentToVs,
  }
}

/** What every PEP page shows at the top. */
export function pepHeading(d: PepDetail) {
  return {
    pupil: {
      id: d.pupil.id,
      givenName: d.pupil.givenName,
      familyName: d.pupil.familyName,
      schoolName: d.pupil.schoolName,
    },
    pep: {
      id: d.pep.id,
      kind: d.pep.kind,
      kindLabel: KIND_LABELS[d.pep.kind],
      kindTitle: KIND_TITLES[d.pep.kind],
      meetingDate: d.pep.meetingDate,
      status: d.pep.status,
      version: d.pep.version,
      returnFeedback: d.pep.returnFeedback,
      badge: statusBadge(d.pep),
      rating: ratingTag(d.pep.qualityRating, d.rubric),
      qualityNotes: d.pep.qualityNotes,
    },
    url: pepUrl(d.pupil.id, d.pep.id),
  }
}

export type Row = { key: string; value: string }

function sectionRows(section: Section, model: Record<string, unknown>): Array<Row & { answered: boolean }> {
  return inputsOf(section.fields).map((f) => {
    const v = valueAt(model, f.path)
    return { key: f.label, value: displayValue(f, v), answered: isAnswered(f, v) }
  })
}

const gbp = (pence: number) =>
  pence
    ? `£${Number(poundsOf(pence)).toLocaleString('en-GB', { minimumFractionDigits: pence % 100 ? 2 : 0 })}`
    : '£0'

/** Each section as rows of words, with its lists: for "Check your answers", the PEP page and the decision page. */
export function summaryOf(d: PepDetail) {
  const facts = factsOf(d)
  const attainment = (facts.model['attainment'] as PepContent['attainment']) ?? []
  return sectionsFor(facts).map((section) => ({
    slug: section.slug,
    title: section.title,
    state: STATE_TEXT[stateOf(section, facts)],
    rows: sectionRows(section, facts.model),
    special: section.special ?? null,
    attainment: attainment.map((r) => ({
      subject: r.subject,
      current: r.current ?? '',
      expected: r.expected ?? '',
      progress: r.progress ? PROGRESS_TEXT[r.progress] : '',
    })),
    senProvision: SEN_LABELS[facts.senProvision] ?? facts.senProvision,
    targets: d.targets.map((t, i) => ({
      title: `Target ${i + 1}`,
      rows: [
        ...(t.area ? [{ key: 'Area', value: t.area }] : []),
        { key: 'What is the target?', value: t.description },
        { key: 'How will you know it has been met?', value: t.successCriteria },
        { key: 'Who is responsible?', value: t.owner },
        { key: 'By when?', value: formatDate(t.dueBy) },
        { key: 'PP+ requested', value: gbp(t.ppPlusRequestedPence) },
      ],
    })),
    ppPlusTotal: gbp(d.targets.reduce((sum, t) => sum + t.ppPlusRequestedPence, 0)),
    reviews: d.previousTargets.map((t, i) => {
      const r = d.reviews.find((x) => x.targetId === t.id)
      return {
        title: `Previous target ${i + 1}`,
        target: t.description,
        outcome: r ? OUTCOME_TEXT[r.outcome] : 'Not reviewed yet',
        evidence: r?.evidence || 'Not given',
      }
    }),
  }))
}

/** Harbour's own records at the meeting date, frozen with the PEP (issue 4 item 2). */
export function snapshotRows(d: PepDetail): Array<Row & { id: string }> {
  const s = d.pep.snapshot
  const yg = s['yearGroup']
  const sen = textOf(s['senProvision']) ?? ''
  const yearGroup =
    typeof yg === 'number' ? (yg === 0 ? 'Reception' : yg === -1 ? 'Nursery' : `Year ${yg}`) : 'Not recorded'
  return [
    { id: 'yearGroup', key: 'Year group', value: yearGroup },
    { id: 'senProvision', key: 'SEN provision', value: SEN_LABELS[sen] ?? (sen || 'Not recorded') },
    {
      id: 'looksAfter',
      key: 'Looked after by (local authority code)',
      value: typeof s['looksAfter'] === 'string' ? s['looksAfter'] : 'Not looked after on the meeting date',
    },
    // Attendance and exclusions arrive with their own modules; until then the PEP says so (peps.service.ts).
    {
      id: 'attendance',
      key: 'Attendance',
      value: textOf(s['attendance']) ?? 'Not yet held in Harbour',
    },
    {
      id: 'exclusions',
      key: 'Suspensions and exclusions',
      value: textOf(s['exclusions']) ?? 'Not yet held in Harbour',
    },
  ]
}

const EVENT_TITLES: Record<string, string> = {
  created: 'PEP started',
  submitted: 'Submitted',
  returned: 'Returned for changes',
  approved: 'Approved',
}

/** The PEP's history, oldest first as it happened, shown newest first (MOJ timeline). */
export function historyOf(d: PepDetail) {
  return [...d.events].reverse().map((e) => ({
    title: EVENT_TITLES[e.action] ?? e.action,
    by: e.byName ?? 'Harbour',
    at: e.at,
    atIso: new Date(e.at).toISOString(),
    rating: e.action === 'approved' ? ratingTag(e.rating, d.rubric) : null,
    feedback: e.feedback,
    feedbackLabel: e.action === 'returned' ? 'Feedback' : 'Notes',
  }))
}

/** The PEPs card on the pupil's page: how many, and the latest one's status. */
export function pepCard(
  pupilId: string,
  peps: {
    count: number
    latest: {
      id: string
      kind: PepKind
      meetingDate: string
      status: PepStatus
      parentsConsentToVs: boolean
      qualityRating: string | null
    } | null
  },
) {
  const latest = peps.latest
  return {
    url: `/pupils/${pupilId}/peps`,
    count: peps.count,
    latest: latest && {
      url: pepUrl(pupilId, latest.id),
      kind: KIND_LABELS[latest.kind],
      meetingDate: latest.meetingDate,
      badge: statusBadge(latest),
      rating: ratingTag(latest.qualityRating),
    },
  }
}
