import type { PupilInput } from '../../../services/pupils.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../forms.js'

/** Where each service error path points on the pupil form. */
export const PUPIL_FIELD_IDS: Record<string, string> = {
  dateOfBirth: 'dateOfBirth-day',
  enrolledOn: 'enrolledOn-day',
}

export const SEN_PROVISIONS = [
  { value: 'N', text: 'No special educational needs' },
  { value: 'K', text: 'SEN support' },
  { value: 'E', text: 'Education, health and care (EHC) plan' },
] as const

export const SEN_LABELS: Record<string, string> = Object.fromEntries(
  SEN_PROVISIONS.map((s) => [s.value, s.text]),
)

/** Nursery (-1), Reception (0) and Years 1 to 14, as the select offers them. */
export const YEAR_GROUPS = Array.from({ length: 16 }, (_, i) => i - 1)

export type PupilFormValues = {
  upn: string
  givenName: string
  familyName: string
  preferredName: string
  dateOfBirth: DateParts
  yearGroup: string
  senProvision: string
  enrolledOn: DateParts
  schoolUrn: string
  version: string
}

export function valuesFromPupil(p: {
  upn: string
  givenName: string
  familyName: string
  preferredName: string | null
  dateOfBirth: string
  yearGroup: number | null
  senProvision: string
  enrolledOn: string | null
  schoolUrn?: string | undefined
  version: number
}): PupilFormValues {
  return {
    upn: p.upn,
    givenName: p.givenName,
    familyName: p.familyName,
    preferredName: p.preferredName ?? '',
    dateOfBirth: dateParts(p.dateOfBirth),
    yearGroup: p.yearGroup === null ? '' : String(p.yearGroup),
    senProvision: p.senProvision,
    enrolledOn: dateParts(p.enrolledOn),
    schoolUrn: p.schoolUrn ?? '',
    version: String(p.version),
  }
}

export const emptyPupilValues = (schoolUrn = ''): PupilFormValues => ({
  ...valuesFromPupil({
    upn: '',
    givenName: '',
    familyName: '',
    preferredName: null,
    dateOfBirth: '',
    yearGroup: null,
    senProvision: 'N',
    enrolledOn: null,
    version: 0,
  }),
  schoolUrn,
})

/** Reads the posted form: what the service needs, what to show again, and what is wrong so far. */
export function readPupilForm(body: FormBody) {
  const problems = new FormProblems(PUPIL_FIELD_IDS)
  const dob = problems.date(body, 'dateOfBirth', 'date of birth', true)
  const enrolled = problems.date(body, 'enrolledOn', 'enrolment date', false)
  const yearGroupText = text(body, 'yearGroup')
  const yearGroup = yearGroupText === '' ? null : Number(yearGroupText)
  if (yearGroup !== null && !YEAR_GROUPS.includes(yearGroup))
    problems.add('yearGroup', 'Choose a year group from the list')
  const sen = text(body, 'senProvision')
  if (!SEN_PROVISIONS.some((s) => s.value === sen))
    problems.add('senProvision', 'Choose the pupil’s special educational needs provision')
  const values: PupilFormValues = {
    upn: text(body, 'upn'),
    givenName: text(body, 'givenName'),
    familyName: text(body, 'familyName'),
    preferredName: text(body, 'preferredName'),
    dateOfBirth: dob.parts,
    yearGroup: yearGroupText,
    senProvision: sen,
    enrolledOn: enrolled.parts,
    schoolUrn: text(body, 'schoolUrn'),
    version: text(body, 'version'),
  }
  const input: PupilInput = {
    upn: values.upn,
    givenName: values.givenName,
    familyName: values.familyName,
    preferredName: values.preferredName || null,
    dateOfBirth: dob.value ?? '',
    yearGroup,
    senProvision: sen as 'N' | 'K' | 'E',
    enrolledOn: enrolled.value,
  }
  return { input, values, problems }
}
