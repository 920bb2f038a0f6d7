import { describe, expect, it } from 'vitest'
import { dayNumber, schoolRoll, sessionsSeen } from './attendance-import-roll.js'

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

describe('sessionsSeen', () => {
  it('is true only for a pupil’s session given before', () => {
    const seen = sessionsSeen()
    const day = dayNumber('2025-09-03')
    expect(seen.add('p', day, 'AM')).toBe(false)
    expect(seen.add('p', day, 'PM')).toBe(false)
    expect(seen.add('q', day, 'AM')).toBe(false)
    expect(seen.add('p', day + 1, 'AM')).toBe(false)
    expect(seen.add('p', day, 'AM')).toBe(true)
    expect(seen.add('q', day, 'AM')).toBe(true)
  })

  it('remembers days outside the century of bits too', () => {
    const seen = sessionsSeen()
    for (const date of ['1999-12-31', '2101-01-01', '2000-01-01', '2099-12-31']) {
      expect(seen.add('p', dayNumber(date), 'PM'), date).toBe(false)
      expect(seen.add('p', dayNumber(date), 'PM'), date).toBe(true)
    }
  })

  it('counts days from 1 January 1970', () => {
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(dayNumber('2025-09-03') - dayNumber('2025-08-31')).toBe(3)
  })
})
