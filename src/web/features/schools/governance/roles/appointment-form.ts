import type { FastifyReply, FastifyRequest } from 'fastify'
import { isRole, ROLE_LABELS } from '../../../../../domain/access/roles.js'
import { maxIso, schoolYearOf, type IsoDate } from '../../../../../domain/calendar/dates.js'
import { checkAppointment } from '../../../../../domain/governance/appointment-input.js'
import { DESIGNATED_ROLE_NAMES, DESIGNATED_ROLES } from '../../../../../domain/governance/roles.js'
import type { AppointmentInput } from '../../../../../services/governance.service.js'
import { schoolPeople } from '../../../../../services/governance.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../../forms.js'
import { renderPage } from '../../../../render.js'

/** What the appointment form shows: as typed, so a refused form comes back as it was sent. */
export type AppointmentValues = {
  role: string
  personName: string
  email: string
  userId: string
  startDate: DateParts
  endDate: DateParts
  hasQts: string
  inductionCompleted: string
  onLeadershipTeam: string
  timeAllocated: string
  notes: string
}

export const EMPTY_APPOINTMENT: AppointmentValues = {
  role: '',
  personName: '',
  email: '',
  userId: '',
  startDate: dateParts(null),
  endDate: dateParts(null),
  hasQts: '',
  inductionCompleted: '',
  onLeadershipTeam: '',
  timeAllocated: '',
  notes: '',
}

const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no')
const fromYesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : null)

export function valuesOf(a: {
  role: string
  personName: string
  email: string | null
  userId: string | null
  startDate: IsoDate
  endDate: IsoDate | null
  hasQts: boolean | null
  inductionCompleted: boolean | null
  onLeadershipTeam: boolean | null
  timeAllocated: string | null
  notes: string | null
}): AppointmentValues {
  return {
    role: a.role,
    personName: a.personName,
    email: a.email ?? '',
    userId: a.userId ?? '',
    startDate: dateParts(a.startDate),
    endDate: dateParts(a.endDate),
    hasQts: yesNo(a.hasQts),
    inductionCompleted: yesNo(a.inductionCompleted),
    onLeadershipTeam: yesNo(a.onLeadershipTeam),
    timeAllocated: a.timeAllocated ?? '',
    notes: a.notes ?? '',
  }
}

/** Reads the form; dates that are not real dates are problems here, the rest the service checks. */
export function readAppointmentForm(body: FormBody) {
  const problems = new FormProblems({ role: 'role', startDate: 'startDate-day', endDate: 'endDate-day' })
  const start = problems.date(body, 'startDate', 'start date', true)
  const end = problems.date(body, 'endDate', 'end date', false)
  const values: AppointmentValues = {
    role: text(body, 'role'),
    personName: text(body, 'personName'),
    email: text(body, 'email'),
    userId: text(body, 'userId'),
    startDate: start.parts,
    endDate: end.parts,
    hasQts: text(body, 'hasQts'),
    inductionCompleted: text(body, 'inductionCompleted'),
    onLeadershipTeam: text(body, 'onLeadershipTeam'),
    timeAllocated: text(body, 'timeAllocated'),
    notes: text(body, 'notes'),
  }
  const input: AppointmentInput = {
    role: values.role,
    personName: values.personName,
    email: values.email || null,
    userId: values.userId || null,
    startDate: start.value,
    endDate: end.value,
    hasQts: fromYesNo(values.hasQts),
    inductionCompleted: fromYesNo(values.inductionCompleted),
    onLeadershipTeam: fromYesNo(values.onLeadershipTeam),
    timeAllocated: values.timeAllocated || null,
    notes: values.notes || null,
  }
  // A date that is not a real date stops the form here: say at once what else is wrong with it too.
  if (problems.has()) {
    const checked = checkAppointment(input)
    if (!checked.ok) problems.addAll(checked.errors.filter((e) => !problems.has(e.path)))
  }
  return { values, input, problems }
}

/** The school year to show after saving: the one the appointment is in now, or starts or ended in. */
export function yearToShow(a: { startDate: IsoDate; endDate: IsoDate | null }, today: IsoDate): number {
  const day = a.endDate && a.endDate < today ? a.endDate : maxIso(a.startDate, today)
  return Math.min(schoolYearOf(day), schoolYearOf(today) + 1)
}

export async function showAppointmentForm(
  request: FastifyRequest,
  reply: FastifyReply,
  page: { title: string; action: string; back: string; submit: string; version?: number },
  school: { urn: string; name: string },
  values: AppointmentValues,
  problems?: FormProblems,
) {
  const people = await schoolPeople(request.server.harbour.ctx, request.actor!, school.urn)
  return renderPage(
    request,
    reply,
    'schools/governance/roles/appointment-form.njk',
    {
      ...page,
      school,
      values,
      errors: problems?.has() ? problems.list() : undefined,
      roles: DESIGNATED_ROLES.map((r) => ({ value: r, text: DESIGNATED_ROLE_NAMES[r].label })),
      people: people.map((p) => ({
        value: p.id,
        text: `${p.name} (${isRole(p.role) ? ROLE_LABELS[p.role] : p.role})`,
      })),
    },
    problems?.has() ? 422 : 200,
  )
}
