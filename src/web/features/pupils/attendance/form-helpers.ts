import type { FastifyRequest } from 'fastify'
import { RuleBrokenError, type FieldError } from '../../../../services/errors.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../forms.js'

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

/**
 * Calls `save`; a rule it breaks joins the form's own problems, except on a field the form already has a
 * problem with (a date it could not read, sent blank, which the service would call missing).
 */
export async function saveOrCollect<T>(
  problems: FormProblems,
  save: () => Promise<T>,
  rewrite: (e: FieldError) => FieldError = (e) => e,
): Promise<T | null> {
  try {
    return await save()
  } catch (error) {
    if (!(error instanceof RuleBrokenError)) throw error
    const ownPaths = new Set(problems.errors.map((e) => e.path))
    problems.addAll(error.errors.map(rewrite).filter((e) => !ownPaths.has(e.path)))
    return null
  }
}
