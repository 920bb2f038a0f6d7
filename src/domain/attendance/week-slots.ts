/**
 * Where a mark sits in the stored register (issue 5): one row per pupil and week, Monday first, with the week's
 * 14 sessions as slots, Monday AM = 0 to Sunday PM = 13, each two characters of a text (a code padded with a
 * space; two spaces for no mark). Weeks and days are numbered from 1 January 1970 (a Thursday).
 */
import type { IsoDate } from '../calendar/dates.js'

export const SLOTS_A_WEEK = 14
const SLOT_CHARS = 2
const MS_PER_DAY = 86_400_000
// Day 0 is a Thursday: Monday 29 December 1969 is day -3, the start of week 0.
const MONDAY_OFFSET = 3

/** Days since 1 January 1970 of an ISO date. */
export function dayNumberOf(date: IsoDate): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
  )
}

export function weekOfDay(day: number): number {
  return Math.floor((day + MONDAY_OFFSET) / 7)
}

export function slotOf(day: number, session: 'AM' | 'PM'): number {
  const weekday = day + MONDAY_OFFSET - weekOfDay(day) * 7
  return weekday * 2 + (session === 'AM' ? 0 : 1)
}

/** The day number of the Monday a week starts on. */
export function mondayOf(week: number): number {
  return week * 7 - MONDAY_OFFSET
}

/** The Monday a week starts on. */
export function weekStartOf(week: number): IsoDate {
  return new Date(mondayOf(week) * MS_PER_DAY).toISOString().slice(0, 10)
}

/** The date and session of a slot of a week. */
export function slotDate(week: number, slot: number): { date: IsoDate; session: 'AM' | 'PM' } {
  const day = week * 7 - MONDAY_OFFSET + Math.floor(slot / 2)
  return {
    date: new Date(day * MS_PER_DAY).toISOString().slice(0, 10),
    session: slot % 2 === 0 ? 'AM' : 'PM',
  }
}

/** The code in a slot of a week's codes, or null for no mark. */
export function codeInSlot(codes: string, slot: number): string | null {
  const code = codes.slice(slot * SLOT_CHARS, slot * SLOT_CHARS + SLOT_CHARS).trimEnd()
  return code === '' ? null : code
}

/** One slot's text: a code (one or two characters, ATT-6) padded with a space; null (no mark) is spaces. */
export function slotText(code: string | null): string {
  return (code ?? '').padEnd(SLOT_CHARS, ' ')
}

/** A week's codes from its slots' codes (null for no mark). */
export function weekCodes(slots: ReadonlyArray<string | null>): string {
  let text = ''
  for (let slot = 0; slot < SLOTS_A_WEEK; slot++) text += slotText(slots[slot] ?? null)
  return text
}
