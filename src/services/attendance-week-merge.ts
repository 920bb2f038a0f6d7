/**
 * Compares the weeks of an attendance file with the weeks already stored (DOMAIN.md ATT-4, PD-6): a session the
 * file marks for the first time is added, one whose code changes is superseded (the earlier mark goes to
 * history), an equal one is left alone with its first import, so that importing a file again changes nothing.
 * The weeks to write go, whole as they will be, to the caller's `WeekRows` (new ones and changed ones apart);
 * the marks to keep in history and the changed marks of the pupils the alerts watch (`attendance_changed`) come
 * back as the text COPY takes.
 */
import {
  SLOTS_A_WEEK,
  codeInSlot,
  dayNumberOf,
  slotDate,
  slotText,
  weekCodes,
  weekOfDay,
} from '../domain/attendance/week-slots.js'
import { isUnexplainedAbsence } from '../domain/attendance/codes.js'
import type { AlertWatch } from './attendance-alerts.js'
import type { WeekGrid, WeekVisitor } from './attendance-week-grid.js'

export type StoredWeek = { codes: string; imports: Array<number | null> }

/** Where the planner puts the weeks to write: a week's codes (`weekCodes`) and the import of each session. */
export type WeekRows = {
  add(pupilId: string, week: number, codes: string, imports: ReadonlyArray<number | null>): void
}

export type WeekMergePlan = {
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
 * A million marks go through here on a whole school's import, so a new week (the usual case) is made straight
 * from the grid's bytes: each code's slot text and each pattern of marked sessions' imports are made once (the
 * same imports array is given for the same pattern).
 */
export function planWeekMerge(...args: Parameters<typeof planWeekMergeInSteps>): WeekMergePlan {
  const steps = planWeekMergeInSteps(...args)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

// Pupils planned between steps: about 80 weeks each, some 10 KB of COPY data.
const PUPILS_A_STEP = 16

/**
 * `planWeekMerge` a few pupils at a time: it pauses after each few, so that the caller can send the weeks
 * written so far to the database while the rest are planned.
 */
export function* planWeekMergeInSteps(
  grid: WeekGrid,
  stored: ReadonlyMap<string, StoredWeek>,
  importNumber: number,
  watch: AlertWatch,
  out: { newWeeks: WeekRows; changedWeeks: WeekRows },
): Generator<void, WeekMergePlan> {
  const plan: WeekMergePlan = {
    historyLines: [],
    changedLines: [],
    added: 0,
    superseded: 0,
    unchanged: 0,
  }
  const codes = grid.codes()
  const slotTexts = codes.map((code) => slotText(code === '' ? null : code))
  const importsByPattern = new Map<number, Array<number | null>>()
  const sinceDay = dayNumberOf(watch.since)
  const sinceWeek = weekOfDay(sinceDay)
  // The alerts read a watched pupil's change from `since` on, and a recode from N or O whenever it is.
  const alertsRead = (week: number, slot: number, old: string | null) =>
    week > sinceWeek ||
    (old !== null && isUnexplainedAbsence(old)) ||
    (week === sinceWeek && slotDate(week, slot).date >= watch.since)

  const planWeek: WeekVisitor = (pupilId, week, slots, at) => {
    const watched = watch.pupils.has(pupilId)
    // A first import has nothing stored: no key to make for each of its weeks.
    const before = stored.size === 0 ? undefined : stored.get(storedWeekKey(pupilId, week))
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
      out.newWeeks.add(pupilId, week, text, imports)
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
    if (changed) out.changedWeeks.add(pupilId, week, weekCodes(weekSlots), imports)
  }
  let planned = 0
  for (const pupil of grid.pupilOrder()) {
    grid.forEachWeekOf(pupil, planWeek)
    if (++planned % PUPILS_A_STEP === 0) yield
  }
  return plan
}

function changedLine(pupilId: string, week: number, slot: number, old: string | null, code: string): string {
  const { date, session } = slotDate(week, slot)
  return `${pupilId}\t${date}\t${session}\t${copyText(old)}\t${copyText(code)}\n`
}

/** The imports of a new week: this import's number for each session marked (a bit each in `pattern`). */
function importList(pattern: number, importNumber: number): Array<number | null> {
  const list: Array<number | null> = []
  for (let slot = 0; slot < SLOTS_A_WEEK; slot++) list.push(pattern & (1 << slot) ? importNumber : null)
  return list
}
