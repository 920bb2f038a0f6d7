/**
 * Where a pupil went on leaving the school's roll: the destinations of leavers in the report to governors
 * (GOV-4; issue 7 item 4). Categories in plain words, close to those Virtual Schools report on.
 */
export const LEAVING_DESTINATIONS = {
  mainstream_school: 'Another mainstream school',
  special_school: 'A special school',
  alternative_provision: 'Alternative provision or a pupil referral unit',
  further_education: 'College or sixth form elsewhere (further education)',
  employment_or_training: 'Employment, an apprenticeship or training',
  elective_home_education: 'Educated at home by choice (elective home education)',
  moved_away: 'Moved away, including abroad',
  not_known: 'Not known',
  other: 'Somewhere else',
} as const

export type LeavingDestination = keyof typeof LEAVING_DESTINATIONS

export const isLeavingDestination = (value: unknown): value is LeavingDestination =>
  typeof value === 'string' && Object.hasOwn(LEAVING_DESTINATIONS, value)

export type LeavingProblem = { path: 'leftOn' | 'destination'; message: string }

/**
 * The checks on a leaving date: the last day on roll cannot come before the enrolment date, nor more than a
 * school year ahead (a date that far off is a typing slip; a planned leaving is recorded nearer the time).
 */
export function leavingProblems(
  input: { leftOn: string; destination: string },
  pupil: { enrolledOn: string | null },
  today: string,
): LeavingProblem[] {
  const problems: LeavingProblem[] = []
  if (pupil.enrolledOn && input.leftOn < pupil.enrolledOn)
    problems.push({ path: 'leftOn', message: 'The last day on roll must be on or after the enrolment date' })
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`
  if (input.leftOn > limit)
    problems.push({ path: 'leftOn', message: 'The last day on roll must be within a year from today' })
  if (!isLeavingDestination(input.destination))
    problems.push({ path: 'destination', message: 'Select where the pupil went' })
  return problems
}
