/**
 * Who may reach each route: the table the authorization matrix test (authorization-matrix.test.ts)
 * checks every route of the app against, for every role. A route missing here fails that test, so a
 * new route cannot go unchecked: add it here with the roles that should reach it, and why.
 *
 * Keyed by `METHOD path` as Fastify knows the route (`:id` for parameters). A HEAD route Fastify adds
 * for a GET route is checked as that GET route.
 *
 * The roles listed are the ones allowed on the test's first target: a pupil of the test school who is
 * looked after by the Virtual School's LA and has the staff member as key adult; the test school; a
 * user of the test school; the designated teacher's own task. On other targets the test expects
 * (DESIGN.md "Access control" layer 2):
 * - a pupil of the same school with a social worker, not looked after, with no key adult among the
 *   test's users: the same roles without `staff` (only assigned pupils) and the Virtual School roles
 *   (PD-12: aggregates only for CSW children), unless `onCswPupil` says otherwise;
 * - a pupil of another school, looked after by another LA: nobody;
 * - another school (a `:urn` route), or a user of another school: nobody (every school role in the test,
 *   the administrator included, belongs to the test school);
 * - another LA's Virtual School (a `:laCode` route): nobody (the Virtual School roles are LA 919's).
 *
 * Deliberately not derived from PERMISSIONS: this is what the routes should do, written down once more,
 * so that a mistake in the permissions table shows up as a difference.
 */
import type { Role } from '../domain/access/roles.js'

export type Expectation =
  /** Open to anyone, signed in or not (sign-in, assets, the OpenAPI document). */
  | { public: true; why: string }
  | {
      /** The roles allowed on the first target; every other role, and anyone signed out, is refused. */
      allow: readonly Role[]
      /** Instead of the rule above, on the pupil with a social worker. */
      onCswPupil?: readonly Role[]
      why?: string
    }

const EVERYONE: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'attendance_officer',
  'staff',
  'governor',
  'vs_head',
  'vs_adviser',
]
/** Governors see aggregates only (PD-11): every role but theirs. */
const ALL_BUT_GOVERNOR = EVERYONE.filter((r) => r !== 'governor')
/** Pupil records: school roles (staff only for their own pupils) and the Virtual School (PD-12). */
const PUPIL_READERS = ALL_BUT_GOVERNOR
const PUPIL_EDITORS: readonly Role[] = ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco']
const EPISODE_EDITORS: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'vs_head',
  'vs_adviser',
]
const CONTACT_EDITORS: readonly Role[] = [...PUPIL_EDITORS, 'vs_head', 'vs_adviser']
const STAFF_ASSIGNERS = PUPIL_EDITORS
/** A school's settings: not staff (no need) nor the Virtual School (not its school). */
const SCHOOL_READERS: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'attendance_officer',
  'governor',
]
/** The governors' report: report:read, for a school in the actor's scope (a VS head has none). */
const REPORT_READERS: readonly Role[] = ['admin', 'headteacher', 'designated_teacher', 'dsl', 'governor']
/** The DT writes the report's words, shares and archives it (POL-27). */
const REPORT_WRITERS: readonly Role[] = ['headteacher', 'designated_teacher']
/** Issue 5: the school's attendance pages (attendance:report), its import, and support plans (attendance:manage). */
const ATTENDANCE_REPORTERS: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'attendance_officer',
]
const ATTENDANCE_IMPORTERS: readonly Role[] = ['admin', 'headteacher', 'attendance_officer']
const ATTENDANCE_MANAGERS: readonly Role[] = [
  'headteacher',
  'designated_teacher',
  'dsl',
  'attendance_officer',
]
const manageAttendance = { allow: ATTENDANCE_MANAGERS, why: 'attendance:manage, in scope' }
/** Issue 4: PEPs are read by the school's leads and the Virtual School; written by the DT or headteacher. */
const PEP_READERS: readonly Role[] = [
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'vs_head',
  'vs_adviser',
]
const PEP_WRITERS: readonly Role[] = ['headteacher', 'designated_teacher']
const PEP_APPROVERS: readonly Role[] = ['vs_head', 'vs_adviser']
const ADMIN: readonly Role[] = ['admin']
/** Issue 7: designated roles and training are read by the school's leads and governors; kept by the DT and head. */
const GOVERNANCE_READERS: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'governor',
]
const GOVERNANCE_MANAGERS: readonly Role[] = ['admin', 'headteacher', 'designated_teacher']
/** Issue 7 item 3: the school's policy is read by all its staff and governors (POL-5), kept by the DT and head. */
const POLICY_READERS: readonly Role[] = [
  'admin',
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'attendance_officer',
  'staff',
  'governor',
]
const POLICY_MANAGERS: readonly Role[] = ['headteacher', 'designated_teacher']
/** POL-5: every member of staff confirms they have read it; not an administrator or a governor. */
const POLICY_ACKNOWLEDGERS: readonly Role[] = [
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'attendance_officer',
  'staff',
]
/** Issue 6: suspensions are read by the school's leads and the Virtual School; recorded by the headteacher. */
const SUSPENSION_READERS: readonly Role[] = [
  'headteacher',
  'designated_teacher',
  'dsl',
  'senco',
  'vs_head',
  'vs_adviser',
]
const SUSPENSION_RECORDERS: readonly Role[] = ['headteacher']
/** Marking at risk (suspension:at_risk) and the duties, risk assessments and moves after (suspension:manage). */
const SUSPENSION_MANAGERS: readonly Role[] = ['headteacher', 'designated_teacher', 'dsl']
const SUSPENSION_REPORTERS: readonly Role[] = ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco']
const readSuspensions = { allow: SUSPENSION_READERS, why: 'suspension:read, in scope' }
const recordSuspension = { allow: SUSPENSION_RECORDERS, why: 'suspension:record: the headteacher alone' }
const decideSuspension = { allow: SUSPENSION_RECORDERS, why: 'suspension:decide: the headteacher alone' }
const manageSuspensions = { allow: SUSPENSION_MANAGERS, why: 'suspension:manage, in scope' }
const markAtRisk = { allow: SUSPENSION_MANAGERS, why: 'suspension:at_risk, in scope' }
/** Issue 4 item 5, PD-9: PP+ is read by the school's leads and the Virtual School; spent by the school. */
const FUNDING_READERS: readonly Role[] = ['headteacher', 'designated_teacher', 'vs_head', 'vs_adviser']
const FUNDING_SPENDERS: readonly Role[] = ['headteacher', 'designated_teacher']
/** PP-5: a looked-after child's PP+ is the Virtual School's to allocate; the CSW child's pupil premium the school's. */
const FUNDING_ALLOCATORS: Expectation = {
  allow: ['vs_head', 'vs_adviser'],
  onCswPupil: ['headteacher', 'designated_teacher'],
  why: 'funding:allocate, for the money the actor’s side holds: CLA PP+ the Virtual School (PP-5), pupil premium the school',
}
const FUNDING_RELEASERS: readonly Role[] = ['vs_head', 'vs_adviser']
/** Issue 3 item 7: a subject-access export, which may hold child protection details. */
const SUBJECT_ACCESS: readonly Role[] = ['admin', 'headteacher', 'dsl']
/** Issue 3 item 1: two-factor sign-in is mandatory for every other role. */
const TWO_FACTOR_OPTIONAL: readonly Role[] = ['attendance_officer', 'staff', 'governor']

const everyoneSignedIn = (why: string): Expectation => ({ allow: EVERYONE, why })

export const EXPECTATIONS: Record<string, Expectation> = {
  // Assets and the way in.
  'GET /govuk/assets/*': { public: true, why: 'GOV.UK Frontend’s fonts and images' },
  'GET /govuk/*': { public: true, why: 'GOV.UK Frontend’s script' },
  'GET /assets/*': { public: true, why: 'Harbour’s stylesheet' },
  'GET /api/v1/openapi.json': { public: true, why: 'PD-19: the OpenAPI document needs no token' },
  'GET /': { public: true, why: 'Sends each user to their home page, or to sign in' },
  'GET /sign-in': { public: true, why: 'Signing in' },
  'POST /sign-in': { public: true, why: 'Signing in' },
  'GET /sign-in/two-factor': { public: true, why: 'The second step of signing in' },
  'POST /sign-in/two-factor': { public: true, why: 'The second step of signing in' },
  'GET /sign-in/recovery-code': { public: true, why: 'The second step of signing in, with a recovery code' },
  'POST /sign-in/recovery-code': { public: true, why: 'The second step of signing in, with a recovery code' },
  'POST /sign-out': { public: true, why: 'Signing out' },
  'GET /reset-password/:token': { public: true, why: 'Issue 3 item 2: an admin-issued, single-use link' },
  'POST /reset-password/:token': { public: true, why: 'Issue 3 item 2: an admin-issued, single-use link' },

  // Each user's own account.
  'GET /account': everyoneSignedIn('Their own account'),
  'GET /account/sessions': everyoneSignedIn('Their own sessions'),
  'POST /account/sessions/sign-out-everywhere': everyoneSignedIn('Issue 3 item 2: sign out everywhere'),
  'GET /account/two-factor/set-up': everyoneSignedIn('Their own two-factor sign-in'),
  'POST /account/two-factor/set-up': everyoneSignedIn('Their own two-factor sign-in'),
  'POST /account/two-factor/recovery-codes': everyoneSignedIn('Their own recovery codes'),
  'POST /account/two-factor/recovery-codes/saved': everyoneSignedIn('Their own recovery codes'),
  'GET /account/two-factor/turn-off': {
    allow: TWO_FACTOR_OPTIONAL,
    why: 'Issue 3 item 1: only a role for which two-factor sign-in is optional may turn it off',
  },
  'POST /account/two-factor/turn-off': {
    allow: TWO_FACTOR_OPTIONAL,
    why: 'Issue 3 item 1: only a role for which two-factor sign-in is optional may turn it off',
  },

  // Pages: the register and pupils' records.
  'GET /register': { allow: ALL_BUT_GOVERNOR, why: 'register:read; PD-11: never a governor' },
  'GET /pupils/:id': { allow: PUPIL_READERS, why: 'pupil:read, in scope' },
  'GET /pupils/:id/access-history': {
    allow: ['admin', 'headteacher', 'dsl'],
    why: 'audit:read. Issue 3 item 5 names the DSL and the headteacher; an administrator reads audit too',
  },
  'GET /pupils/:id/subject-access': {
    allow: SUBJECT_ACCESS,
    why: 'pupil:subject_access. Issue 3 item 7: those who answer a subject access request',
  },
  'GET /pupils/:id/subject-access/pdf': { allow: SUBJECT_ACCESS, why: 'pupil:subject_access' },
  'GET /pupils/new': { allow: PUPIL_EDITORS, why: 'pupil:create' },
  'POST /pupils/new': { allow: PUPIL_EDITORS, why: 'pupil:create' },
  'GET /pupils/:id/edit': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'POST /pupils/:id/edit': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'GET /pupils/:id/leaving': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'POST /pupils/:id/leaving': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'GET /pupils/:id/episodes/new': { allow: EPISODE_EDITORS, why: 'episode:create' },
  'POST /pupils/:id/episodes/new': { allow: EPISODE_EDITORS, why: 'episode:create' },
  'GET /pupils/:id/episodes/:episodeId/correct': { allow: EPISODE_EDITORS, why: 'episode:correct' },
  'POST /pupils/:id/episodes/:episodeId/correct': { allow: EPISODE_EDITORS, why: 'episode:correct' },
  'GET /pupils/:id/episodes/:episodeId/withdraw': { allow: EPISODE_EDITORS, why: 'episode:correct' },
  'POST /pupils/:id/episodes/:episodeId/withdraw': { allow: EPISODE_EDITORS, why: 'episode:correct' },
  'GET /pupils/:id/episodes/:episodeId/placement-changes/new': {
    allow: EPISODE_EDITORS,
    onCswPupil: [],
    why: 'episode:create; only during a CLA episode, which the CSW pupil does not have',
  },
  'POST /pupils/:id/episodes/:episodeId/placement-changes/new': {
    allow: EPISODE_EDITORS,
    onCswPupil: [],
    why: 'episode:create; only during a CLA episode, which the CSW pupil does not have',
  },
  'GET /pupils/:id/contacts/new': { allow: CONTACT_EDITORS, why: 'contact:manage' },
  'POST /pupils/:id/contacts/new': { allow: CONTACT_EDITORS, why: 'contact:manage' },
  'GET /pupils/:id/contacts/:contactId/edit': { allow: CONTACT_EDITORS, why: 'contact:manage' },
  'POST /pupils/:id/contacts/:contactId/edit': { allow: CONTACT_EDITORS, why: 'contact:manage' },
  'GET /pupils/:id/staff/new': { allow: STAFF_ASSIGNERS, why: 'staff_assignment:manage' },
  'POST /pupils/:id/staff/new': { allow: STAFF_ASSIGNERS, why: 'staff_assignment:manage' },
  'POST /pupils/:id/staff/:assignmentId/remove': { allow: STAFF_ASSIGNERS, why: 'staff_assignment:manage' },
  // Issue 4 item 6: the PEP pages. The Virtual School reads and decides only for children its LA looks after (PD-12).
  'GET /pupils/:id/peps': { allow: PEP_READERS, why: 'pep:read' },
  'GET /pupils/:id/peps/new': { allow: PEP_WRITERS, why: 'pep:write' },
  'POST /pupils/:id/peps/new': { allow: PEP_WRITERS, why: 'pep:write' },
  'GET /pupils/:id/peps/:pepId': { allow: PEP_READERS, why: 'pep:read' },
  'GET /pupils/:id/peps/:pepId/pdf': { allow: PEP_READERS, why: 'pep:read' },
  'GET /pupils/:id/peps/:pepId/edit': { allow: PEP_WRITERS, why: 'pep:write' },
  'GET /pupils/:id/peps/:pepId/edit/:section': { allow: PEP_WRITERS, why: 'pep:write' },
  'POST /pupils/:id/peps/:pepId/edit/:section': { allow: PEP_WRITERS, why: 'pep:write' },
  'GET /pupils/:id/peps/:pepId/check': { allow: PEP_WRITERS, why: 'pep:submit' },
  'POST /pupils/:id/peps/:pepId/check': { allow: PEP_WRITERS, why: 'pep:submit' },
  'GET /pupils/:id/peps/:pepId/decision': { allow: PEP_APPROVERS, why: 'pep:approve' },
  'POST /pupils/:id/peps/:pepId/decision': { allow: PEP_APPROVERS, why: 'pep:approve' },
  'GET /peps': {
    allow: PEP_READERS,
    why: 'pep:read: the school’s children looked after, or the Virtual School’s (PD-12)',
  },
  'GET /virtual-school/settings': {
    allow: PEP_APPROVERS,
    why: 'virtual_school:read: the actor’s own Virtual School’s PEP settings',
  },
  'POST /virtual-school/settings': { allow: ['vs_head'], why: 'virtual_school:configure' },

  // Pages: pupil premium plus (issue 4 item 5).
  // Issue 5 item 6: the attendance pages. The school's page and its import are the school's own staff's.
  'GET /attendance': { allow: ATTENDANCE_REPORTERS, why: 'attendance:report, for the actor’s school' },
  'GET /attendance/import': { allow: ATTENDANCE_IMPORTERS, why: 'attendance:import, for the actor’s school' },
  'POST /attendance/import': {
    allow: ATTENDANCE_IMPORTERS,
    why: 'attendance:import, for the actor’s school',
  },
  'POST /attendance/import/confirm': {
    allow: ATTENDANCE_IMPORTERS,
    why: 'attendance:import, of the file the session checked',
  },
  'GET /pupils/:id/attendance': { allow: ALL_BUT_GOVERNOR, why: 'attendance:read, in scope' },
  'GET /pupils/:id/attendance/support-plans/new': manageAttendance,
  'POST /pupils/:id/attendance/support-plans/new': manageAttendance,
  'GET /pupils/:id/attendance/support-plans/:planId/edit': manageAttendance,
  'POST /pupils/:id/attendance/support-plans/:planId/edit': manageAttendance,
  'GET /pupils/:id/attendance/support-plans/:planId/close': manageAttendance,
  'POST /pupils/:id/attendance/support-plans/:planId/close': manageAttendance,
  'GET /pupils/:id/attendance/part-time-timetables/new': manageAttendance,
  'POST /pupils/:id/attendance/part-time-timetables/new': manageAttendance,
  'GET /pupils/:id/attendance/part-time-timetables/:timetableId/edit': manageAttendance,
  'POST /pupils/:id/attendance/part-time-timetables/:timetableId/edit': manageAttendance,
  'GET /pupils/:id/attendance/part-time-timetables/:timetableId/end': manageAttendance,
  'POST /pupils/:id/attendance/part-time-timetables/:timetableId/end': manageAttendance,
  'GET /pupils/:id/attendance/adjustments/new': manageAttendance,
  'POST /pupils/:id/attendance/adjustments/new': manageAttendance,
  // Issue 6 items 2-5 and 7: the pupil's behaviour and suspensions pages.
  'GET /pupils/:id/suspensions': readSuspensions,
  'GET /pupils/:id/suspensions/new': recordSuspension,
  'POST /pupils/:id/suspensions/new': recordSuspension,
  'GET /pupils/:id/suspensions/new/check': recordSuspension,
  'POST /pupils/:id/suspensions/new/check': recordSuspension,
  'GET /pupils/:id/suspensions/:suspensionId': readSuspensions,
  'GET /pupils/:id/suspensions/:suspensionId/cancel': decideSuspension,
  'POST /pupils/:id/suspensions/:suspensionId/cancel': decideSuspension,
  'GET /pupils/:id/suspensions/:suspensionId/board-decision': decideSuspension,
  'POST /pupils/:id/suspensions/:suspensionId/board-decision': decideSuspension,
  'GET /pupils/:id/suspensions/:suspensionId/day6-provision': manageSuspensions,
  'POST /pupils/:id/suspensions/:suspensionId/day6-provision': manageSuspensions,
  'GET /pupils/:id/suspensions/obligations/:obligationId/done': manageSuspensions,
  'POST /pupils/:id/suspensions/obligations/:obligationId/done': manageSuspensions,
  'GET /pupils/:id/suspensions/at-risk/new': markAtRisk,
  'POST /pupils/:id/suspensions/at-risk/new': markAtRisk,
  'GET /pupils/:id/suspensions/at-risk/:atRiskId/edit': markAtRisk,
  'POST /pupils/:id/suspensions/at-risk/:atRiskId/edit': markAtRisk,
  'GET /pupils/:id/suspensions/at-risk/:atRiskId/close': markAtRisk,
  'POST /pupils/:id/suspensions/at-risk/:atRiskId/close': markAtRisk,
  'GET /pupils/:id/suspensions/risk-assessments/new': manageSuspensions,
  'POST /pupils/:id/suspensions/risk-assessments/new': manageSuspensions,
  'GET /pupils/:id/suspensions/off-site-directions/new': manageSuspensions,
  'POST /pupils/:id/suspensions/off-site-directions/new': manageSuspensions,
  'GET /pupils/:id/suspensions/off-site-directions/:directionId/edit': manageSuspensions,
  'POST /pupils/:id/suspensions/off-site-directions/:directionId/edit': manageSuspensions,
  'GET /pupils/:id/suspensions/managed-moves/new': manageSuspensions,
  'POST /pupils/:id/suspensions/managed-moves/new': manageSuspensions,
  'GET /pupils/:id/suspensions/managed-moves/:moveId/edit': manageSuspensions,
  'POST /pupils/:id/suspensions/managed-moves/:moveId/edit': manageSuspensions,
  'GET /suspensions': {
    allow: SUSPENSION_REPORTERS,
    why: 'suspension:report, for the actor’s school: it names pupils, so never a governor',
  },
  'GET /schools/:urn/suspension-settings': {
    allow: ['admin', 'headteacher'],
    why: 'suspension:configure: where the letters send representations and notices',
  },
  'POST /schools/:urn/suspension-settings': {
    allow: ['admin', 'headteacher'],
    why: 'suspension:configure',
  },
  'GET /pupils/:id/funding': { allow: FUNDING_READERS, why: 'funding:read, in scope' },
  'GET /pupils/:id/funding/allocations/new': FUNDING_ALLOCATORS,
  'POST /pupils/:id/funding/allocations/new': FUNDING_ALLOCATORS,
  'GET /pupils/:id/funding/releases/new': { allow: FUNDING_RELEASERS, why: 'funding:release (PP-5)' },
  'POST /pupils/:id/funding/releases/new': { allow: FUNDING_RELEASERS, why: 'funding:release (PP-5)' },
  'GET /pupils/:id/funding/spends/new': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'POST /pupils/:id/funding/spends/new': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'GET /pupils/:id/funding/spends/:spendId/impact': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'POST /pupils/:id/funding/spends/:spendId/impact': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'GET /admin/pupil-premium-plus-rates': { allow: ADMIN, why: 'funding:rate:manage (PD-9)' },
  'POST /admin/pupil-premium-plus-rates': { allow: ADMIN, why: 'funding:rate:manage (PD-9)' },

  // Pages: tasks, reports, administration.
  'GET /tasks': { allow: ALL_BUT_GOVERNOR, why: 'task:read' },
  'POST /tasks/:id/done': {
    allow: ['designated_teacher'],
    why: 'Only the task’s assignee: the test task is for the designated teacher',
  },
  'GET /governors': { allow: REPORT_READERS, why: 'report:read, for a school in scope (PD-11)' },
  'GET /governors/:urn/pdf': { allow: REPORT_READERS, why: 'report:read, for a school in scope (PD-11)' },
  'GET /governors/:urn/words': { allow: REPORT_WRITERS, why: 'report:write (POL-27)' },
  'POST /governors/:urn/words': { allow: REPORT_WRITERS, why: 'report:write (POL-27)' },
  'POST /governors/:urn/share': { allow: REPORT_WRITERS, why: 'report:write (POL-27)' },
  'POST /governors/:urn/archive': { allow: REPORT_WRITERS, why: 'report:write (POL-27)' },
  // Issue 7 items 1, 2 and 5: designated roles and training. Staff names, never a child's: governors read them.
  'GET /governance': {
    allow: GOVERNANCE_READERS,
    why: 'governance:read: sends the user to their school’s register',
  },
  'GET /schools/:urn/governance/roles': {
    allow: GOVERNANCE_READERS,
    why: 'governance:read, for a school in scope',
  },
  'GET /schools/:urn/governance/roles/new': { allow: GOVERNANCE_MANAGERS, why: 'governance:manage' },
  'POST /schools/:urn/governance/roles/new': { allow: GOVERNANCE_MANAGERS, why: 'governance:manage' },
  'GET /schools/:urn/governance/roles/:appointmentId/end': {
    allow: GOVERNANCE_MANAGERS,
    why: 'governance:manage',
  },
  'POST /schools/:urn/governance/roles/:appointmentId/end': {
    allow: GOVERNANCE_MANAGERS,
    why: 'governance:manage',
  },
  'GET /schools/:urn/governance/roles/:appointmentId/edit': {
    allow: GOVERNANCE_MANAGERS,
    why: 'governance:manage',
  },
  'POST /schools/:urn/governance/roles/:appointmentId/edit': {
    allow: GOVERNANCE_MANAGERS,
    why: 'governance:manage',
  },
  'GET /schools/:urn/governance/training': {
    allow: GOVERNANCE_READERS,
    why: 'governance:read, for a school in scope',
  },
  'GET /schools/:urn/governance/training/new': { allow: GOVERNANCE_MANAGERS, why: 'governance:manage' },
  'POST /schools/:urn/governance/training/new': { allow: GOVERNANCE_MANAGERS, why: 'governance:manage' },
  // Issue 7 item 3: the school's policy (POL-28), and staff confirming they have read it (POL-5).
  'GET /policy': { allow: POLICY_READERS, why: 'policy:read: sends the user to their school’s policy' },
  'GET /schools/:urn/policy': { allow: POLICY_READERS, why: 'policy:read, for a school in scope' },
  'GET /schools/:urn/policy/pdf': { allow: POLICY_READERS, why: 'policy:read, for a school in scope' },
  'POST /schools/:urn/policy/acknowledge': {
    allow: POLICY_ACKNOWLEDGERS,
    why: 'policy:acknowledge; the matrix school has no ratified policy, so it is refused as a rule (400)',
  },
  'GET /schools/:urn/policy/acknowledgements': { allow: POLICY_MANAGERS, why: 'policy:manage' },
  'GET /schools/:urn/policy/draft': { allow: POLICY_MANAGERS, why: 'policy:manage' },
  'GET /schools/:urn/policy/draft/:section': { allow: POLICY_MANAGERS, why: 'policy:manage' },
  'POST /schools/:urn/policy/draft/:section': {
    allow: POLICY_MANAGERS,
    why: 'policy:manage; an empty form is refused as a rule (422), nothing saved',
  },
  'GET /schools/:urn/policy/ratify': { allow: POLICY_MANAGERS, why: 'policy:manage' },
  'POST /schools/:urn/policy/ratify': {
    allow: POLICY_MANAGERS,
    why: 'policy:manage; an empty form is refused as a rule (422), nothing ratified',
  },
  'GET /admin': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/schools': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/schools/new': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/schools/new': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/schools/:urn': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/schools/:urn/calendar': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/schools/:urn/calendar': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/users': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/users/new': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/users/new': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/users/:id': { allow: ADMIN, why: 'user:manage, for a user of the admin’s school' },
  'GET /admin/users/:id/role': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/users/:id/role': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/users/:id/reset-link': { allow: ADMIN, why: 'user:manage; issue 3 item 2' },
  'POST /admin/users/:id/sign-out-everywhere': { allow: ADMIN, why: 'user:manage; issue 3 item 2' },
  'POST /admin/users/:id/deactivate': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/users/:id/reactivate': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/local-authorities': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/local-authorities/new': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/local-authorities/new': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/local-authorities/:code/edit': { allow: ADMIN, why: 'user:manage' },
  'POST /admin/local-authorities/:code/edit': { allow: ADMIN, why: 'user:manage' },
  'GET /admin/audit': { allow: ADMIN, why: 'audit:export' },
  'GET /admin/audit/export': { allow: ADMIN, why: 'audit:export' },
  'GET /admin/retention': { allow: ADMIN, why: 'retention:read (PD-13)' },
  'GET /admin/retention/settings': { allow: ADMIN, why: 'retention:manage (PD-13)' },
  'POST /admin/retention/settings': { allow: ADMIN, why: 'retention:manage (PD-13)' },
  'GET /admin/retention/pupils/:id/delete': {
    allow: ADMIN,
    why: 'pupil:delete (PD-13), for a pupil in scope; the test pupils are on roll, so it is refused as a rule (422)',
  },
  'POST /admin/retention/pupils/:id/delete': {
    allow: ADMIN,
    why: 'pupil:delete (PD-13), for a pupil in scope; the test pupils are on roll, so it is refused as a rule (422)',
  },

  // API: schools.
  'POST /api/v1/schools': { allow: ADMIN, why: 'school:create' },
  'GET /api/v1/schools': {
    allow: EVERYONE,
    why: 'Lists the schools in the token’s scope: none for a Virtual School',
  },
  'GET /api/v1/schools/:urn': { allow: SCHOOL_READERS, why: 'school:read' },
  'GET /api/v1/schools/:urn/calendar': { allow: SCHOOL_READERS, why: 'school:read' },
  'PUT /api/v1/schools/:urn/calendar': { allow: ['admin', 'headteacher'], why: 'calendar:update' },
  'GET /api/v1/schools/:urn/reports/governors': { allow: REPORT_READERS, why: 'report:read (PD-11)' },

  // API: pupils and episodes.
  'POST /api/v1/pupils': { allow: PUPIL_EDITORS, why: 'pupil:create' },
  'GET /api/v1/pupils': { allow: ALL_BUT_GOVERNOR, why: 'register:read' },
  'GET /api/v1/pupils/:id': { allow: PUPIL_READERS, why: 'pupil:read, in scope' },
  'PATCH /api/v1/pupils/:id': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'POST /api/v1/pupils/:id/leaving': { allow: PUPIL_EDITORS, why: 'pupil:update' },
  'GET /api/v1/pupils/:id/status': { allow: PUPIL_READERS, why: 'pupil:read, in scope' },
  'GET /api/v1/pupils/:id/episodes': { allow: PUPIL_READERS, why: 'pupil:read, in scope' },
  'GET /api/v1/pupils/:id/subject-access-export': { allow: SUBJECT_ACCESS, why: 'pupil:subject_access' },
  // Issue 4: PEPs. The Virtual School reads and decides only for children its LA looks after (PD-12).
  'POST /api/v1/pupils/:id/peps': { allow: PEP_WRITERS, why: 'pep:write' },
  'GET /api/v1/pupils/:id/pep-schedule': { allow: PEP_READERS, why: 'pep:schedule:read' },
  'GET /api/v1/pupils/:id/peps': { allow: PEP_READERS, why: 'pep:read' },
  'GET /api/v1/pupils/:id/peps/:pepId': { allow: PEP_READERS, why: 'pep:read' },
  'PUT /api/v1/pupils/:id/peps/:pepId': { allow: PEP_WRITERS, why: 'pep:write' },
  'POST /api/v1/pupils/:id/peps/:pepId/submit': { allow: PEP_WRITERS, why: 'pep:submit' },
  'POST /api/v1/pupils/:id/peps/:pepId/decision': { allow: PEP_APPROVERS, why: 'pep:approve' },
  // Issue 5: attendance. The register comes from the school's MIS; its figures are read like the pupil's record.
  'POST /api/v1/schools/:urn/attendance': {
    allow: ['admin', 'headteacher', 'attendance_officer'],
    why: 'attendance:import, for the actor’s own school',
  },
  'GET /api/v1/pupils/:id/attendance': { allow: ALL_BUT_GOVERNOR, why: 'attendance:read, in scope' },
  // Issue 6: suspensions. Only the headteacher records one; the school's leads and the Virtual School read them.
  'POST /api/v1/pupils/:id/suspensions': { allow: SUSPENSION_RECORDERS, why: 'suspension:record' },
  'GET /api/v1/pupils/:id/suspensions/summary': { allow: SUSPENSION_READERS, why: 'suspension:read' },
  'POST /api/v1/pupils/:id/episodes': { allow: EPISODE_EDITORS, why: 'episode:create' },
  'POST /api/v1/pupils/:id/episodes/:episodeId/corrections': {
    allow: EPISODE_EDITORS,
    why: 'episode:correct',
  },
  'POST /api/v1/pupils/:id/episodes/:episodeId/withdrawal': {
    allow: EPISODE_EDITORS,
    why: 'episode:correct',
  },
  'POST /api/v1/pupils/:id/episodes/:episodeId/placement-changes': {
    allow: EPISODE_EDITORS,
    onCswPupil: [],
    why: 'episode:create; only during a CLA episode, which the CSW pupil does not have',
  },

  // API: pupil premium plus (issue 4 item 5).
  'GET /api/v1/pupils/:id/funding': { allow: FUNDING_READERS, why: 'funding:read, in scope' },
  'POST /api/v1/pupils/:id/funding/allocations': FUNDING_ALLOCATORS,
  'POST /api/v1/pupils/:id/funding/releases': { allow: FUNDING_RELEASERS, why: 'funding:release (PP-5)' },
  'POST /api/v1/pupils/:id/funding/spends': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'PATCH /api/v1/pupils/:id/funding/spends/:spendId': { allow: FUNDING_SPENDERS, why: 'funding:spend' },
  'GET /api/v1/schools/:urn/funding': {
    allow: FUNDING_SPENDERS,
    why: 'funding:read, for a school in scope: the Virtual School has none',
  },
  'GET /api/v1/funding/rates/:financialYear': { allow: ADMIN, why: 'funding:rate:manage (PD-9)' },
  'PUT /api/v1/funding/rates/:financialYear': { allow: ADMIN, why: 'funding:rate:manage (PD-9)' },

  // API: local authorities and tasks.
  'GET /api/v1/local-authorities': { allow: EVERYONE, why: 'The LA directory (POL-32): no pupil data' },
  'GET /api/v1/local-authorities/:code': { allow: EVERYONE, why: 'The LA directory (POL-32): no pupil data' },
  'PUT /api/v1/local-authorities/:code': { allow: ADMIN, why: 'local_authority:update' },
  'GET /api/v1/virtual-schools/:laCode/settings': {
    allow: PEP_APPROVERS,
    why: 'virtual_school:read, for the actor’s own LA; another LA’s is 404',
  },
  'PUT /api/v1/virtual-schools/:laCode/settings': {
    allow: ['vs_head'],
    why: 'virtual_school:configure, for the actor’s own LA; another LA’s is 404',
  },
  'GET /api/v1/tasks': { allow: ALL_BUT_GOVERNOR, why: 'task:read' },
  'POST /api/v1/tasks/:id/done': {
    allow: ['designated_teacher'],
    why: 'Only the task’s assignee: the test task is for the designated teacher',
  },
}

export type Target = 'first' | 'csw_pupil' | 'other_school_pupil' | 'other_school' | 'other_la'

/** The roles that should get through on `target`, or 'anyone' for a public route. */
export function allowedOn(expectation: Expectation, target: Target): readonly Role[] | 'anyone' {
  if ('public' in expectation) return 'anyone'
  switch (target) {
    case 'first':
      return expectation.allow
    case 'csw_pupil':
      return (
        expectation.onCswPupil ??
        expectation.allow.filter((r) => r !== 'staff' && r !== 'vs_head' && r !== 'vs_adviser')
      )
    case 'other_school_pupil':
    case 'other_school':
    case 'other_la':
      return []
  }
}
