import { describe, expect, it } from 'vitest'
import { schoolYearOf } from '../domain/calendar/dates.js'
import { isSchoolDay } from '../domain/calendar/school-calendar.js'
import { statusOn } from '../domain/cohort/status.js'
import { countedSuspensionDays, daysInSchoolYear, suspensionSchoolDays } from '../domain/exclusions/days.js'
import { reasonCodeOn, SET_A_VERSION } from '../domain/exclusions/reason-codes.js'
import { groupOn, type DemoGroup } from './attendance.js'
import { buildDemo } from './build.js'
import { DEFAULT_DEMO_SEED } from './generate.js'
import { demoSchoolCalendar } from './register.js'
import type { SuspensionRow } from './suspensions.js'

const TODAY = '2026-11-23'
const data = buildDemo({ seed: DEFAULT_DEMO_SEED, today: TODAY, size: 'standard' })
const [primary, secondary] = data.schools
const pupilOf = new Map(data.pupils.map((p) => [p.id, p]))
const episodesOf = (pupilId: string) =>
  data.episodes
    .filter((e) => e.pupilId === pupilId && !e.supersededById && !e.withdrawn)
    .map((e) => ({ ...e, endDate: e.endDate ?? null }))
const daysOf = (s: SuspensionRow) => (s.halfDays ?? 0) / 2

/** Pupils on roll in the year with at least one suspension, as a share of each group (groups as of `on`). */
function suspendedShare(schoolId: string, schoolYear: number, on: string): Map<DemoGroup | 'all', number> {
  const roll = data.pupils.filter(
    (p) => p.schoolId === schoolId && p.enrolledOn <= on && (p.leftOn === null || p.leftOn >= on),
  )
  const suspended = new Set(
    data.suspensions
      .filter((s) => s.schoolId === schoolId && s.schoolYear === schoolYear && s.category !== 'PERM')
      .map((s) => s.pupilId),
  )
  const share = new Map<DemoGroup | 'all', number>()
  for (const g of ['all', 'cla', 'cino', 'cppo'] as const) {
    const members = roll.filter((p) => g === 'all' || groupOn(episodesOf(p.id), on) === g)
    share.set(g, members.filter((p) => suspended.has(p.id)).length / members.length)
  }
  return share
}

describe('the demo suspensions (DEMO.md "Suspensions")', () => {
  it('suspend about 8% of secondary pupils in a year and far fewer in primary', () => {
    const lastYear = suspendedShare(secondary!.id, 2025, '2026-07-17')
    expect(lastYear.get('all')).toBeGreaterThan(0.06)
    expect(lastYear.get('all')).toBeLessThan(0.1)
    expect(suspendedShare(primary!.id, 2025, '2026-07-17').get('all')).toBeLessThan(0.015)
    // This year so far: fewer than a whole year's, more than none.
    const soFar = suspendedShare(secondary!.id, 2026, TODAY).get('all')!
    expect(soFar).toBeGreaterThan(0.02)
    expect(soFar).toBeLessThan(lastYear.get('all')!)
  })

  it('suspend children looked after and children in need more often than all pupils', () => {
    for (const [year, on] of [
      [2025, '2026-07-17'],
      [2026, TODAY],
    ] as const) {
      const share = suspendedShare(secondary!.id, year, on)
      expect(share.get('cla'), `${year}`).toBeGreaterThan(share.get('all')!)
      expect(share.get('cino'), `${year}`).toBeGreaterThan(share.get('all')!)
    }
  })

  it('start on a school day, cover school days only, and stay within 45 days a year (EX-1)', () => {
    for (const school of data.schools) {
      const calendar = demoSchoolCalendar(data, school.id)
      const rows = data.suspensions.filter((s) => s.schoolId === school.id)
      expect(rows.length).toBeGreaterThan(0)
      for (const s of rows) {
        expect(isSchoolDay(calendar, s.startDate), s.startDate).toBe(true)
        expect(s.startDate < TODAY).toBe(true)
        expect(s.schoolYear).toBe(schoolYearOf(s.startDate))
        const pupil = pupilOf.get(s.pupilId)!
        expect(pupil.schoolId).toBe(school.id)
        expect(s.startDate >= pupil.enrolledOn).toBe(true)
        if (s.category === 'PERM') continue
        const covered = suspensionSchoolDays(calendar, { startDate: s.startDate, days: daysOf(s) })
        expect(covered.unplacedHalfDays).toBe(0)
        if (pupil.leftOn) expect(covered.days.at(-1)!.date <= pupil.leftOn).toBe(true)
      }
      for (const [pupilId, own] of Map.groupBy(rows, (s) => s.pupilId)) {
        const recorded = own.map((s) => ({ category: s.category, startDate: s.startDate, days: daysOf(s) }))
        const days = countedSuspensionDays(calendar, recorded)
        // No two suspensions of one pupil share a day.
        expect(new Set(days.map((d) => d.date)).size, pupilId).toBe(days.length)
        for (const year of [2025, 2026]) expect(daysInSchoolYear(days, year)).toBeLessThanOrEqual(45)
      }
    }
  })

  it('are mostly 1 to 3 days, with some lunchtimes and very few permanent exclusions', () => {
    const rows = data.suspensions
    const share = (f: (s: SuspensionRow) => boolean) => rows.filter(f).length / rows.length
    expect(share((s) => s.category === 'SUSP' && daysOf(s) >= 1 && daysOf(s) <= 3)).toBeGreaterThan(0.6)
    expect(
      rows.filter((s) => s.lunchtime === true).every((s) => s.category === 'LNCH' && s.halfDays === 1),
    ).toBe(true)
    expect(share((s) => s.lunchtime === true)).toBeGreaterThan(0.02)
    const permanent = rows.filter((s) => s.category === 'PERM')
    expect(permanent.length).toBeLessThanOrEqual(2)
    for (const s of permanent) {
      // EX-10 to EX-12: the board upheld it, and the review deadline passed before the pupil left.
      expect(s.boardDecision).toBe('upheld')
      expect(s.boardMeetingOn! > s.startDate).toBe(true)
      expect(s.independentReviewDeadline! < pupilOf.get(s.pupilId)!.leftOn!).toBe(true)
    }
  })

  it('give set A reasons, one to three of them, with the table version (PD-8)', () => {
    for (const s of data.suspensions) {
      expect(s.reasons.length).toBeGreaterThanOrEqual(1)
      expect(s.reasons.length).toBeLessThanOrEqual(3)
      expect(new Set(s.reasons).size).toBe(s.reasons.length)
      for (const code of s.reasons) expect(reasonCodeOn(code, s.startDate), code).not.toBeNull()
      expect(s.reasonTableVersion).toBe(SET_A_VERSION)
      expect(s.reasons).not.toContain('PH')
    }
  })

  it('consulted the Virtual School before suspending a child looked after, and the parents of a PLA child (PD-7)', () => {
    let cla = 0
    for (const s of data.suspensions) {
      const status = statusOn(episodesOf(s.pupilId), s.startDate)
      if (status.cla) {
        cla++
        expect(s.vsConsultation?.with).toBeTruthy()
        expect(s.vsConsultation!.date <= s.startDate).toBe(true)
        expect(s.overrideReason ?? null).toBeNull()
      } else if (status.pla) {
        expect(s.parentConversation).toBeTruthy()
        expect(s.parentConversation!.date <= s.startDate).toBe(true)
      } else {
        expect(s.vsConsultation ?? null).toBeNull()
      }
    }
    expect(cla).toBeGreaterThan(0)
  })

  it('record day-6 provision for a suspension of more than 5 days (EX-5)', () => {
    const long = data.suspensions.filter((s) => s.category === 'SUSP' && daysOf(s) > 5)
    expect(long.length).toBeGreaterThan(0)
    for (const s of long) {
      expect(typeof s.day6Provision?.where).toBe('string')
      expect(typeof s.day6Provision?.from).toBe('string')
    }
    const short = data.suspensions.filter((s) => s.category === 'SUSP' && daysOf(s) <= 5)
    expect(short.every((s) => s.day6Provision === null)).toBe(true)
  })

  it('are the same from the same seed', () => {
    const again = buildDemo({ seed: DEFAULT_DEMO_SEED, today: TODAY, size: 'standard' })
    const key = (d: typeof data) =>
      d.suspensions.map((s) => {
        const upn = d.pupils.find((p) => p.id === s.pupilId)!.upn
        return `${upn} ${s.startDate} ${s.category} ${s.halfDays} ${s.reasons.join('+')}`
      })
    expect(key(again)).toEqual(key(data))
  })
})
