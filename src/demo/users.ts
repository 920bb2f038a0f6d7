/**
 * Demo users: for each school a headteacher, designated teacher, DSL, SENCO, attendance officer,
 * governor and six staff; plus an administrator and the Virtual School of the demo LA.
 * Every one shares DEMO_PASSWORD; the hash is added when the rows are inserted.
 */
import { v7 as uuidv7 } from 'uuid'
import type { users } from '../data/schema/index.js'
import type { Role } from '../domain/access/roles.js'
import { adultName, fullName } from './names.js'
import type { Rng } from './random.js'
import { DEMO_EMAIL_DOMAIN, DEMO_LA_CODE, type DemoSchoolSpec } from './spec.js'

export type DemoUser = Omit<typeof users.$inferInsert, 'passwordHash'> & {
  id: string
  role: Role
  schoolId: string | null
}

export type SchoolStaff = {
  users: DemoUser[]
  designatedTeacher: DemoUser
  dsl: DemoUser
  /** staff1 … staff6, in order. */
  staff: DemoUser[]
}

export const STAFF_PER_SCHOOL = 6

const SCHOOL_ROLES: ReadonlyArray<readonly [string, Role]> = [
  ['head', 'headteacher'],
  ['dt', 'designated_teacher'],
  ['dsl', 'dsl'],
  ['senco', 'senco'],
  ['attendance', 'attendance_officer'],
  ['governor', 'governor'],
  ...Array.from({ length: STAFF_PER_SCHOOL }, (_, i) => [`staff${i + 1}`, 'staff'] as const),
]

export function schoolEmail(localPart: string, slug: string): string {
  return `${localPart}@${slug}.${DEMO_EMAIL_DOMAIN}`
}

export const ADMIN_EMAIL = `admin@${DEMO_EMAIL_DOMAIN}`
export const VS_HEAD_EMAIL = `head@virtual-school.${DEMO_EMAIL_DOMAIN}`
export const VS_ADVISER_EMAIL = `adviser@virtual-school.${DEMO_EMAIL_DOMAIN}`

export function buildSchoolUsers(rng: Rng, spec: DemoSchoolSpec, schoolId: string): SchoolStaff {
  const rows: DemoUser[] = SCHOOL_ROLES.map(([localPart, role]) => ({
    id: uuidv7(),
    email: schoolEmail(localPart, spec.slug),
    name: fullName(adultName(rng)),
    role,
    schoolId,
    laCode: null,
  }))
  const byRole = (role: Role): DemoUser => rows.find((u) => u.role === role)!
  return {
    users: rows,
    designatedTeacher: byRole('designated_teacher'),
    dsl: byRole('dsl'),
    staff: rows.filter((u) => u.role === 'staff'),
  }
}

/** The administrator (every school) and the Virtual School head and adviser of LA 919. */
export function buildGlobalUsers(rng: Rng): { users: DemoUser[]; vsAdviser: DemoUser } {
  const user = (email: string, role: Role, laCode: string | null): DemoUser => ({
    id: uuidv7(),
    email,
    name: fullName(adultName(rng)),
    role,
    schoolId: null,
    laCode,
  })
  const vsAdviser = user(VS_ADVISER_EMAIL, 'vs_adviser', DEMO_LA_CODE)
  return {
    users: [user(ADMIN_EMAIL, 'admin', null), user(VS_HEAD_EMAIL, 'vs_head', DEMO_LA_CODE), vsAdviser],
    vsAdviser,
  }
}
