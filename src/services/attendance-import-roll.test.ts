import { describe, expect, it } from 'vitest'
import { schoolRoll } from './attendance-import-roll.js'

describe('schoolRoll', () => {
  const pupilOn = schoolRoll([
    { id: 'first-stay', upn: 'A1', enrolledOn: '2024-09-04', leftOn: '2025-03-31' },
    { id: 'came-back', upn: 'A1', enrolledOn: '2025-06-02', leftOn: null },
    { id: 'no-dates', upn: 'B2', enrolledOn: null, leftOn: null },
  ])

  it.each([
    ['A1', '2024-09-04', 'first-stay'],
    ['A1', '2025-03-31', 'first-stay'],
    ['A1', '2025-06-02', 'came-back'],
    ['B2', '1999-01-01', 'no-dates'],
  ])('finds %s on roll on %s', (upn, date, id) => {
    expect(pupilOn(upn, date)).toEqual({ ok: true, pupilId: id })
  })

  it('says when the pupil was not on roll that day, and when no pupil has the UPN', () => {
    expect(pupilOn('A1', '2025-04-01')).toEqual({
      ok: false,
      message: 'the pupil with the UPN A1 was not on roll at this school on 1 April 2025',
    })
    expect(pupilOn('C3', '2025-04-01')).toEqual({
      ok: false,
      message: 'no pupil at this school has the UPN C3',
    })
  })
})
