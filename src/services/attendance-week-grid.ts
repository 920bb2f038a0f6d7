/**
 * The marks of an attendance file as it is read, by pupil and week (issue 5 item 2): a byte a session, an index
 * into `codeNames` (0 for no mark), so a million marks take about 1.4 MB and a later line for the same
 * session simply replaces the earlier one (PD-16: the last line wins).
 */
import { SLOTS_A_WEEK, slotOf, weekOfDay } from '../domain/attendance/week-slots.js'

// A row's key is its pupil's index times this, plus its week: room for weeks to the year 20,000.
const WEEK_KEYS = 2 ** 20
const MAX_CODES = 255

export class WeekGrid {
  private readonly codeNames: string[] = ['']
  private readonly codeIndex = new Map<string, number>()
  private readonly pupilIds: string[] = []
  private readonly pupilIndex = new Map<string, number>()
  private readonly rows = new Map<number, number>()
  private slots = new Uint8Array(SLOTS_A_WEEK * 1024)
  private firstWeek = Infinity
  private lastWeek = -Infinity

  /** Records a mark; true when the file gave this pupil's session before. */
  set(pupilId: string, day: number, session: 'AM' | 'PM', code: string): boolean {
    let pupil = this.pupilIndex.get(pupilId)
    if (pupil === undefined) {
      pupil = this.pupilIds.push(pupilId) - 1
      this.pupilIndex.set(pupilId, pupil)
    }
    let codeIndex = this.codeIndex.get(code)
    if (codeIndex === undefined) {
      codeIndex = this.codeNames.push(code) - 1
      if (codeIndex > MAX_CODES) throw new Error('More distinct attendance codes than a week grid holds')
      this.codeIndex.set(code, codeIndex)
    }
    const week = weekOfDay(day)
    const key = pupil * WEEK_KEYS + week
    let row = this.rows.get(key)
    if (row === undefined) {
      row = this.rows.size
      this.rows.set(key, row)
      if ((row + 1) * SLOTS_A_WEEK > this.slots.length) {
        const larger = new Uint8Array(this.slots.length * 2)
        larger.set(this.slots)
        this.slots = larger
      }
      if (week < this.firstWeek) this.firstWeek = week
      if (week > this.lastWeek) this.lastWeek = week
    }
    const at = row * SLOTS_A_WEEK + slotOf(day, session)
    const repeat = this.slots[at] !== 0
    this.slots[at] = codeIndex
    return repeat
  }

  /** The pupils with marks in the file. */
  pupils(): readonly string[] {
    return this.pupilIds
  }

  /** The first and last weeks with marks, or null for none. */
  weekRange(): { first: number; last: number } | null {
    return this.rows.size === 0 ? null : { first: this.firstWeek, last: this.lastWeek }
  }

  /** The code of each index `forEachWeek` gives (index 0 is no mark). */
  codes(): readonly string[] {
    return this.codeNames
  }

  /**
   * Calls `visit` for each week with marks: `slots[at + i]` is the index (in `codes()`) of the code the file
   * gives session i, 0 for none. The array is the grid's own, lent for the call only.
   */
  forEachWeek(visit: (pupilId: string, week: number, slots: Uint8Array, at: number) => void): void {
    for (const [key, row] of this.rows)
      visit(this.pupilIds[Math.floor(key / WEEK_KEYS)]!, key % WEEK_KEYS, this.slots, row * SLOTS_A_WEEK)
  }
}
