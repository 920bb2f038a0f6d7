import { describeActor, describeAuditAction } from '../../domain/audit/events.js'
import {
  CIN_CATEGORY_LABELS,
  CLA_LEGAL_STATUSES,
  CP_CATEGORY_LABELS,
  EPISODE_TYPE_LABELS,
  KINSHIP_ARRANGEMENT_LABELS,
  PLA_ROUTE_LABELS,
} from '../../domain/cohort/codes.js'
import { PLACEMENT_CHANGE_KIND_LABELS } from '../../domain/cohort/placement-changes.js'
import { ROLE_LABELS } from '../../domain/access/roles.js'
import type { Executor } from '../../data/db.js'
import * as repo from '../../data/repositories/subject-access.repository.js'
import { CONTACT_ROLE_LABELS, STAFF_ROLE_LABELS } from '../contacts.service.js'
import { fundingSection, pepsSection, pepTargetsSection } from './pep-sections.js'
import {
  attendanceAdjustmentsSection,
  attendanceRegisterSection,
  attendanceSupportPlansSection,
  partTimeTimetablesSection,
} from './attendance-sections.js'
import {
  behaviourSupportSection,
  suspensionDutiesSection,
  suspensionsSection,
} from './suspension-sections.js'

/** One value of a record: dates are `YYYY-MM-DD`, instants ISO 8601 in UTC. */
export type FieldValue = string | number | boolean | null
export type SectionRecord = Record<string, FieldValue>

export type SectionContent = {
  records: SectionRecord[]
  /** Why some of the section is left out for this reader (DESIGN.md access layer 3), or null. */
  withheld: string | null
}

/** What the person making the export may read beyond the record itself. */
export type Reader = { childProtection: boolean }

/**
 * One part of a subject-access export (issue 3 item 7). The JSON export gives `records` as they are;
 * the page shows each field under its label, and a coded value with its words from `codes`.
 */
export type SubjectAccessSection = {
  key: string
  title: string
  /** What the section holds, in plain words, shown above it. */
  description: string
  /** Every table it reads; each table with a `pupil_id` must be read by some section (sections.test.ts). */
  tables: readonly string[]
  /** The fields in the order shown, with their labels. */
  fields: Record<string, string>
  /** Words for coded values, by field. */
  codes?: Record<string, Record<string, string>>
  /** `table` for long lists of short rows (the access log); `records` shows each record as a list. */
  layout: 'records' | 'table'
  load(tx: Executor, pupilId: string, reader: Reader): Promise<SectionContent>
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)
const all = (records: SectionRecord[]): SectionContent => ({ records, withheld: null })

const CP_WITHHELD =
  'Child protection details are left out: only the designated safeguarding lead, the headteacher or ' +
  'someone they have given access can include them. Ask one of them to make this export.'

const SEN_PROVISION_LABELS = {
  N: 'No special educational needs',
  K: 'SEN support',
  E: 'Education, health and care (EHC) plan',
}

// National curriculum years: -1 nursery, 0 reception, 1 to 14.
const YEAR_GROUP_LABELS = Object.fromEntries(
  Array.from({ length: 16 }, (_, i) => i - 1).map((y) => [
    String(y),
    y === -1 ? 'Nursery' : y === 0 ? 'Reception' : `Year ${y}`,
  ]),
)

const EPISODE_STATE_LABELS = {
  current: 'Current',
  corrected: 'Replaced by a correction',
  replaced_by_withdrawal: 'Replaced by a withdrawal',
  withdrawn: 'Withdrawn',
}
type EpisodeState = keyof typeof EPISODE_STATE_LABELS

type EpisodeRow = Awaited<ReturnType<typeof repo.episodesWithRecorder>>[number]['episode']

/** Current, withdrawn, or replaced by a later row (DOMAIN.md DEF-13: history is never overwritten). */
function episodeState(e: EpisodeRow, byId: Map<string, EpisodeRow>): EpisodeState {
  if (e.withdrawn) return 'withdrawn'
  if (!e.supersededById) return 'current'
  return byId.get(e.supersededById)?.withdrawn ? 'replaced_by_withdrawal' : 'corrected'
}

async function episodesWithState(tx: Executor, pupilId: string) {
  const rows = await repo.episodesWithRecorder(tx, pupilId)
  const byId = new Map(rows.map((r) => [r.episode.id, r.episode]))
  return rows.map((r) => ({ ...r, state: episodeState(r.episode, byId) }))
}

const pupilDetails: SubjectAccessSection = {
  key: 'pupil',
  title: 'Pupil details',
  description: 'The details Harbour holds to identify the pupil, and their school.',
  tables: ['pupil'],
  layout: 'records',
  fields: {
    upn: 'Unique pupil number (UPN)',
    givenName: 'First name',
    familyName: 'Last name',
    preferredName: 'Known as',
    dateOfBirth: 'Date of birth',
    yearGroup: 'Year group',
    senProvision: 'SEN provision',
    schoolName: 'School',
    schoolUrn: 'School URN',
    enrolledOn: 'Enrolment date',
    leftOn: 'Last day on roll',
    createdAt: 'Added to Harbour',
    updatedAt: 'Last changed',
    id: 'Harbour’s id for the pupil',
  },
  codes: { senProvision: SEN_PROVISION_LABELS, yearGroup: YEAR_GROUP_LABELS },
  async load(tx, pupilId) {
    const row = await repo.pupilWithSchool(tx, pupilId)
    if (!row) return all([])
    const p = row.pupil
    return all([
      {
        upn: p.upn,
        givenName: p.givenName,
        familyName: p.familyName,
        preferredName: p.preferredName,
        dateOfBirth: p.dateOfBirth,
        yearGroup: p.yearGroup,
        senProvision: p.senProvision,
        schoolName: row.schoolName,
        schoolUrn: row.schoolUrn,
        enrolledOn: p.enrolledOn,
        leftOn: p.leftOn,
        createdAt: iso(p.createdAt),
        updatedAt: iso(p.updatedAt),
        id: p.id,
      },
    ])
  },
}

const statusEpisodes: SubjectAccessSection = {
  key: 'status_episodes',
  title: 'Status history',
  description:
    'Every status recorded (looked after, previously looked after, child in need, child protection, ' +
    'kinship care), including those later corrected or withdrawn, with the reasons given. The category ' +
    'and notes of a child protection plan are under “Child protection details”.',
  tables: ['status_episode'],
  layout: 'records',
  fields: {
    type: 'Status',
    startDate: 'From',
    endDate: 'To',
    state: 'State of this entry',
    legalStatus: 'Legal status',
    responsibleLaCode: 'Local authority that looks after the child',
    route: 'How the child left care',
    arrangement: 'Kinship arrangement',
    cinCategory: 'Category of need',
    evidenceDocument: 'Evidence seen',
    evidenceSeenOn: 'Evidence seen on',
    evidenceSeenBy: 'Evidence seen by',
    note: 'Note',
    correctionReason: 'Why it was corrected',
    withdrawnReason: 'Why it was withdrawn',
    recordedBy: 'Recorded by',
    recordedAt: 'Recorded at',
    id: 'Harbour’s id for the entry',
  },
  codes: {
    type: EPISODE_TYPE_LABELS,
    state: EPISODE_STATE_LABELS,
    legalStatus: Object.fromEntries(CLA_LEGAL_STATUSES.map((s) => [s.code, `${s.code}: ${s.description}`])),
    route: PLA_ROUTE_LABELS,
    arrangement: KINSHIP_ARRANGEMENT_LABELS,
    cinCategory: Object.fromEntries(Object.entries(CIN_CATEGORY_LABELS).map(([k, v]) => [k, `${k}: ${v}`])),
  },
  async load(tx, pupilId) {
    const rows = await episodesWithState(tx, pupilId)
    return all(
      rows.map(({ episode: e, recordedByName, state }) => ({
        type: e.type,
        startDate: e.startDate,
        endDate: e.endDate,
        state,
        legalStatus: e.legalStatus,
        responsibleLaCode: e.responsibleLaCode,
        route: e.route,
        arrangement: e.arrangement,
        cinCategory: e.cinCategory,
        evidenceDocument: e.evidence?.document ?? null,
        evidenceSeenOn: e.evidence?.seenOn ?? null,
        evidenceSeenBy: e.evidence?.seenBy ?? null,
        // A plan's note is a child protection detail: it is in that section, for those who may read it.
        note: e.type === 'CP' ? null : e.note,
        correctionReason: e.correctionReason,
        withdrawnReason: e.withdrawn,
        recordedBy: recordedByName,
        recordedAt: iso(e.recordedAt),
        id: e.id,
      })),
    )
  },
}

const childProtection: SubjectAccessSection = {
  key: 'child_protection',
  title: 'Child protection details',
  description:
    'The category of abuse and the notes of each child protection plan, every entry included. Only the ' +
    'designated safeguarding lead, the headteacher and people they give access can read these.',
  tables: ['status_episode'],
  layout: 'records',
  fields: {
    startDate: 'Plan from',
    endDate: 'Plan to',
    state: 'State of this entry',
    cpCategory: 'Category of abuse',
    note: 'Note',
    episodeId: 'Harbour’s id for the entry',
  },
  codes: { state: EPISODE_STATE_LABELS, cpCategory: CP_CATEGORY_LABELS },
  async load(tx, pupilId, reader) {
    const plans = (await episodesWithState(tx, pupilId)).filter((r) => r.episode.type === 'CP')
    // DESIGN.md access layer 3: withheld from a reader without the section; that there are plans is
    // not hidden, because the status history shows their type and dates to every reader of the record.
    if (plans.length && !reader.childProtection) return { records: [], withheld: CP_WITHHELD }
    return all(
      plans.map(({ episode: e, state }) => ({
        startDate: e.startDate,
        endDate: e.endDate,
        state,
        cpCategory: e.cpCategory,
        note: e.note,
        episodeId: e.id,
      })),
    )
  },
}

const placementChanges: SubjectAccessSection = {
  key: 'placement_changes',
  title: 'Changes of placement or school',
  description: 'Changes of care placement or school recorded while the child was looked after.',
  tables: ['placement_change'],
  layout: 'records',
  fields: {
    changedOn: 'Date of the change',
    kind: 'What changed',
    note: 'Note',
    recordedBy: 'Recorded by',
    recordedAt: 'Recorded at',
    episodeId: 'Harbour’s id for the status it was recorded in',
  },
  codes: { kind: PLACEMENT_CHANGE_KIND_LABELS },
  async load(tx, pupilId) {
    const rows = await repo.placementChangesWithRecorder(tx, pupilId)
    return all(
      rows.map(({ change: c, recordedByName }) => ({
        changedOn: c.changedOn,
        kind: c.kind,
        note: c.note,
        recordedBy: recordedByName,
        recordedAt: iso(c.recordedAt),
        episodeId: c.episodeId,
      })),
    )
  },
}

const contacts: SubjectAccessSection = {
  key: 'contacts',
  title: 'Contacts',
  description: 'The people around the child whose details are recorded: social workers, carers, parents.',
  tables: ['contact'],
  layout: 'records',
  fields: {
    role: 'Who they are to the child',
    name: 'Name',
    organisation: 'Organisation',
    email: 'Email',
    phone: 'Phone',
    fromDate: 'From',
    toDate: 'To',
    createdAt: 'Added',
    updatedAt: 'Last changed',
  },
  codes: { role: CONTACT_ROLE_LABELS },
  async load(tx, pupilId) {
    const rows = await repo.allContactsOf(tx, pupilId)
    return all(
      rows.map((c) => ({
        role: c.role,
        name: c.name,
        organisation: c.organisation,
        email: c.email,
        phone: c.phone,
        fromDate: c.fromDate,
        toDate: c.toDate,
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
      })),
    )
  },
}

const staffAssignments: SubjectAccessSection = {
  key: 'staff_assignments',
  title: 'Assigned staff',
  description: 'Every key adult, mentor and teacher assigned to the child, including past assignments.',
  tables: ['pupil_staff'],
  layout: 'records',
  fields: {
    role: 'Role',
    staffName: 'Member of staff',
    fromDate: 'From',
    assignedAt: 'Assigned at',
    endedAt: 'Ended at',
  },
  codes: { role: STAFF_ROLE_LABELS },
  async load(tx, pupilId) {
    const rows = await repo.allStaffAssignmentsOf(tx, pupilId)
    return all(
      rows.map(({ assignment: a, staffName }) => ({
        role: a.role,
        staffName,
        fromDate: a.fromDate,
        assignedAt: iso(a.createdAt),
        endedAt: iso(a.endedAt),
      })),
    )
  },
}

const tasks: SubjectAccessSection = {
  key: 'tasks',
  title: 'Tasks',
  description: 'The work Harbour set staff about the child, done or not.',
  tables: ['task'],
  layout: 'records',
  fields: {
    title: 'Task',
    detail: 'Detail',
    assignee: 'For',
    dueOn: 'Due',
    createdAt: 'Set',
    doneAt: 'Done at',
    doneBy: 'Done by',
    doneNote: 'Note when done',
  },
  async load(tx, pupilId) {
    const rows = await repo.allTasksAbout(tx, pupilId)
    return all(
      rows.map(({ task: t, assigneeName, doneByName }) => ({
        title: t.title,
        detail: t.detail,
        assignee:
          assigneeName ??
          (t.assigneeRole
            ? (ROLE_LABELS[t.assigneeRole as keyof typeof ROLE_LABELS] ?? t.assigneeRole)
            : null),
        dueOn: t.dueOn,
        createdAt: iso(t.createdAt),
        doneAt: iso(t.doneAt),
        doneBy: doneByName,
        doneNote: t.doneNote,
      })),
    )
  },
}

const messages: SubjectAccessSection = {
  key: 'messages',
  title: 'Emails about the child',
  description: 'Emails Harbour sent, or is waiting to send, about the child.',
  tables: ['outbox'],
  layout: 'records',
  fields: {
    toAddress: 'To',
    subject: 'Subject',
    body: 'Message',
    status: 'Sent?',
    createdAt: 'Written at',
    sentAt: 'Sent at',
  },
  codes: { status: { pending: 'Waiting to be sent', sent: 'Sent', failed: 'Could not be sent' } },
  async load(tx, pupilId) {
    const rows = await repo.outboxMessagesAbout(tx, pupilId)
    return all(
      rows.map((m) => ({
        toAddress: m.toAddress,
        subject: m.subject,
        body: m.body,
        status: m.status,
        createdAt: iso(m.createdAt),
        sentAt: iso(m.sentAt),
      })),
    )
  },
}

const accessLog: SubjectAccessSection = {
  key: 'access_log',
  title: 'Access log',
  description:
    'Everyone who viewed, changed or exported the record, or was refused, and when: the audit log ' +
    'about the child, oldest first, up to this export.',
  tables: ['audit_event'],
  layout: 'table',
  fields: { at: 'When', who: 'Who', what: 'What they did', action: 'Recorded as' },
  async load(tx, pupilId) {
    const rows = await repo.auditTrailOf(tx, pupilId)
    return all(
      rows.map((r) => ({
        at: r.at.toISOString(),
        who: describeActor(r.actorLabel),
        what: describeAuditAction(r.action),
        action: r.action,
      })),
    )
  },
}

/**
 * Everything Harbour holds about one pupil, section by section, in the order the export shows them.
 * A new kind of record about a pupil (PEPs, pupil premium plus, attendance, suspensions and exclusions)
 * adds one entry here, and nothing else changes: the JSON, the page and the PDF all follow this list.
 */
export const SUBJECT_ACCESS_SECTIONS: readonly SubjectAccessSection[] = [
  pupilDetails,
  statusEpisodes,
  childProtection,
  placementChanges,
  contacts,
  staffAssignments,
  tasks,
  messages,
  pepsSection,
  pepTargetsSection,
  fundingSection,
  attendanceRegisterSection,
  attendanceSupportPlansSection,
  partTimeTimetablesSection,
  attendanceAdjustmentsSection,
  suspensionsSection,
  suspensionDutiesSection,
  behaviourSupportSection,
  accessLog,
]
