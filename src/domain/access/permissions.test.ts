import { describe, expect, it } from 'vitest'
import { can, PERMISSIONS } from './permissions.js'
import { ROLES, type Role } from './roles.js'
import { dataScopeOf, type Actor } from './scope.js'

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  name: 'Test',
  role,
  schoolId: 's1',
  laCode: null,
  ...over,
})

describe('role → actions (DESIGN.md access layer 1)', () => {
  it.each([
    ['governor', 'pupil:read', false],
    ['governor', 'report:read', true],
    ['staff', 'pupil:read', true],
    ['staff', 'pupil:create', false],
    ['designated_teacher', 'episode:create', true],
    ['attendance_officer', 'episode:create', false],
    ['vs_adviser', 'calendar:update', false],
    ['admin', 'user:manage', true],
    ['headteacher', 'user:manage', false],
  ] as const)('%s may %s: %s', (role, action, expected) => {
    expect(can(role, action)).toBe(expected)
  })

  it('names only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r)
  })

  it('never lets a governor read an individual record (DOMAIN.md PD-11)', () => {
    const individual = Object.entries(PERMISSIONS).filter(([a]) =>
      /^(pupil|episode|contact|task|register)/.test(a),
    )
    for (const [, roles] of individual) expect(roles as readonly Role[]).not.toContain('governor')
  })
})

describe('data scope (DESIGN.md access layer 2)', () => {
  it.each([
    [actor('admin', { schoolId: null }), { kind: 'all' }],
    [actor('admin'), { kind: 'school', schoolId: 's1' }],
    [actor('designated_teacher'), { kind: 'school', schoolId: 's1' }],
    [actor('staff'), { kind: 'assigned', schoolId: 's1', userId: 'u1' }],
    [actor('governor'), { kind: 'aggregates_only' }],
    [actor('vs_adviser', { schoolId: null, laCode: '919' }), { kind: 'looked_after_by', laCode: '919' }],
    [actor('vs_head', { schoolId: null, laCode: null }), { kind: 'none' }],
    [actor('dsl', { schoolId: null }), { kind: 'none' }],
  ])('%o → %o', (a, expected) => {
    expect(dataScopeOf(a)).toEqual(expected)
  })
})
