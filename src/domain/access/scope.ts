import type { Role } from './roles.js'

export type Actor = {
  userId: string
  name: string
  role: Role
  /** The school a school role works in; null for an admin of every school and for Virtual School roles. */
  schoolId: string | null
  /** The local authority a Virtual School role works for. */
  laCode: string | null
  requestId?: string | undefined
}

// DESIGN.md "Access control", layer 2: which pupils' records a role may see.
export type DataScope =
  | { kind: 'all' }
  | { kind: 'school'; schoolId: string }
  | { kind: 'assigned'; schoolId: string; userId: string }
  | { kind: 'looked_after_by'; laCode: string }
  | { kind: 'aggregates_only' }
  | { kind: 'none' }

export function dataScopeOf(actor: Actor): DataScope {
  switch (actor.role) {
    case 'admin':
      return actor.schoolId ? { kind: 'school', schoolId: actor.schoolId } : { kind: 'all' }
    case 'headteacher':
    case 'designated_teacher':
    case 'dsl':
    case 'senco':
    case 'attendance_officer':
      return actor.schoolId ? { kind: 'school', schoolId: actor.schoolId } : { kind: 'none' }
    case 'staff':
      return actor.schoolId
        ? { kind: 'assigned', schoolId: actor.schoolId, userId: actor.userId }
        : { kind: 'none' }
    case 'governor':
      return { kind: 'aggregates_only' }
    case 'vs_head':
    case 'vs_adviser':
      // DOMAIN.md PD-12: individual records only of the children this LA looks after.
      return actor.laCode ? { kind: 'looked_after_by', laCode: actor.laCode } : { kind: 'none' }
  }
}

/** Which schools' settings and calendars the actor may see: null means every school. */
export function schoolScopeOf(actor: Actor): string[] | null {
  if (actor.role === 'admin' && !actor.schoolId) return null
  return actor.schoolId ? [actor.schoolId] : []
}
