export const ROLES = [
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
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  headteacher: 'Headteacher',
  designated_teacher: 'Designated teacher',
  dsl: 'Designated safeguarding lead',
  senco: 'SENCO',
  attendance_officer: 'Attendance officer',
  staff: 'Staff member',
  governor: 'Governor',
  vs_head: 'Virtual School head',
  vs_adviser: 'Virtual School adviser',
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function isVirtualSchoolRole(role: Role): boolean {
  return role === 'vs_head' || role === 'vs_adviser'
}
