import type { Role } from './roles.js'

// DESIGN.md "Access control", layer 1: what each role may do. Deny by default:
// an action missing a role here is refused for that role.
export const PERMISSIONS = {
  'school:create': ['admin'],
  'school:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'governor',
  ],
  'school:update': ['admin'],
  'calendar:update': ['admin', 'headteacher'],
  'local_authority:update': ['admin'],
  'user:manage': ['admin'],
  'pupil:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'staff',
    'vs_head',
    'vs_adviser',
  ],
  'pupil:create': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco'],
  'pupil:update': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco'],
  'episode:create': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'vs_head', 'vs_adviser'],
  'episode:correct': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'vs_head', 'vs_adviser'],
  'contact:manage': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco', 'vs_head', 'vs_adviser'],
  'staff_assignment:manage': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco'],
  'task:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'staff',
    'vs_head',
    'vs_adviser',
  ],
  'register:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'staff',
    'vs_head',
    'vs_adviser',
  ],
  'token:create': ['admin'],
  // Backup and restore cover every school: the service also requires an admin of every school.
  'data:backup': ['admin'],
  'data:restore': ['admin'],
  'audit:read': ['admin', 'headteacher', 'dsl'],
  // The audit log of a whole school (or every school) as a file: an administrator's job, not a reader's.
  'audit:export': ['admin'],
  // DESIGN.md "Access control", layer 3 (sections): child protection details (a plan's category of
  // abuse and its note; later the safeguarding chronology) are for the designated safeguarding lead and
  // the headteacher. Not for admin: administrators run Harbour (schools, users, the audit export) and
  // have no need to know why a child is on a plan. Anyone else needs an explicit grant (section_grant).
  'section:child_protection:read': ['headteacher', 'dsl'],
  // Who may give (and take back) an explicit grant to a section. Nobody can grant one to themselves.
  'section:grant': ['admin', 'headteacher', 'dsl'],
  // Issue 4: PEPs. The DT (or the headteacher) writes and submits; the Virtual School approves (PEP-12).
  'pep:read': ['headteacher', 'designated_teacher', 'dsl', 'senco', 'vs_head', 'vs_adviser'],
  'pep:write': ['headteacher', 'designated_teacher'],
  'pep:submit': ['headteacher', 'designated_teacher'],
  'pep:approve': ['vs_head', 'vs_adviser'],
  'pep:schedule:read': ['headteacher', 'designated_teacher', 'dsl', 'senco', 'vs_head', 'vs_adviser'],
  // The review date brought forward by the social worker or IRO (PD-1), recorded by the DT or the Virtual School.
  'pep:review_date:record': ['headteacher', 'designated_teacher', 'vs_head', 'vs_adviser'],
  // Issue 4: a Virtual School's own PEP settings (PD-1, PD-4, PEP-7, PEP-9) and quality rubric, for its LA only.
  'virtual_school:read': ['vs_head', 'vs_adviser'],
  'virtual_school:configure': ['vs_head'],
  // PD-9: PP+ for a CLA is held by the Virtual School; for a PLA (and pupil premium for CSW) by the school.
  'funding:read': ['headteacher', 'designated_teacher', 'vs_head', 'vs_adviser'],
  'funding:allocate': ['headteacher', 'designated_teacher', 'vs_head', 'vs_adviser'],
  'funding:release': ['vs_head', 'vs_adviser'],
  'funding:spend': ['headteacher', 'designated_teacher'],
  'funding:rate:manage': ['admin'],
  'report:read': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'governor', 'vs_head'],
  // Issue 3 item 7: a subject-access export of everything held about one pupil. Those who answer a
  // request: the administrator and, because it may hold child protection details, the DSL and the head.
  'pupil:subject_access': ['admin', 'headteacher', 'dsl'],
  // DOMAIN.md PD-13: the retention report, its settings, and deleting a record past its retention date.
  'retention:read': ['admin'],
  'retention:manage': ['admin'],
  'pupil:delete': ['admin'],
  // Issue 5: attendance. The school's register comes from its MIS (an API token or an upload).
  'attendance:import': ['admin', 'headteacher', 'attendance_officer'],
  'attendance:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'staff',
    'vs_head',
    'vs_adviser',
  ],
  // Support plans, part-time timetables (ATT-16) and placement-move adjustments (POL-17).
  'attendance:manage': ['headteacher', 'designated_teacher', 'dsl', 'attendance_officer'],
  // The cohort view and the list of pupils persistently absent or falling: the school's own staff.
  'attendance:report': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco', 'attendance_officer'],
  // Issue 6: suspensions and exclusions. Only the headteacher (or a delegate with that role) excludes.
  'suspension:read': ['headteacher', 'designated_teacher', 'dsl', 'senco', 'vs_head', 'vs_adviser'],
  'suspension:record': ['headteacher'],
  'suspension:decide': ['headteacher'],
  // Marking a pupil at risk, recording the Virtual School's advice and the alternatives tried (PD-7, POL-20).
  'suspension:at_risk': ['headteacher', 'designated_teacher', 'dsl'],
  // Obligations done, day-6 provision, risk assessments, off-site directions and managed moves.
  'suspension:manage': ['headteacher', 'designated_teacher', 'dsl'],
  'suspension:report': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco'],
  // Where the letters send representations and notices (EX-9), and the risk assessment's trigger (PD-7).
  'suspension:configure': ['admin', 'headteacher'],
  // Issue 7: designated roles and training (POL-1..POL-5, DT-1..DT-3). Staff names, never children's.
  'governance:read': ['admin', 'headteacher', 'designated_teacher', 'dsl', 'senco', 'governor'],
  'governance:manage': ['admin', 'headteacher', 'designated_teacher'],
  // The school's policy (POL-28): read and acknowledged by every member of staff (POL-5).
  'policy:read': [
    'admin',
    'headteacher',
    'designated_teacher',
    'dsl',
    'senco',
    'attendance_officer',
    'staff',
    'governor',
  ],
  'policy:manage': ['headteacher', 'designated_teacher'],
  'policy:acknowledge': ['headteacher', 'designated_teacher', 'dsl', 'senco', 'attendance_officer', 'staff'],
  // The DT writes the report's narrative and shares it with governors (POL-26, POL-27).
  'report:write': ['headteacher', 'designated_teacher'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof PERMISSIONS

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role)
}
