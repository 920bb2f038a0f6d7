/** The "at risk of suspension" form (issue 6 item 2; DOMAIN.md PD-7, POL-18 to POL-23). */
import type { IsoDate } from '../../../../../domain/calendar/dates.js'
import type { FieldError } from '../../../../../services/errors.js'
import { consentOf, type PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import type { AtRiskInput } from '../../../../../services/suspension-risk.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../forms.js'
import { listOf, readDate } from '../shared.js'

type AtRiskRow = PupilSuspensions['atRisk']['history'][number]

export type AtRiskValues = {
  openedOn: DateParts
  concern: string
  vsDate: DateParts
  vsWith: string
  vsAdvice: string
  parentDate: DateParts
  parentWith: string
  consent: boolean
  alternatives: string[]
  alternativesOther: string
  sendAdjustments: string
}

export function atRiskValues(row: AtRiskRow | null, today: IsoDate): AtRiskValues {
  const vs = row?.vsConsultation ?? null
  const parents = row?.parentConversation ?? null
  return {
    openedOn: dateParts(row?.openedOn ?? today),
    concern: row?.concern ?? '',
    vsDate: dateParts(vs?.date ?? null),
    vsWith: vs?.with ?? '',
    vsAdvice: vs?.advice ?? '',
    parentDate: dateParts(parents?.date ?? null),
    parentWith: parents?.with ?? '',
    consent: consentOf(parents),
    alternatives: row?.alternativesTried ?? [],
    alternativesOther: row?.otherAlternatives ?? '',
    sendAdjustments: row?.sendAdjustments ?? '',
  }
}

const given = (d: DateParts, ...more: string[]) => [d.day, d.month, d.year, ...more].some((p) => p !== '')

/** Reads the form; `rewrite` points the service's errors at the inputs (a date at its day, a box at the list). */
export function readAtRiskForm(body: FormBody, withOpenedOn: boolean) {
  const problems = new FormProblems({
    concern: 'concern',
    alternativesOther: 'alternativesOther',
    sendAdjustments: 'sendAdjustments',
    vsConsultation: 'vsConsultation-date-day',
    'vsConsultation.with': 'vsConsultation-with',
    'vsConsultation.advice': 'vsConsultation-advice',
    'parentConversation.with': 'parentConversation-with',
    alternatives: 'alternatives',
  })
  const opened = withOpenedOn ? readDate(body, problems, 'openedOn', 'date they became at risk', true) : null
  const vsDate = readDate(
    body,
    problems,
    'vsConsultation-date',
    'date you spoke to the Virtual School',
    false,
  )
  const parentDate = readDate(
    body,
    problems,
    'parentConversation-date',
    'date you spoke to the parents',
    false,
  )
  const values: AtRiskValues = {
    openedOn: opened?.parts ?? dateParts(null),
    concern: text(body, 'concern'),
    vsDate: vsDate.parts,
    vsWith: text(body, 'vsConsultation-with'),
    vsAdvice: text(body, 'vsConsultation-advice'),
    parentDate: parentDate.parts,
    parentWith: text(body, 'parentConversation-with'),
    consent: text(body, 'parentConsentToVirtualSchool') === 'yes',
    alternatives: listOf(body, 'alternatives'),
    alternativesOther: text(body, 'alternativesOther'),
    sendAdjustments: text(body, 'sendAdjustments'),
  }
  const vsGiven = given(values.vsDate, values.vsWith, values.vsAdvice)
  if (vsGiven && !vsDate.iso && !problems.has('vsConsultation-date'))
    problems.add(
      'vsConsultation-date',
      'Enter the date you spoke to the Virtual School',
      'vsConsultation-date-day',
    )
  const parentsGiven = given(values.parentDate, values.parentWith)
  if (parentsGiven && !parentDate.iso && !problems.has('parentConversation-date'))
    problems.add(
      'parentConversation-date',
      'Enter the date you spoke to the parents or guardians',
      'parentConversation-date-day',
    )
  const input: AtRiskInput = {
    ...(opened?.iso ? { openedOn: opened.iso } : {}),
    concern: values.concern,
    vsConsultation: vsGiven
      ? { date: vsDate.iso ?? '', with: values.vsWith, advice: values.vsAdvice || undefined }
      : null,
    parentConversation: parentsGiven
      ? { date: parentDate.iso ?? '', with: values.parentWith || undefined }
      : null,
    parentConsentToVirtualSchool: values.consent,
    alternatives: values.alternatives,
    alternativesOther: values.alternativesOther || null,
    sendAdjustments: values.sendAdjustments || null,
  }
  const rewrite = (e: FieldError): FieldError => {
    if (/^alternatives\.\d+$/.test(e.path)) return { ...e, path: 'alternatives' }
    if (e.path === 'vsConsultation.date') return { ...e, path: 'vsConsultation-date' }
    if (e.path === 'parentConversation.date') return { ...e, path: 'parentConversation-date' }
    return e
  }
  return { values, input, problems, rewrite }
}
