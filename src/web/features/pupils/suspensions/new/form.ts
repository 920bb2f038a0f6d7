/** The record-a-suspension form (issue 6 item 3): read, kept between its pages, and turned into the input. */
import type { Day6Exception } from '../../../../../domain/exclusions/day-six.js'
import type { FieldError } from '../../../../../services/errors.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import type { SuspensionInput } from '../../../../../services/suspensions.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../forms.js'
import { listOf, readDate } from '../shared.js'

export type SuspensionKind = 'days' | 'lunchtime' | 'permanent'

export type SuspensionFormValues = {
  startDate: DateParts
  kind: string
  days: string
  reasons: string[]
  details: string
  vsDate: DateParts
  vsWith: string
  vsAdvice: string
  parentDate: DateParts
  parentWith: string
  overrideReason: string
  examDate: DateParts
  day6Exception: string
}

declare module 'fastify' {
  interface Session {
    /** The record-a-suspension form between its page and "Check your answers", for one pupil. */
    suspensionDraft?: { pupilId: string; values: SuspensionFormValues }
  }
}

export const DAY6_EXCEPTIONS: ReadonlyArray<{ value: Day6Exception; text: string }> = [
  {
    value: 'year_11_exams_over',
    text: 'Not needed: a Year 11 pupil who has taken or missed all their public exams',
  },
  { value: 'plan_specifies_fewer_hours', text: 'Needed for fewer hours: the pupil’s plan says so' },
]

/** A new form: the Virtual School's advice from the at-risk record, when there is one (PD-7). */
export function blankValues(page: PupilSuspensions): SuspensionFormValues {
  const vs = page.atRisk.open?.vsConsultation ?? null
  const parents = page.atRisk.open?.parentConversation ?? null
  return {
    startDate: dateParts(null),
    kind: '',
    days: '',
    reasons: [],
    details: '',
    vsDate: dateParts(vs?.date ?? null),
    vsWith: vs?.with ?? '',
    vsAdvice: vs?.advice ?? '',
    parentDate: dateParts(parents?.date ?? null),
    parentWith: parents?.with ?? '',
    overrideReason: '',
    examDate: dateParts(null),
    day6Exception: '',
  }
}

/** The values of a submitted form, as typed. */
export function valuesOf(body: FormBody): SuspensionFormValues {
  const parts = (name: string): DateParts => ({
    day: text(body, `${name}-day`),
    month: text(body, `${name}-month`),
    year: text(body, `${name}-year`),
  })
  return {
    startDate: parts('startDate'),
    kind: text(body, 'kind'),
    days: text(body, 'days'),
    reasons: listOf(body, 'reasons'),
    details: text(body, 'details'),
    vsDate: parts('vsConsultation-date'),
    vsWith: text(body, 'vsConsultation-with'),
    vsAdvice: text(body, 'vsConsultation-advice'),
    parentDate: parts('parentConversation-date'),
    parentWith: text(body, 'parentConversation-with'),
    overrideReason: text(body, 'overrideReason'),
    examDate: parts('publicExamMissed'),
    day6Exception: text(body, 'day6Exception'),
  }
}

/** The values back as the form would send them, to be read again (from the session). */
function asBody(v: SuspensionFormValues): FormBody {
  const body: FormBody = {}
  const date = (name: string, d: DateParts) => {
    body[`${name}-day`] = d.day
    body[`${name}-month`] = d.month
    body[`${name}-year`] = d.year
  }
  date('startDate', v.startDate)
  date('vsConsultation-date', v.vsDate)
  date('parentConversation-date', v.parentDate)
  date('publicExamMissed', v.examDate)
  Object.assign(body, {
    kind: v.kind,
    days: v.days,
    reasons: v.reasons,
    details: v.details,
    'vsConsultation-with': v.vsWith,
    'vsConsultation-advice': v.vsAdvice,
    'parentConversation-with': v.parentWith,
    overrideReason: v.overrideReason,
    day6Exception: v.day6Exception,
  })
  return body
}

const hasAny = (...parts: string[]) => parts.some((p) => p !== '')
const anyDate = (d: DateParts) => hasAny(d.day, d.month, d.year)

/**
 * Reads the form into the service's input, with the problems the page finds itself (a date it cannot read,
 * the kind not chosen, days that are not a number). `rewrite` points the service's errors at the inputs.
 */
export function readSuspensionForm(values: SuspensionFormValues) {
  const body = asBody(values)
  const problems = new FormProblems({
    kind: 'kind',
    lunchtime: 'kind',
    reasons: 'reasons',
    details: 'details',
    overrideReason: 'overrideReason',
    day6Exception: 'day6Exception',
    vsConsultation: 'vsConsultation-date-day',
    'vsConsultation.with': 'vsConsultation-with',
    'vsConsultation.advice': 'vsConsultation-advice',
    parentConversation: 'parentConversation-date-day',
    'parentConversation.with': 'parentConversation-with',
  })
  const start = readDate(body, problems, 'startDate', 'start date', true)
  const kind = values.kind as SuspensionKind
  if (!['days', 'lunchtime', 'permanent'].includes(values.kind))
    problems.add(
      'kind',
      'Choose whether this is a suspension for a number of days, a lunchtime or a permanent exclusion',
    )
  // The days are asked only for a suspension of days: elsewhere an error about them belongs to the kind.
  problems.link('days', kind === 'days' ? 'days' : 'kind')
  let days: number | undefined
  if (kind === 'days') {
    if (values.days === '') problems.add('days', 'Enter how many school days the suspension is for')
    else if (!/^\d+(\.\d+)?$/.test(values.days))
      problems.add('days', 'Enter the number of school days as a number, like 3 or 2.5')
    else days = Number(values.days)
  }

  let vsConsultation: SuspensionInput['vsConsultation'] = null
  if (anyDate(values.vsDate) || hasAny(values.vsWith, values.vsAdvice)) {
    const date = readDate(body, problems, 'vsConsultation-date', 'date you spoke to the Virtual School', true)
    vsConsultation = { date: date.iso ?? '', with: values.vsWith, advice: values.vsAdvice || undefined }
  }
  let parentConversation: SuspensionInput['parentConversation'] = null
  if (anyDate(values.parentDate) || hasAny(values.parentWith)) {
    const date = readDate(body, problems, 'parentConversation-date', 'date you spoke to the parents', true)
    parentConversation = { date: date.iso ?? '', with: values.parentWith || undefined }
  }
  const exam = readDate(body, problems, 'publicExamMissed', 'date of the exam or test', false)
  const day6Exception = DAY6_EXCEPTIONS.some((e) => e.value === values.day6Exception)
    ? (values.day6Exception as Day6Exception)
    : null

  const input: SuspensionInput = {
    category: kind === 'permanent' ? 'PERM' : 'SUSP',
    startDate: start.iso ?? '',
    ...(kind === 'lunchtime' ? { lunchtime: true, days: 0.5 } : { lunchtime: false }),
    ...(days !== undefined ? { days } : {}),
    reasons: values.reasons,
    details: values.details || null,
    vsConsultation,
    parentConversation,
    overrideReason: values.overrideReason || null,
    publicExamMissed: exam.iso,
    day6Exception,
  }
  // Errors about the form's own paths (a date it read) keep them; the service's dotted paths become ids.
  const rewrite = (e: FieldError): FieldError => {
    if (/^reasons\.\d+$/.test(e.path)) return { ...e, path: 'reasons' }
    if (e.path === 'vsConsultation.date') return { ...e, path: 'vsConsultation-date' }
    if (e.path === 'parentConversation.date') return { ...e, path: 'parentConversation-date' }
    return e
  }
  return { input, problems, rewrite }
}
