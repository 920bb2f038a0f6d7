import { OBLIGATION_LABELS } from '../../domain/exclusions/obligations.js'
import * as repo from '../../data/repositories/suspensions.repository.js'
import { RECIPIENT_LABELS, type NoticeRecipient } from '../suspension-letters.js'
import type { SectionContent, SectionRecord, SubjectAccessSection } from './sections.js'

// Suspensions, permanent exclusions and the records around them in a subject-access export (issue 3 item 7,
// issue 6). Jsonb values (the Virtual School consultation, day-6 provision, a risk assessment's sections) are
// given as "label: value" text so that the page, the PDF and the JSON all read them.

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)
const all = (records: SectionRecord[]): SectionContent => ({ records, withheld: null })

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

const CATEGORY_LABELS = {
  SUSP: 'Suspension',
  LNCH: 'Lunchtime suspension',
  PERM: 'Permanent exclusion',
}

export const suspensionsSection: SubjectAccessSection = {
  key: 'suspensions',
  title: 'Suspensions and permanent exclusions',
  description:
    'Each suspension or permanent exclusion: when, how long, the reasons, the conversations held first, education ' +
    'from the sixth day, cancellation, and the governing board’s decision.',
  tables: ['suspension'],
  layout: 'records',
  fields: {
    category: 'Kind',
    startDate: 'Start date',
    days: 'School days',
    schoolYear: 'School year (starting)',
    reasons: 'Reason codes',
    reasonTableVersion: 'Reason code table',
    details: 'Details',
    vsConsultation: 'Virtual School consulted',
    parentConversation: 'Conversation with parents or guardians',
    overrideReason: 'Reason for going ahead without that conversation',
    day6Provision: 'Education from the sixth day',
    status: 'Status',
    cancelledOn: 'Cancelled on',
    cancellationReason: 'Why it was cancelled',
    boardMeetingOn: 'Governing board met on',
    boardDecision: 'Governing board’s decision',
    boardDecisionNotes: 'Notes of the decision',
    independentReviewDeadline: 'Last day to apply for an independent review',
    createdAt: 'Recorded at',
    id: 'Harbour’s id for the suspension',
  },
  codes: {
    category: CATEGORY_LABELS,
    status: { active: 'In force', cancelled: 'Cancelled' },
    boardDecision: {
      upheld: 'Upheld',
      reinstated: 'Reinstated',
      would_have_reinstated: 'Would have reinstated',
    },
  },
  async load(tx, pupilId) {
    const rows = await repo.suspensionsOfPupil(tx, pupilId)
    return all(
      rows.map((s) => ({
        category: s.category,
        startDate: s.startDate,
        days: s.halfDays === null ? null : s.halfDays / 2,
        schoolYear: s.schoolYear,
        reasons: s.reasons.join(', '),
        reasonTableVersion: s.reasonTableVersion,
        details: s.details,
        vsConsultation: asText(s.vsConsultation),
        parentConversation: asText(s.parentConversation),
        overrideReason: s.overrideReason,
        day6Provision: asText(s.day6Provision),
        status: s.status,
        cancelledOn: s.cancelledOn,
        cancellationReason: s.cancellationReason,
        boardMeetingOn: s.boardMeetingOn,
        boardDecision: s.boardDecision,
        boardDecisionNotes: s.boardDecisionNotes,
        independentReviewDeadline: s.independentReviewDeadline,
        createdAt: iso(s.createdAt),
        id: s.id,
      })),
    )
  },
}

const NOTICE_PURPOSE_LABELS = {
  suspension: 'Notice of the suspension or exclusion',
  cancellation: 'Notice of cancellation',
  day6_provision: 'Education from the sixth day',
  board_decision: 'The governing board’s decision',
}

export const suspensionDutiesSection: SubjectAccessSection = {
  key: 'suspension_duties',
  title: 'Duties and letters after a suspension',
  description:
    'What the school had to do after each suspension or exclusion (tell people, arrange education, the governing ' +
    'board’s meeting) and the letters and notices it wrote.',
  tables: ['suspension_obligation', 'suspension_notice'],
  layout: 'records',
  fields: {
    entry: 'Entry',
    kind: 'What',
    date: 'Due or written',
    to: 'To',
    subject: 'Subject',
    body: 'Letter',
    doneAt: 'Done at',
    note: 'Note',
    suspensionId: 'Harbour’s id for the suspension',
  },
  codes: { entry: { duty: 'Duty', notice: 'Letter or notice' }, kind: OBLIGATION_LABELS },
  async load(tx, pupilId) {
    const duties = await repo.obligationsOfPupil(tx, pupilId)
    const notices = await repo.noticesOfPupil(tx, pupilId)
    return all([
      ...duties.map((o): SectionRecord => ({
        entry: 'duty',
        kind: o.kind,
        date: o.dueBy,
        to: null,
        subject: null,
        body: null,
        doneAt: iso(o.doneAt),
        note: o.note,
        suspensionId: o.suspensionId,
      })),
      ...notices.map((n): SectionRecord => ({
        entry: 'notice',
        kind: `${NOTICE_PURPOSE_LABELS[n.purpose]}, to: ${RECIPIENT_LABELS[n.recipient as NoticeRecipient] ?? n.recipient}`,
        date: iso(n.createdAt),
        to: n.toAddress,
        subject: n.subject,
        body: n.body,
        doneAt: null,
        note: null,
        suspensionId: n.suspensionId,
      })),
    ])
  },
}

export const behaviourSupportSection: SubjectAccessSection = {
  key: 'behaviour_support',
  title: 'At risk of suspension, risk assessments, off-site direction and managed moves',
  description:
    'When the school recorded the pupil as at risk of suspension and what it tried instead, risk assessments ' +
    'after repeated suspensions, directions to be taught elsewhere, and managed moves to another school.',
  tables: ['suspension_risk', 'behaviour_risk_assessment', 'off_site_direction', 'managed_move'],
  layout: 'records',
  fields: {
    entry: 'Record',
    from: 'From',
    to: 'To',
    status: 'Status',
    summary: 'What was recorded',
    createdAt: 'Recorded at',
    id: 'Harbour’s id for the record',
  },
  codes: {
    entry: {
      at_risk: 'At risk of suspension',
      risk_assessment: 'Risk assessment',
      off_site_direction: 'Off-site direction',
      managed_move: 'Managed move',
    },
  },
  async load(tx, pupilId) {
    const risks = await repo.atRiskOfPupil(tx, pupilId)
    const assessments = await repo.riskAssessmentsOfPupil(tx, pupilId)
    const directions = await repo.offSiteDirectionsOfPupil(tx, pupilId)
    const moves = await repo.managedMovesOfPupil(tx, pupilId)
    return all([
      ...risks.map((r): SectionRecord => ({
        entry: 'at_risk',
        from: r.openedOn,
        to: r.closedOn,
        status: r.status,
        summary: asText({
          concern: r.concern,
          vsConsultation: r.vsConsultation,
          parentConversation: r.parentConversation,
          alternativesTried: r.alternativesTried,
          otherAlternatives: r.otherAlternatives,
          sendAdjustments: r.sendAdjustments,
          closedNote: r.closedNote,
        }),
        createdAt: iso(r.createdAt),
        id: r.id,
      })),
      ...assessments.map((a): SectionRecord => ({
        entry: 'risk_assessment',
        from: a.completedOn,
        to: a.reviewDate,
        status: null,
        summary: asText({ ...a.content, actions: a.actions, sharedWith: a.sharedWith }),
        createdAt: iso(a.createdAt),
        id: a.id,
      })),
      ...directions.map((d): SectionRecord => ({
        entry: 'off_site_direction',
        from: d.startDate,
        to: d.endDate,
        status: d.status,
        summary: asText({
          provider: d.provider,
          address: d.address,
          contact: d.contact,
          daysAndTimes: d.daysAndTimes,
          reasons: d.reasons,
          noticeToParentOn: d.noticeToParentOn,
          noticeToLaOn: d.noticeToLaOn,
          nextReviewOn: d.nextReviewOn,
          reviews: d.reviews,
        }),
        createdAt: iso(d.createdAt),
        id: d.id,
      })),
      ...moves.map((m): SectionRecord => ({
        entry: 'managed_move',
        from: m.moveDate,
        to: null,
        status: m.status,
        summary: asText({
          receivingSchool: m.receivingSchool,
          reason: m.reason,
          interventionsTried: m.interventionsTried,
          parentsAgreedOn: m.parentsAgreedOn,
          receivingSchoolAgreedOn: m.receivingSchoolAgreedOn,
          admissionAuthorityAgreedOn: m.admissionAuthorityAgreedOn,
          informationSharedOn: m.informationSharedOn,
          notes: m.notes,
        }),
        createdAt: iso(m.createdAt),
        id: m.id,
      })),
    ])
  },
}
