/**
 * Training courses and sessions (DOMAIN.md POL-3, POL-4, DT-3): what a session was, how long it
 * lasted, and that length in the days the policies count in.
 */
import type { TextProblem } from '../input/text-limits.js'

export type TrainingKind = 'atip' | 'designated_teacher' | 'dsl' | 'csw_lead' | 'other'
export const TRAINING_KINDS: readonly TrainingKind[] = [
  'atip',
  'designated_teacher',
  'dsl',
  'csw_lead',
  'other',
]

export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  atip: 'Attachment-aware and trauma-informed practice',
  designated_teacher: 'Designated teacher training',
  dsl: 'Designated safeguarding lead training',
  csw_lead: 'Training for the lead for children with a social worker',
  other: 'Other training',
}

export function isTrainingKind(value: string): value is TrainingKind {
  return (TRAINING_KINDS as readonly string[]).includes(value)
}

export type DurationUnit = 'hours' | 'days'

/**
 * Product choice: POL-3 counts the DT's training in days ("at least 2 days a year") but courses are
 * often given in hours, so a day is 6 hours of training (a school day without breaks) unless the school
 * sets its own number in its settings (`trainingDayHours`).
 */
export const DEFAULT_TRAINING_DAY_HOURS = 6

/** The school's own length of a training day, when it is a sensible one (1 to 12 hours). */
export function trainingDayHours(setting: unknown): number {
  return typeof setting === 'number' && Number.isFinite(setting) && setting >= 1 && setting <= 12
    ? setting
    : DEFAULT_TRAINING_DAY_HOURS
}

/** The session's length in training days. */
export function durationInDays(
  session: { duration: number; durationUnit: DurationUnit },
  hoursPerDay: number = DEFAULT_TRAINING_DAY_HOURS,
): number {
  return session.durationUnit === 'days' ? session.duration : session.duration / hoursPerDay
}

/**
 * The longest one session may be: a week-long residential course is 5 days; anything past these is
 * almost certainly a typing slip (600 for 6.00) and would make every compliance count meaningless.
 */
export const LONGEST_SESSION: Record<DurationUnit, number> = { days: 10, hours: 60 }

/** Issue 7, "Bad input": a session's length must be positive and believable. */
export function checkDuration(duration: number | null, unit: string): TextProblem[] {
  if (unit !== 'hours' && unit !== 'days')
    return [{ path: 'durationUnit', message: 'Say whether the length is in hours or days' }]
  if (duration === null || !Number.isFinite(duration))
    return [{ path: 'duration', message: 'Enter how long the training lasted, as a number, like 3 or 1.5' }]
  if (duration <= 0)
    return [{ path: 'duration', message: 'How long the training lasted must be more than 0' }]
  if (duration > LONGEST_SESSION[unit])
    return [
      {
        path: 'duration',
        message: `One session cannot be longer than ${LONGEST_SESSION[unit]} ${unit}. Check the number, or record a longer course as several sessions`,
      },
    ]
  if (Math.abs(duration * 100 - Math.round(duration * 100)) > 1e-9)
    return [
      { path: 'duration', message: 'Give how long the training lasted to no more than 2 decimal places' },
    ]
  return []
}

/** "1.5 days", "1 day", "3 hours": a length as staff say it. */
export function durationText(duration: number, unit: DurationUnit): string {
  const n = Number(duration.toFixed(2))
  const singular = unit === 'days' ? 'day' : 'hour'
  return `${n} ${n === 1 ? singular : unit}`
}

/** Days rounded to two places for showing, so 1/3 of a day reads 0.33. */
export function daysText(days: number): string {
  const n = Number(days.toFixed(2))
  return `${n} ${n === 1 ? 'day' : 'days'}`
}
