import { describe, expect, it } from 'vitest'
import { codeOn, isUnexplainedAbsence, treatmentOf } from '../domain/attendance/codes.js'
import { summariseMarks } from '../domain/attendance/statistics.js'
import { addDays, schoolYearBounds } from '../domain/calendar/dates.js'
import { isSchoolDay, schoolDaysIn } from '../domain/calendar/school-calendar.js'
import {
  absentSessions,
  ABSENCE_RATES,
  bandMeans,
  hasSocialWorkerGroup,
  type DemoGroup,
  type DemoMark,
} from './attendance.js'
import { buildDemo, type DemoData } from './build.js'
import { DEFAULT_DEMO_SEED } from './generate.js'
import { demoRegister, demoSchoolCalendar, registerCsv } from './register.js'
import { exclusionDayCodes } from './suspensions.js'

const TODAY = '2026-11-23'
const FROM = schoolYearBounds(2026).start
const TO = addDays(TODAY, -1)

const data = buildDemo({ seed: DEFAULT_DEMO_SEED, today: TODAY, size: 'standard' })
const [primary, secondary] = data.schools
const marksOf = (d: DemoData, schoolId: string) => [...demoRegister(d, schoolId, FROM, TO)]
const registers = new Map(data.schools.map((s) => [s.id, marksOf(data, s.id)]))

type GroupFigures = {
  pupils: number
  absencePercent: number
  persistentPercent: number
  severePercent: number
}

/** Each group's figures as the reports work them out (ATT-7, ATT-8), from the marks alone. */
function figuresByGroup(schoolId: string): Map<DemoGroup | 'all', GroupFigures> {
  const byPupil = Map.groupBy(registers.get(schoolId)!, (m) => m.pupilId)
  const groupOf = new Map(data.attendance.map((a) => [a.pupilId, a.group]))
  const sums = new Map<
    DemoGroup | 'all',
    { pupils: number; possible: number; absent: number; pa: number; sa: number }
  >()
  for (const [pupilId, marks] of byPupil) {
    const s = summariseMarks(marks)
    for (const key of [groupOf.get(pupilId)!, 'all'] as const) {
      const sum = sums.get(key) ?? { pupils: 0, possible: 0, absent: 0, pa: 0, sa: 0 }
      sum.pupils++
      sum.possible += s.possibleSessions
      sum.absent += s.authorisedAbsence + s.unauthorisedAbsence
      if (s.persistentAbsence) sum.pa++
      if (s.severeAbsence) sum.sa++
      sums.set(key, sum)
    }
  }
  return new Map(
    [...sums].map(([g, s]) => [
      g,
      {
        pupils: s.pupils,
        absencePercent: (100 * s.absent) / s.possible,
        persistentPercent: (100 * s.pa) / s.pupils,
        severePercent: (100 * s.sa) / s.pupils,
      },
    ]),
  )
}

describe('the demo registers show the national pattern (DEMO.md "Attendance by group")', () => {
  const prim = figuresByGroup(primary!.id)
  const sec = figuresByGroup(secondary!.id)

  it('has the whole school close to the national absence and persistent absence', () => {
    expect(prim.get('all')!.absencePercent).toBeGreaterThan(4.2)
    expect(prim.get('all')!.absencePercent).toBeLessThan(6.2)
    expect(prim.get('all')!.persistentPercent).toBeGreaterThan(11)
    expect(prim.get('all')!.persistentPercent).toBeLessThan(16)
    expect(sec.get('all')!.absencePercent).toBeGreaterThan(7.6)
    expect(sec.get('all')!.absencePercent).toBeLessThan(9.8)
    expect(sec.get('all')!.persistentPercent).toBeGreaterThan(21)
    expect(sec.get('all')!.persistentPercent).toBeLessThan(28)
  })

  it('makes children in need and on protection plans far more often persistently absent', () => {
    for (const school of [prim, sec]) {
      const all = school.get('all')!.persistentPercent
      expect(school.get('cino')!.persistentPercent).toBeGreaterThan(all * 1.5)
      expect(school.get('cppo')!.persistentPercent).toBeGreaterThan(all * 1.5)
      expect(school.get('cino')!.absencePercent).toBeGreaterThan(school.get('all')!.absencePercent)
    }
    expect(sec.get('cino')!.severePercent).toBeGreaterThan(sec.get('all')!.severePercent * 3)
  })

  it('has children looked after absent less than average in primary and more in secondary', () => {
    expect(prim.get('cla')!.absencePercent).toBeLessThan(prim.get('all')!.absencePercent)
    expect(sec.get('cla')!.absencePercent).toBeGreaterThan(sec.get('all')!.absencePercent)
  })

  it('draws band means that give back each table row', () => {
    for (const phase of ['primary', 'secondary'] as const) {
      for (const [group, r] of Object.entries(ABSENCE_RATES[phase])) {
        const m = bandMeans(r)
        const overall =
          (1 - r.persistent) * m.low + (r.persistent - r.severe) * m.persistent + r.severe * m.severe
        expect(Math.abs(overall - r.absence), `${phase} ${group}`).toBeLessThan(0.004)
      }
    }
  })

  it('keeps a pupil on their side of the 10% and 50% lines', () => {
    expect(absentSessions('low', 0.2, 100)).toBe(9)
    expect(absentSessions('persistent', 0.09, 100)).toBe(10)
    expect(absentSessions('persistent', 0.6, 100)).toBe(49)
    expect(absentSessions('severe', 0.4, 100)).toBe(50)
  })
})

describe('the demo registers', () => {
  it('mark only school days, only while the pupil is on roll, with codes in use that day (PD-16)', () => {
    const pupils = new Map(data.pupils.map((p) => [p.id, p]))
    for (const school of data.schools) {
      const calendar = demoSchoolCalendar(data, school.id)
      const marks = registers.get(school.id)!
      expect(marks.length).toBeGreaterThan(10_000)
      for (const m of marks) {
        const p = pupils.get(m.pupilId)!
        if (!isSchoolDay(calendar, m.date)) throw new Error(`${m.date} is not a school day`)
        if (m.date < p.enrolledOn || (p.leftOn && m.date > p.leftOn))
          throw new Error(`${p.upn} not on roll ${m.date}`)
        if (!codeOn(m.code, m.date).ok) throw new Error(`${m.code} on ${m.date}`)
        if (m.upn !== p.upn) throw new Error(`${m.upn} is not ${p.upn}`)
      }
      // Both sessions of every school day for every pupil on roll, and nothing else.
      const expected = data.pupils
        .filter((p) => p.schoolId === school.id)
        .reduce(
          (sum, p) =>
            sum +
            2 *
              schoolDaysIn(calendar, FROM, TO).filter(
                (d) => d >= p.enrolledOn && (!p.leftOn || d <= p.leftOn),
              ).length,
          0,
        )
      expect(marks.length).toBe(expected)
    }
  })

  it('is the same from the same seed, and different from another', () => {
    const key = (m: DemoMark) => `${m.upn} ${m.date} ${m.session} ${m.code}`
    const again = buildDemo({ seed: DEFAULT_DEMO_SEED, today: TODAY, size: 'standard' })
    expect(marksOf(again, again.schools[1]!.id).map(key)).toEqual(registers.get(secondary!.id)!.map(key))
    const other = buildDemo({ seed: DEFAULT_DEMO_SEED + 1, today: TODAY, size: 'standard' })
    expect(marksOf(other, other.schools[1]!.id).map(key)).not.toEqual(registers.get(secondary!.id)!.map(key))
  })

  it('mixes codes as a register does: mostly present, illness the commonest absence, some late', () => {
    const marks = registers.get(secondary!.id)!
    const share = (codes: string[]) => marks.filter((m) => codes.includes(m.code)).length / marks.length
    expect(share(['/', '\\'])).toBeGreaterThan(0.85)
    expect(share(['L'])).toBeGreaterThan(0.005)
    expect(share(['I'])).toBeGreaterThan(share(['O']))
    for (const code of ['M', 'O', 'G', 'U', 'C', 'N', 'E']) expect(share([code]), code).toBeGreaterThan(0)
    // `/` in the morning and `\` in the afternoon, as an MIS writes them.
    expect(marks.some((m) => m.code === '/' && m.session === 'PM')).toBe(false)
    expect(marks.some((m) => m.code === '\\' && m.session === 'AM')).toBe(false)
  })

  it('keeps N for the last days: older unexplained absences were recoded to O (ATT-6)', () => {
    for (const school of data.schools) {
      const lastTwo = schoolDaysIn(demoSchoolCalendar(data, school.id), addDays(TODAY, -14), TO).slice(-3)
      const n = registers.get(school.id)!.filter((m) => m.code === 'N')
      expect(n.length).toBeGreaterThan(0)
      for (const m of n) expect(lastTwo).toContain(m.date)
    }
  })

  it('gives a few children with a social worker an unexplained absence in the last week, and them only that', () => {
    const profiles = new Map(data.attendance.map((a) => [a.pupilId, a]))
    for (const school of data.schools) {
      const recent = registers
        .get(school.id)!
        .filter((m) => m.date >= addDays(TODAY, -14) && isUnexplainedAbsence(m.code))
        .filter((m) => hasSocialWorkerGroup(profiles.get(m.pupilId)!.group))
      const pupils = new Set(recent.map((m) => m.pupilId))
      expect(pupils.size).toBeGreaterThanOrEqual(1)
      expect(pupils.size).toBeLessThanOrEqual(3)
      expect(recent.every((m) => m.code === 'N' && m.date >= addDays(TODAY, -7))).toBe(true)
      expect([...pupils].some((id) => profiles.get(id)!.group === 'cla')).toBe(true)
    }
  })

  it('marks E on the days of a suspension with no provision, and B once the school arranges it', () => {
    const calendar = demoSchoolCalendar(data, secondary!.id)
    const leftOn = new Map(data.pupils.map((p) => [p.id, p.leftOn]))
    const days = exclusionDayCodes(
      calendar,
      data.suspensions.filter((s) => s.schoolId === secondary!.id),
      leftOn,
    )
    const marks = new Map(
      registers.get(secondary!.id)!.map((m) => [`${m.pupilId} ${m.date} ${m.session}`, m.code]),
    )
    let checked = 0
    for (const [pupilId, byDate] of days)
      for (const [date, code] of byDate) {
        if (date < FROM || date > TO) continue
        expect(marks.get(`${pupilId} ${date} AM`)).toBe(code)
        expect(marks.get(`${pupilId} ${date} PM`)).toBe(code)
        checked++
      }
    expect(checked).toBeGreaterThan(20)
    const eDays = registers.get(secondary!.id)!.filter((m) => m.code === 'E')
    expect(eDays.every((m) => days.get(m.pupilId)?.get(m.date) === 'E')).toBe(true)
  })

  it('streams a file the import reads: a header, then one line per mark', () => {
    const marks = registers.get(primary!.id)!.slice(0, 3)
    const lines = [...registerCsv(marks)]
    expect(lines[0]).toBe('upn,date,session,code\n')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toBe(`${marks[0]!.upn},${marks[0]!.date},${marks[0]!.session},${marks[0]!.code}\n`)
  })

  it('can run over a year and a half of the demo secondary (the import benchmark’s file)', () => {
    let count = 0
    let possible = 0
    for (const m of demoRegister(data, secondary!.id, '2025-06-01', TO)) {
      count++
      if (treatmentOf(m.code) !== 'not_counted') possible++
    }
    expect(count).toBeGreaterThan(300_000)
    expect(possible).toBe(count)
  })
})
