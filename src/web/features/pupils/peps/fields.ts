import { formatDate } from '../../../../domain/calendar/dates.js'
import {
  dateParts,
  readDateInput,
  text,
  type DateParts,
  type FormBody,
  type FormProblems,
} from '../../../forms.js'

/**
 * The PEP form's fields, described once and used to read a section's form, render it, show it on "Check your
 * answers" and echo what someone typed when their save was refused (409). A field's `path` is the service's error
 * path (`childVoice.ownWords`); its inputs are named and identified by the path with dashes (`childVoice-ownWords`).
 */
export type Option = { value: string; text: string; hint?: string }

export type Field =
  | { kind: 'text' | 'textarea'; path: string; label: string; hint?: string; max: number }
  | { kind: 'radios'; path: string; label: string; hint?: string; options: readonly Option[] }
  | { kind: 'date'; path: string; label: string; hint?: string; required: boolean }
  | { kind: 'number'; path: string; label: string; hint?: string; max: number; suffix: string }
  | { kind: 'checkbox'; path: string; label: string; hint?: string }
  /** Not an input: a heading (and hint) above the fields that follow. */
  | { kind: 'heading'; text: string; hint?: string }

export type InputField = Exclude<Field, { kind: 'heading' }>
export type FieldValue = string | number | boolean | null | undefined
/** What a form shows in its inputs: text as typed, a date as its three parts, a checkbox as a boolean. */
export type FormValue = string | boolean | DateParts

export const idOf = (path: string) => path.replace(/\./g, '-')

export const inputsOf = (fields: readonly Field[]): InputField[] =>
  fields.filter((f): f is InputField => f.kind !== 'heading')

/** The value at a dotted path of a plain object (the PEP's content with its dates, phase and consent). */
export function valueAt(model: Record<string, unknown>, path: string): unknown {
  let at: unknown = model
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<string, unknown>)[key]
  }
  return at
}

/** Sets a dotted path, creating the objects on the way. */
export function setAt(model: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  let at = model
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {}
    at = at[key] as Record<string, unknown>
  }
  at[keys[keys.length - 1]!] = value
}

/** The form values a section shows for what is held. */
export function formValuesOf(fields: readonly Field[], model: Record<string, unknown>) {
  const values: Record<string, FormValue> = {}
  for (const f of inputsOf(fields)) {
    const v = valueAt(model, f.path)
    if (f.kind === 'date') values[idOf(f.path)] = dateParts(typeof v === 'string' ? v : null)
    else if (f.kind === 'checkbox') values[idOf(f.path)] = v === true
    else values[idOf(f.path)] = textOf(v) ?? ''
  }
  return values
}

/** Reads one date input, linking its error (and the service's, at the same path) to its first missing part. */
export function readDate(
  body: FormBody,
  path: string,
  label: string,
  required: boolean,
  problems: FormProblems,
): { value: string | null; parts: DateParts } {
  const id = idOf(path)
  const read = readDateInput(body, id, label.toLowerCase(), required)
  problems.link(path, `${id}-day`)
  if (read.error) {
    const part = (['day', 'month', 'year'] as const).find((k) => !read.parts[k]) ?? 'day'
    problems.add(path, read.error, `${id}-${part}`)
  }
  return { value: read.value, parts: read.parts }
}

export function tooLong(label: string, max: number): string {
  return `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`
}

/** Reads a section's fields: the values for the service (by path) and for showing the form again (by id). */
export function readFields(body: FormBody, fields: readonly Field[], problems: FormProblems) {
  const read: Record<string, FieldValue> = {}
  const values: Record<string, FormValue> = {}
  for (const f of inputsOf(fields)) {
    const id = idOf(f.path)
    problems.link(f.path, id)
    switch (f.kind) {
      case 'text':
      case 'textarea': {
        const v = text(body, id)
        values[id] = v
        if (v.length > f.max) problems.add(f.path, tooLong(f.label, f.max))
        read[f.path] = v || undefined
        break
      }
      case 'radios': {
        const v = text(body, id)
        values[id] = v
        if (v && !f.options.some((o) => o.value === v))
          problems.add(f.path, `Choose one of the options for “${f.label}”`)
        read[f.path] = v || undefined
        break
      }
      case 'date': {
        const d = readDate(body, f.path, f.label, f.required, problems)
        values[id] = d.parts
        read[f.path] = d.value
        break
      }
      case 'number': {
        const v = text(body, id)
        values[id] = v
        const n = Number(v)
        if (v && (!/^\d+(\.\d+)?$/.test(v) || n > f.max))
          problems.add(f.path, `${f.label} must be a number from 0 to ${f.max}`)
        read[f.path] = v && Number.isFinite(n) ? n : undefined
        break
      }
      case 'checkbox': {
        const v = text(body, id) === 'yes'
        values[id] = v
        read[f.path] = v
        break
      }
    }
  }
  return { read, values }
}

/** A held value as text: strings and numbers only (content is JSON the API may have written). */
export function textOf(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null
}

const shown = (v: unknown) => v !== undefined && v !== null && v !== ''

/** A field's value as words, for "Check your answers" and the PEP itself. */
export function displayValue(f: InputField, v: unknown): string {
  if (f.kind === 'checkbox') return v === true ? 'Yes' : 'No'
  const t = textOf(v)
  if (!t) return 'Not given'
  switch (f.kind) {
    case 'radios':
      return f.options.find((o) => o.value === t)?.text ?? t
    case 'date':
      return formatDate(t)
    case 'number':
      return `${t} ${f.suffix}`
    case 'text':
    case 'textarea':
      return t
  }
}

export function isAnswered(f: InputField, v: unknown): boolean {
  return f.kind === 'checkbox' ? v === true : shown(v)
}
