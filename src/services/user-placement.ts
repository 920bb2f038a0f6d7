import { isRole, isVirtualSchoolRole, type Role } from '../domain/access/roles.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { findSchoolByUrn } from '../data/repositories/schools.repository.js'
import type { FieldError } from './errors.js'

export type PlacementInput = {
  role: string
  schoolUrn?: string | null | undefined
  laCode?: string | null | undefined
}

export type Placement = { role: Role; schoolId: string | null; laCode: string | null }

/**
 * A role and where it works, checked: a school for school roles, a local authority for Virtual School
 * roles, neither for an administrator of every school. An administrator of one school can place
 * people only in it. Errors are on the paths `role`, `laCode` and `schoolUrn`.
 */
export async function resolvePlacement(
  tx: Executor,
  actor: Actor,
  input: PlacementInput,
): Promise<{ errors: FieldError[]; placement: Placement | null }> {
  const errors: FieldError[] = []
  if (!isRole(input.role)) {
    errors.push({ path: 'role', message: `Choose a role; “${input.role}” is not one` })
    return { errors, placement: null }
  }
  const role = input.role
  if (isVirtualSchoolRole(role)) {
    if (/^\d{3}$/.test(input.laCode ?? ''))
      return { errors, placement: { role, schoolId: null, laCode: input.laCode! } }
    errors.push({
      path: 'laCode',
      message: 'A Virtual School user needs the 3-digit code of their local authority',
    })
    return { errors, placement: null }
  }
  if (!input.schoolUrn) {
    if (role === 'admin') return { errors, placement: { role, schoolId: null, laCode: null } }
    errors.push({ path: 'schoolUrn', message: 'Choose the school this person works in' })
    return { errors, placement: null }
  }
  const school = await findSchoolByUrn(tx, input.schoolUrn)
  if (!school || (actor.schoolId !== null && actor.schoolId !== school.id)) {
    errors.push({ path: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` })
    return { errors, placement: null }
  }
  return { errors, placement: { role, schoolId: school.id, laCode: null } }
}
