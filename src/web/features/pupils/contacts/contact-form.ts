import { CONTACT_ROLE_LABELS, type ContactInput } from '../../../../services/contacts.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../forms.js'

export const CONTACT_FIELD_IDS: Record<string, string> = { fromDate: 'fromDate-day', toDate: 'toDate-day' }

export const CONTACT_ROLE_CHOICES = Object.entries(CONTACT_ROLE_LABELS).map(([value, label]) => ({
  value,
  text: label,
}))

export type ContactFormValues = {
  role: string
  name: string
  organisation: string
  email: string
  phone: string
  fromDate: DateParts
  toDate: DateParts
  version: string
}

export function valuesFromContact(c: {
  role: string
  name: string
  organisation: string | null
  email: string | null
  phone: string | null
  fromDate: string | null
  toDate: string | null
  version: number
}): ContactFormValues {
  return {
    role: c.role,
    name: c.name,
    organisation: c.organisation ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
    fromDate: dateParts(c.fromDate),
    toDate: dateParts(c.toDate),
    version: String(c.version),
  }
}

export const emptyContactValues = (): ContactFormValues =>
  valuesFromContact({
    role: '',
    name: '',
    organisation: null,
    email: null,
    phone: null,
    fromDate: null,
    toDate: null,
    version: 0,
  })

export function readContactForm(body: FormBody) {
  const problems = new FormProblems(CONTACT_FIELD_IDS)
  const from = problems.date(body, 'fromDate', 'date they started', false)
  const to = problems.date(body, 'toDate', 'date they stopped', false)
  const values: ContactFormValues = {
    role: text(body, 'role'),
    name: text(body, 'name'),
    organisation: text(body, 'organisation'),
    email: text(body, 'email'),
    phone: text(body, 'phone'),
    fromDate: from.parts,
    toDate: to.parts,
    version: text(body, 'version'),
  }
  const input: ContactInput = {
    role: values.role as ContactInput['role'],
    name: values.name,
    organisation: values.organisation || null,
    email: values.email || null,
    phone: values.phone || null,
    fromDate: from.value,
    toDate: to.value,
  }
  return { input, values, problems }
}
