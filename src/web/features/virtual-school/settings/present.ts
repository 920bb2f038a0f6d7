import { monthName } from '../../../../domain/calendar/dates.js'
import type { ChangeReviewClock, PepCadence, PepScheduleSettings } from '../../../../domain/pep/settings.js'

export const CADENCES: ReadonlyArray<{ value: PepCadence; text: string; hint: string }> = [
  {
    value: 'termly',
    text: 'Every term',
    hint: 'One PEP meeting in each of the autumn, spring and summer terms, due by the term’s last school day.',
  },
  {
    value: 'twice_yearly',
    text: 'Twice a year',
    hint: 'One in the autumn term, and one in the spring or summer term, due by the end of the summer term.',
  },
  {
    value: 'custom',
    text: 'In months you choose',
    hint: 'A PEP is due by the end of each month you choose.',
  },
]

export const CLOCKS: ReadonlyArray<{ value: ChangeReviewClock; text: string }> = [
  { value: 'school', text: 'School days' },
  { value: 'working', text: 'Working days (Monday to Friday, not bank holidays)' },
]

export const MINIMUM_AGES = [
  { value: '2', text: 'From age 2 (funded early education)' },
  { value: '3', text: 'From age 3' },
]

// Months in school-year order, September first, as a custom cadence lists them.
const inSchoolYearOrder = (months: ReadonlyArray<number>) =>
  [...months].sort((a, b) => ((a + 3) % 12) - ((b + 3) % 12))

/** The schedule in words, for those who may read but not change it. */
export function scheduleRows(s: PepScheduleSettings) {
  const cadence = CADENCES.find((c) => c.value === s.cadence)
  const months = inSchoolYearOrder(s.customDueMonths).map(monthName)
  return [
    {
      key: { text: 'How often PEPs are due' },
      value: {
        text:
          s.cadence === 'custom'
            ? `By the end of ${months.join(', ')}`
            : `${cadence?.text ?? s.cadence}: ${cadence?.hint ?? ''}`,
      },
    },
    {
      key: { text: 'Review after a change of school or placement' },
      value: {
        text: `Within ${s.changeReviewDays} ${s.changeReviewClock === 'working' ? 'working' : 'school'} days`,
      },
    },
    {
      key: { text: 'Children on short breaks only' },
      value: { text: s.includeShortBreaks ? 'Need PEPs' : 'Do not need PEPs' },
    },
    {
      key: { text: 'PEPs start' },
      value: { text: MINIMUM_AGES.find((a) => a.value === String(s.minimumAge))?.text ?? '' },
    },
  ]
}

/** The months a custom cadence can close a PEP period in, in school-year order (PD-1, settings.ts). */
export function monthItems(chosen: ReadonlyArray<string>) {
  return inSchoolYearOrder([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).map((m) => ({
    value: String(m),
    text: monthName(m),
    checked: chosen.includes(String(m)),
  }))
}

/** PD-7, EX-8: the day-one expectation in words, for those who may read but not change it. */
export function suspensionRows(claDayOneProvision: boolean) {
  return [
    {
      key: { text: 'Education for a looked after child who is suspended' },
      value: {
        text: claDayOneProvision
          ? 'Expected from the first day of the suspension'
          : 'From the sixth day, as the law requires',
      },
    },
  ]
}
