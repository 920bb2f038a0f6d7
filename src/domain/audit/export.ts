import { compareIso, isIsoDate, type IsoDate } from '../calendar/dates.js'

type FieldError = { path: string; message: string }

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
})

/** An instant as the time in England, with its offset: `2026-06-01T11:00:00+01:00` (unambiguous in October). */
export function londonTimestamp(at: Date): string {
  const parts = LONDON_TIME.formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  // "GMT" in winter, "GMT+01:00" in summer.
  const offset = part('timeZoneName').replace('GMT', '') || '+00:00'
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}${offset}`
}

/**
 * One CSV cell (RFC 4180). A text that a spreadsheet would run as a formula (=, +, -, @, a tab or a
 * return first) is given a leading apostrophe, so opening an export never runs what someone typed.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

/** The date range of an audit export: both days given, real, in order, and not starting in the future. */
export function checkAuditRange(from: string, to: string, today: IsoDate): FieldError[] {
  const errors: FieldError[] = []
  if (!from) errors.push({ path: 'from', message: 'Enter the first day' })
  else if (!isIsoDate(from)) errors.push({ path: 'from', message: 'The first day must be a real date' })
  else if (compareIso(from, today) > 0)
    errors.push({ path: 'from', message: 'The first day must be today or in the past' })
  if (!to) errors.push({ path: 'to', message: 'Enter the last day' })
  else if (!isIsoDate(to)) errors.push({ path: 'to', message: 'The last day must be a real date' })
  else if (isIsoDate(from) && compareIso(to, from) < 0)
    errors.push({ path: 'to', message: 'The last day must be the same as or after the first day' })
  return errors
}
