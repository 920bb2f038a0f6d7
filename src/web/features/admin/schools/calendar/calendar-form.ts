import {
  addDays,
  daysBetween,
  formatDate,
  isIsoDate,
  isWeekend,
  schoolYearBounds,
  schoolYearOf,
} from '../../../../../domain/calendar/dates.js'
import { TERM_NAMES, type TermName } from '../../../../../domain/calendar/school-calendar.js'
import type { CalendarInput } from '../../../../../services/schools.service.js'
import type { FieldError } from '../../../../../services/errors.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../forms.js'

export type CalendarFormValues = Record<`${TermName}${'Start' | 'End'}`, DateParts> & { closures: string }

const fieldIds = Object.fromEntries(
  TERM_NAMES.flatMap((t) => [
    [`${t}Start`, `${t}Start-day`],
    [`${t}End`, `${t}End-day`],
  ]),
)

export function valuesFromCalendar(
  year: number,
  terms: Array<{ schoolYear: number; name: TermName; startDate: string; endDate: string }>,
  closures: Array<{ date: string; reason: string | null }>,
): CalendarFormValues {
  const term = (name: TermName) => terms.find((t) => t.schoolYear === year && t.name === name)
  const { start, end } = schoolYearBounds(year)
  return {
    autumnStart: dateParts(term('autumn')?.startDate),
    autumnEnd: dateParts(term('autumn')?.endDate),
    springStart: dateParts(term('spring')?.startDate),
    springEnd: dateParts(term('spring')?.endDate),
    summerStart: dateParts(term('summer')?.startDate),
    summerEnd: dateParts(term('summer')?.endDate),
    closures: closures
      .filter((c) => c.date >= start && c.date <= end)
      .map((c) => (c.reason ? `${c.date} ${c.reason}` : c.date))
      .join('\n'),
  }
}

const DATE = String.raw`\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}`
const LINE = new RegExp(String.raw`^(${DATE})(?:\s+to\s+(${DATE}))?(?:\s+(.*))?$`, 'i')
const MAX_RANGE_DAYS = 31

function isoFrom(written: string): string {
  const [a, b, c] = written.includes('/') ? written.split('/').reverse() : written.split('-')
  return `${a}-${b!.padStart(2, '0')}-${c!.padStart(2, '0')}`
}

/** The weekdays from `from` to `to`: a half-term week is one line, not five. */
function weekdays(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d)
  return days
}

/**
 * Closures, one a line: `2026-10-23 INSET day`, `23/10/2026 INSET day`, or a range
 * `26/10/2026 to 30/10/2026 Half term` (its weekdays). Errors name the line.
 */
function readClosures(textarea: string, problems: FormProblems) {
  const closures: Array<{ date: string; reason: string | null; line: number }> = []
  textarea.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1
    const trimmed = raw.trim()
    if (!trimmed) return
    const match = LINE.exec(trimmed)
    if (!match) {
      problems.add('closures', `Line ${line}: start the line with a date, like 2026-10-23 or 23/10/2026`)
      return
    }
    const [, firstWritten, lastWritten, reasonWritten] = match
    const first = isoFrom(firstWritten!)
    const last = lastWritten ? isoFrom(lastWritten) : first
    const bad = [[firstWritten, first] as const, [lastWritten, last] as const].find(
      ([written, iso]) => written && !isIsoDate(iso),
    )
    if (bad) return problems.add('closures', `Line ${line}: ${bad[0]} is not a real date`)
    if (last < first)
      return problems.add('closures', `Line ${line}: the last day of the closure must be after the first`)
    if (daysBetween(first, last) >= MAX_RANGE_DAYS)
      return problems.add('closures', `Line ${line}: a closure can be at most ${MAX_RANGE_DAYS} days long`)
    const reason = reasonWritten?.replace(/^[-–:,]\s*/, '').trim() || null
    for (const date of lastWritten ? weekdays(first, last) : [first]) {
      const earlier = closures.find((c) => c.date === date)
      if (earlier)
        return problems.add(
          'closures',
          `Line ${line}: ${formatDate(date)} is already on line ${earlier.line}`,
        )
      closures.push({ date, reason, line })
    }
  })
  return closures
}

/** Reads one school year's calendar: three terms and the closures inside them. */
export function readCalendarForm(body: FormBody, year: number) {
  const problems = new FormProblems(fieldIds)
  const values = { closures: text(body, 'closures') } as CalendarFormValues
  const terms: CalendarInput['terms'] = []
  for (const name of TERM_NAMES) {
    const start = problems.date(body, `${name}Start`, `${name} term start date`, true)
    const end = problems.date(body, `${name}End`, `${name} term end date`, true)
    values[`${name}Start`] = start.parts
    values[`${name}End`] = end.parts
    if (!start.value || !end.value) continue
    if (schoolYearOf(start.value) !== year) {
      const { start: from, end: to } = schoolYearBounds(year)
      problems.add(
        `${name}Start`,
        `The ${name} term must start in the ${year} to ${year + 1} school year, between ${formatDate(from)} and ${formatDate(to)}`,
      )
      continue
    }
    const previous = terms.at(-1)
    if (previous && start.value <= previous.end)
      problems.add(`${name}Start`, `The ${name} term must start after the ${previous.name} term ends`)
    terms.push({ name, start: start.value, end: end.value })
  }
  const closures = readClosures(values.closures, problems)
  return {
    input: { terms, closures: closures.map(({ date, reason }) => ({ date, reason })) },
    values,
    problems,
    closures,
  }
}

/** The service's paths (`terms.1.end`, `closures.3`) turned into this form's fields and line numbers. */
export function fromServicePath(e: FieldError, closures: Array<{ line: number }>): FieldError {
  const term = /^terms\.(\d)\.(start|end|name)$/.exec(e.path)
  if (term) {
    const name = TERM_NAMES[Number(term[1])] ?? 'autumn'
    return { path: `${name}${term[2] === 'end' ? 'End' : 'Start'}`, message: e.message }
  }
  const closure = /^closures\.(\d+)(?:\.reason)?$/.exec(e.path)
  if (closure) {
    const line = closures[Number(closure[1])]?.line ?? Number(closure[1]) + 1
    return { path: 'closures', message: `Line ${line}: ${e.message}` }
  }
  return e
}
