import { describe, expect, it } from 'vitest'
import { leavingProblems } from './leaving.js'

describe('leavingProblems', () => {
  const today = '2026-11-23'
  it.each([
    ['a day in the past, after enrolment', '2026-07-22', '2021-09-01', 'mainstream_school', []],
    ['the enrolment day itself', '2021-09-01', '2021-09-01', 'not_known', []],
    ['a planned day within a year', '2027-07-20', null, 'further_education', []],
    ['before enrolment', '2021-08-31', '2021-09-01', 'other', ['leftOn']],
    ['more than a year ahead', '2027-11-24', null, 'other', ['leftOn']],
    ['exactly a year ahead', '2027-11-23', null, 'other', []],
    ['an unknown destination', '2026-07-22', null, 'mars', ['destination']],
  ])('%s', (_, leftOn, enrolledOn, destination, paths) => {
    expect(leavingProblems({ leftOn, destination }, { enrolledOn }, today).map((p) => p.path)).toEqual(paths)
  })
})
