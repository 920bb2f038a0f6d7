/**
 * Demo pupils: year groups, dates of birth that fit them, valid UPNs (DOMAIN.md ID-1, ID-2) and
 * enrolment dates. SEN provision is set later, once the cohorts are known (DEMO.md).
 */
import { v7 as uuidv7 } from 'uuid'
import { addDays, dayOfWeek, daysBetween, maxIso, minIso, type IsoDate } from '../domain/calendar/dates.js'
import { makeUpn } from '../domain/identifiers/upn.js'
import { autumnTermStart } from './calendar.js'
import { childName } from './names.js'
import type { Rng } from './random.js'
import type { DemoSchoolSpec } from './spec.js'

export type DemoPupil = {
  id: string
  schoolId: string
  upn: string
  givenName: string
  familyName: string
  preferredName: string | null
  dateOfBirth: IsoDate
  yearGroup: number
  senProvision: 'N' | 'K' | 'E'
  enrolledOn: IsoDate
  leftOn: IsoDate | null
}

/** A random date from `from` to `to`, both included (`from` when the range is empty). */
export function dateBetween(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const span = daysBetween(from, to)
  return span <= 0 ? from : addDays(from, rng.int(0, span))
}

/** Like `dateBetween`, but a Saturday or Sunday moves to the Friday before when that is in range. */
export function weekdayBetween(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const d = dateBetween(rng, from, to)
  const dow = dayOfWeek(d)
  if (dow !== 0 && dow !== 6) return d
  const friday = addDays(d, dow === 6 ? -1 : -2)
  return friday >= from ? friday : d
}

/**
 * A pupil in year group Y in school year S was born from 1 September (S − Y − 5)
 * to 31 August (S − Y − 4).
 */
export function birthRange(schoolYear: number, yearGroup: number): { from: IsoDate; to: IsoDate } {
  return { from: `${schoolYear - yearGroup - 5}-09-01`, to: `${schoolYear - yearGroup - 4}-08-31` }
}

/** The school year in which the pupil joined: Reception (primary), Year 7 or Year 12 (secondary). */
function entryYear(rng: Rng, spec: DemoSchoolSpec, schoolYear: number, yearGroup: number): number {
  if (spec.phase === 'primary') return schoolYear - yearGroup
  if (yearGroup >= 12 && rng.chance(0.25)) return schoolYear - yearGroup + 12
  return schoolYear - yearGroup + 7
}

export function buildPupils(
  rng: Rng,
  spec: DemoSchoolSpec,
  schoolId: string,
  schoolYear: number,
  today: IsoDate,
): DemoPupil[] {
  const pupils: DemoPupil[] = []
  const jitter = spec.phase === 'primary' ? Math.max(1, Math.round(spec.yearGroups[0]!.size / 20)) : 8
  for (const { yearGroup, size } of spec.yearGroups) {
    const count = Math.max(1, size + rng.int(-jitter, jitter))
    // ID-1: positions 9-10 are the year the UPN was allocated, on first entering school (Reception).
    const year2 = String((((schoolYear - yearGroup) % 100) + 100) % 100).padStart(2, '0')
    let serial = rng.int(1, 20)
    const births = birthRange(schoolYear, yearGroup)
    for (let i = 0; i < count; i++) {
      const name = childName(rng)
      const dateOfBirth = dateBetween(rng, births.from, births.to)
      const start = autumnTermStart(entryYear(rng, spec, schoolYear, yearGroup))
      // About one pupil in ten joined during the school year rather than at its start.
      const joined = rng.chance(0.1) ? weekdayBetween(rng, start, addDays(today, -1)) : start
      pupils.push({
        id: uuidv7(),
        schoolId,
        upn: makeUpn(spec.laCode, spec.estab, year2, String(serial).padStart(3, '0')),
        givenName: name.givenName,
        familyName: name.familyName,
        preferredName: name.preferredName,
        dateOfBirth,
        yearGroup,
        senProvision: 'N',
        enrolledOn: minIso(joined, today),
        leftOn: null,
      })
      serial += rng.int(1, 3)
    }
  }
  // A few pupils left during the last months: they stay in the records but are not on roll.
  for (const pupil of rng.sample(pupils, Math.round(pupils.length * 0.005))) {
    const from = maxIso(addDays(pupil.enrolledOn, 30), addDays(today, -200))
    if (from < today) pupil.leftOn = dateBetween(rng, from, addDays(today, -1))
  }
  return pupils
}
