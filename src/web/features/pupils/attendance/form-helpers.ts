import type { FastifyRequest } from 'fastify'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../forms.js'

export { saveOrCollect } from '../../../forms.js'

// What the attendance forms (support plans, part-time timetables, placement-move adjustments) share.

export const attendancePageUrl = (pupilId: string, section: string) =>
  `/pupils/${pupilId}/attendance#${section}`

export const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as FormBody

/** A date the form could not read goes to the service blank: its message is the form's, not the service's. */
export function readDate(
  body: FormBody,
  problems: FormProblems,
  name: string,
  label: string,
  required: boolean,
): { iso: string; parts: DateParts; unreadable: boolean } {
  const before = problems.errors.length
  const read = problems.date(body, name, label, required)
  problems.link(name, `${name}-day`)
  return { iso: read.value ?? '', parts: read.parts, unreadable: problems.errors.length > before }
}

export { dateParts, text }

/** A stored free-text value (an action in a plan's JSON) as text; anything else as nothing. */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The version the form was shown at (DESIGN.md: a stale version is a 409). */
export function versionOf(body: FormBody): number {
  const v = Number(text(body, 'version'))
  return Number.isInteger(v) && v > 0 ? v : 0
}
