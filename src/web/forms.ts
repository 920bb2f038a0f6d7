import type { z } from 'zod'
import { isIsoDate } from '../domain/calendar/dates.js'
import { RuleBrokenError, type FieldError } from '../services/errors.js'

export type ErrorList = {
  summary: Array<{ text: string; href: string }>
  byField: Record<string, { text: string }>
}

/**
 * Turns service or schema errors into the GOV.UK error summary and inline messages.
 * `fieldIds` maps an error path to the id of the input it belongs to (default: the path itself).
 */
export function toErrorList(errors: FieldError[], fieldIds: Record<string, string> = {}): ErrorList {
  const summary: ErrorList['summary'] = []
  const byField: ErrorList['byField'] = {}
  for (const e of errors) {
    const id = fieldIds[e.path] ?? e.path.replace(/\./g, '-')
    if (!byField[e.path]) byField[e.path] = { text: e.message }
    summary.push({ text: e.message, href: `#${id}` })
  }
  return { summary, byField }
}

export function zodToFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }))
}

export type FormBody = Record<string, string | string[] | undefined>

export function text(body: FormBody, name: string): string {
  const v = body[name]
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? ''
}

/** Reads a GOV.UK date input (`name-day`, `name-month`, `name-year`). */
export function readDateInput(
  body: FormBody,
  name: string,
  label: string,
  required: boolean,
): { value: string | null; error?: string; parts: { day: string; month: string; year: string } } {
  const parts = {
    day: text(body, `${name}-day`),
    month: text(body, `${name}-month`),
    year: text(body, `${name}-year`),
  }
  const given = [parts.day, parts.month, parts.year].filter(Boolean).length
  if (given === 0)
    return required ? { value: null, error: `Enter the ${label}`, parts } : { value: null, parts }
  const missing = (['day', 'month', 'year'] as const).filter((k) => !parts[k])
  if (missing.length)
    return { value: null, error: `The ${label} must include a ${missing.join(' and ')}`, parts }
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year))
    return { value: null, error: `The ${label} must be a real date`, parts }
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`
  if (!isIsoDate(iso)) return { value: null, error: `The ${label} must be a real date`, parts }
  return { value: iso, parts }
}

export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  if (!iso) return { day: '', month: '', year: '' }
  const [y, m, d] = iso.split('-')
  return { day: String(Number(d)), month: String(Number(m)), year: y ?? '' }
}

export type DateParts = { day: string; month: string; year: string }

/**
 * Collects the problems with one form: what the page found while reading it and what the service
 * refused, each linked to its input. `fieldIds` maps an API path to the input id (`startDate` →
 * `startDate-day`); a date read here links to its first missing part instead.
 */
export class FormProblems {
  readonly errors: FieldError[] = []
  private readonly ids: Record<string, string>

  constructor(fieldIds: Record<string, string> = {}) {
    this.ids = { ...fieldIds }
  }

  add(path: string, message: string, id?: string): void {
    if (id) this.ids[path] = id
    this.errors.push({ path, message })
  }

  /** Points errors at `path` (from here or the service) to the input `id`. */
  link(path: string, id: string): void {
    this.ids[path] = id
  }

  addAll(errors: FieldError[], rewrite?: (e: FieldError) => FieldError): void {
    for (const e of errors) this.errors.push(rewrite ? rewrite(e) : e)
  }

  has(path?: string): boolean {
    return path === undefined ? this.errors.length > 0 : this.errors.some((e) => e.path === path)
  }

  /** Reads a GOV.UK date input named `name`; records its error and returns the ISO date or null. */
  date(
    body: FormBody,
    name: string,
    label: string,
    required: boolean,
  ): { value: string | null; parts: DateParts } {
    const read = readDateInput(body, name, label, required)
    if (read.error) {
      const part = (['day', 'month', 'year'] as const).find((k) => !read.parts[k]) ?? 'day'
      this.add(name, read.error, `${name}-${part}`)
    }
    return { value: read.value, parts: read.parts }
  }

  list(): ErrorList {
    return toErrorList(this.errors, this.ids)
  }
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
