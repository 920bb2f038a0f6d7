/**
 * The marks of an attendance file as it is read, by pupil and week (issue 5 item 2): a byte a session, an index
 * into `codes()` (0 for no mark), so a million marks take about 1.4 MB and a later line for the same
 * session simply replaces the earlier one (PD-16: the last line wins).
 *
 * Pupils and codes are numbered as they are first seen (`pupilIndex`, `codeIndex`), so that the reader, which
 * knows each once, marks a million sessions with numbers only (`mark`).
 */
import { SLOTS_A_WEEK, slotOf, weekOfDay } from '../domain/attendance/week-slots.js'

const MAX_CODES = 255
const NO_ROW = -1
// Weeks added on either side when a pupil's run of weeks grows: a school year and a bit.
const WEEK_MARGIN = 64

export class WeekGrid {
  private readonly codeNames: string[] = ['']
  private readonly codeNumbers = new Map<string, number>()
  private readonly pupilIds: string[] = []
  private readonly pupilNumbers = new Map<string, number>()
  /** Each pupil's rows by week: `rowsOf[pupil][week - firstWeekOf[pupil]]`, NO_ROW for none. */
  private readonly rowsOf: Int32Array[] = []
  private readonly firstWeekOf: number[] = []
  private rowCount = 0
  private slots = new Uint8Array(SLOTS_A_WEEK * 1024)
  private firstWeek = Infinity
  private lastWeek = -Infinity

  /** The number of a pupil, given the first time it is asked for. */
  pupilIndex(pupilId: string): number {
    let pupil = this.pupilNumbers.get(pupilId)
    if (pupil === undefined) {
      pupil = this.pupilIds.push(pupilId) - 1
      this.pupilNumbers.set(pupilId, pupil)
      this.rowsOf.push(new Int32Array(0))
      this.firstWeekOf.push(0)
    }
    return pupil
  }

  /** The number of a code (1 and up), given the first time it is asked for. */
  codeIndex(code: string): number {
    let index = this.codeNumbers.get(code)
    if (index === undefined) {
      index = this.codeNames.push(code) - 1
      if (index > MAX_CODES) throw new Error('More distinct attendance codes than a week grid holds')
      this.codeNumbers.set(code, index)
    }
    return index
  }

  /** Records a mark; true when the file gave this pupil's session before. */
  set(pupilId: string, day: number, session: 'AM' | 'PM', code: string): boolean {
    return this.mark(this.pupilIndex(pupilId), weekOfDay(day), slotOf(day, session), this.codeIndex(code))
  }

  /** `set` by numbers: a pupil from `pupilIndex`, a week and slot (`week-slots.ts`), a code from `codeIndex`. */
  mark(pupil: number, week: number, slot: number, code: number): boolean {
    const at = this.rowOf(pupil, week) * SLOTS_A_WEEK + slot
    const repeat = this.slots[at] !== 0
    this.slots[at] = code
    return repeat
  }

  private rowOf(pupil: number, week: number): number {
    let rows = this.rowsOf[pupil]!
    let offset = week - this.firstWeekOf[pupil]!
    if (offset < 0 || offset >= rows.length) {
      rows = this.widen(pupil, week)
      offset = week - this.firstWeekOf[pupil]!
    }
    const row = rows[offset]!
    return row === NO_ROW ? (rows[offset] = this.newRow(week)) : row
  }

  /** Makes a pupil's run of weeks reach `week`. */
  private widen(pupil: number, week: number): Int32Array {
    const old = this.rowsOf[pupil]!
    const oldFirst = this.firstWeekOf[pupil]!
    const first = old.length === 0 ? week - WEEK_MARGIN : Math.min(oldFirst, week - WEEK_MARGIN)
    const end = old.length === 0 ? week + WEEK_MARGIN : Math.max(oldFirst + old.length, week + WEEK_MARGIN)
    const rows = new Int32Array(end - first).fill(NO_ROW)
    if (old.length > 0) rows.set(old, oldFirst - first)
    this.rowsOf[pupil] = rows
    this.firstWeekOf[pupil] = first
    return rows
  }

  private newRow(week: number): number {
    const row = this.rowCount++
    if ((row + 1) * SLOTS_A_WEEK > this.slots.length) {
      const larger = new Uint8Array(this.slots.length * 2)
      larger.set(this.slots)
      this.slots = larger
    }
    if (week < this.firstWeek) this.firstWeek = week
    if (week > this.lastWeek) this.lastWeek = week
    return row
  }

  /** The pupils with marks in the file. */
  pupils(): readonly string[] {
    return this.pupilIds
  }

  /** The first and last weeks with marks, or null for none. */
  weekRange(): { first: number; last: number } | null {
    return this.rowCount === 0 ? null : { first: this.firstWeek, last: this.lastWeek }
  }

  /** The code of each index `forEachWeek` gives (index 0 is no mark). */
  codes(): readonly string[] {
    return this.codeNames
  }

  /**
   * Calls `visit` for each week with marks, in the register's order: by pupil id (`pupilOrder`), then week.
   * (The weeks then go into the register's primary key index one after another, rather than all over it, which
   * halves the time PostgreSQL takes to copy them.) `slots[at + i]` is the index (in `codes()`) of the code
   * the file gives session i, 0 for none. The array is the grid's own, lent for the call only.
   */
  forEachWeek(visit: WeekVisitor): void {
    for (const pupil of this.pupilOrder()) this.forEachWeekOf(pupil, visit)
  }

  /** The pupils' numbers in the order of their ids. */
  pupilOrder(): number[] {
    return this.pupilIds
      .map((_, index) => index)
      .sort((a, b) => (this.pupilIds[a]! < this.pupilIds[b]! ? -1 : 1))
  }

  /** `forEachWeek` for one pupil, by number. */
  forEachWeekOf(pupil: number, visit: WeekVisitor): void {
    const id = this.pupilIds[pupil]!
    const rows = this.rowsOf[pupil]!
    const first = this.firstWeekOf[pupil]!
    for (let offset = 0; offset < rows.length; offset++) {
      const row = rows[offset]!
      if (row !== NO_ROW) visit(id, first + offset, this.slots, row * SLOTS_A_WEEK)
    }
  }
}

export type WeekVisitor = (pupilId: string, week: number, slots: Uint8Array, at: number) => void
