/**
 * Compares the weeks of an attendance file with the weeks already stored (DOMAIN.md ATT-4, PD-6): a session the
 * file marks for the first time is added, one whose code changes is superseded (the earlier mark goes to
 * history), an equal one is left alone with its first import, so that importing a file again changes nothing.
 * The result is the text COPY takes for each staging table: the weeks to write (whole, as they will be), the
 * marks to keep in history, and the changed marks of the pupils the alerts watch (`attendance_changed`).
 */
import {
  SLOTS_A_WEEK,
  codeInSlot,
  dayNumberOf,
  slotDate,
  slotText,
  weekCodes,
  weekOfDay,
  weekStartOf,
} from '../domain/attendance/week-slots.js'
import { isUnexplainedAbsence } from '../domain/attendance/codes.js'
import type { AlertWatch } from './attendance-alerts.js'
import type { WeekGrid } from './attendance-week-grid.js'

export type StoredWeek = { codes: string; imports: Array<number | null> }

export type WeekMergePlan = {
  /** Weeks with no row yet. */
  newWeekLines: string[]
  /** Weeks whose stored row changes. */
  changedWeekLines: string[]
  historyLines: string[]
  changedLines: string[]
  added: number
  superseded: number
  unchanged: number
}

/** The key of a stored week in the map `planWeekMerge` takes. */
export const storedWeekKey = (pupilId: string, week: number) => `${pupilId} ${week}`

// COPY's text format: tab-separated, \N for null, a backslash doubled (the code `\` is a present mark, ATT-6).
const copyText = (value: string | null) => (value === null ? '\\N' : value.replaceAll('\\', '\\\\'))

/**
 * A million marks go through here on a whole school's import, so a new week (the usual case) is written
 * straight from the grid's bytes: each code's slot text and each pattern of marked sessions' imports are made
 * once.
 */
export function planWeekMerge(
  grid: WeekGrid,
  stored: ReadonlyMap<string, StoredWeek>,
  importNumber: number,
  watch: AlertWatch,
): WeekMergePlan {
  const plan: WeekMergePlan = {
    newWeekLines: [],
    changedWeekLines: [],
    historyLines: [],
    changedLines: [],
    added: 0,
    superseded: 0,
    unchanged: 0,
  }
  const codes = grid.codes()
  const slotTexts = codes.map((code) => copyText(slotText(code === '' ? null : code)))
  const importsByPattern = new Map<number, string>()
  const mondays = new Map<number, string>()
  const mondayOf = (week: number) => {
    let monday = mondays.get(week)
    if (monday === undefined) mondays.set(week, (monday = weekStartOf(week)))
    return monday
  }
  const sinceDay = dayNumberOf(watch.since)
  const sinceWeek = weekOfDay(sinceDay)
  // The alerts read a watched pupil's change from `since` on, and a recode from N or O whenever it is.
  const alertsRead = (week: number, slot: number, old: string | null) =>
    week > sinceWeek ||
    (old !== null && isUnexplainedAbsence(old)) ||
    (week === sinceWeek && slotDate(week, slot).date >= watch.since)

  grid.forEachWeek((pupilId, week, slots, at) => {
    const watched = watch.pupils.has(pupilId)
    const before = stored.get(storedWeekKey(pupilId, week))
    if (before === undefined) {
      let text = ''
      let pattern = 0
      for (let slot = 0; slot < SLOTS_A_WEEK; slot++) {
        const index = slots[at + slot]!
        text += slotTexts[index]
        if (index === 0) continue
        pattern |= 1 << slot
        plan.added += 1
        if (watched && alertsRead(week, slot, null))
          plan.changedLines.push(changedLine(pupilId, week, slot, null, codes[index]!))
      }
      let imports = importsByPattern.get(pattern)
      if (imports === undefined) importsByPattern.set(pattern, (imports = importList(pattern, importNumber)))
      plan.newWeekLines.push(`${pupilId}\t${mondayOf(week)}\t${text}\t${imports}\n`)
      return
    }
    const weekSlots: Array<string | null> = []
    const imports: Array<number | null> = []
    let changed = false
    for (let slot = 0; slot < SLOTS_A_WEEK; slot++) {
      const old = codeInSlot(before.codes, slot)
      const oldImport = before.imports[slot] ?? null
      const index = slots[at + slot]!
      const code = index === 0 ? null : codes[index]!
      if (code === null || code === old) {
        if (code !== null) plan.unchanged += 1
        weekSlots.push(old)
        imports.push(oldImport)
        continue
      }
      changed = true
      weekSlots.push(code)
      imports.push(importNumber)
      if (old === null) plan.added += 1
      else {
        plan.superseded += 1
        const { date, session } = slotDate(week, slot)
        plan.historyLines.push(`${pupilId}\t${date}\t${session}\t${copyText(old)}\t${oldImport ?? '\\N'}\n`)
      }
      if (watched && alertsRead(week, slot, old))
        plan.changedLines.push(changedLine(pupilId, week, slot, old, code))
    }
    if (changed)
      plan.changedWeekLines.push(
        `${pupilId}\t${mondayOf(week)}\t${copyText(weekCodes(weekSlots))}\t{${imports.map((n) => n ?? 'NULL').join(',')}}\n`,
      )
  })
  return plan
}

function changedLine(pupilId: string, week: number, slot: number, old: string | null, code: string): string {
  const { date, session } = slotDate(week, slot)
  return `${pupilId}\t${date}\t${session}\t${copyText(old)}\t${copyText(code)}\n`
}

/** The imports of a new week: this import's number for each session marked (a bit each in `pattern`). */
function importList(pattern: number, importNumber: number): string {
  const list: string[] = []
  for (let slot = 0; slot < SLOTS_A_WEEK; slot++)
    list.push(pattern & (1 << slot) ? String(importNumber) : 'NULL')
  return `{${list.join(',')}}`
}
