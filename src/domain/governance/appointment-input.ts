import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import { overlongFields, type TextProblem } from '../input/text-limits.js'
import { isDesignatedRole, type DesignatedRole } from './roles.js'

/** An appointment as a form or the API gives it, before it is checked. */
export type AppointmentInput = {
  role: string
  personName: string
  email?: string | null | undefined
  userId?: string | null | undefined
  startDate: IsoDate | null
  endDate?: IsoDate | null | undefined
  hasQts?: boolean | null | undefined
  inductionCompleted?: boolean | null | undefined
  onLeadershipTeam?: boolean | null | undefined
  timeAllocated?: string | null | undefined
  notes?: string | null | undefined
}

export type CheckedAppointment = {
  role: DesignatedRole
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
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** Appointments are for the school years Harbour reports on; a year like 0202 is a slip of the keyboard. */
const EARLIEST = '2000-01-01'

export function checkEndDate(startDate: IsoDate, endDate: IsoDate | null): TextProblem | null {
  if (endDate === null) return null
  if (!isIsoDate(endDate)) return { path: 'endDate', message: 'The end date must be a real date' }
  if (endDate < startDate)
    return {
      path: 'endDate',
      message: `The end date must be the same as or after the start date, ${formatDate(startDate)}`,
    }
  return null
}

/**
 * Checks an appointment's details. For the designated teacher the three DT-1 and POL-2 questions
 * must be answered yes or no: the answer may be no (the register flags it), but not left out.
 */
export function checkAppointment(
  input: AppointmentInput,
): { ok: true; value: CheckedAppointment } | { ok: false; errors: TextProblem[] } {
  const errors: TextProblem[] = []
  const role = isDesignatedRole(input.role) ? input.role : null
  if (!role) errors.push({ path: 'role', message: 'Choose the role' })
  const personName = input.personName.trim()
  if (!personName) errors.push({ path: 'personName', message: 'Enter the name of the person appointed' })
  const email = input.email?.trim() || null
  if (email && !EMAIL.test(email))
    errors.push({
      path: 'email',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  const startDate = input.startDate
  if (!startDate) errors.push({ path: 'startDate', message: 'Enter the date the appointment starts' })
  else if (!isIsoDate(startDate) || startDate < EARLIEST)
    errors.push({ path: 'startDate', message: 'The start date must be a real date, from 2000 onwards' })
  const endDate = input.endDate ?? null
  const endProblem = startDate && isIsoDate(startDate) ? checkEndDate(startDate, endDate) : null
  if (endProblem) errors.push(endProblem)
  const isDt = role === 'designated_teacher'
  if (isDt) {
    const name = personName || 'the designated teacher'
    const ask = (path: string, value: boolean | null | undefined, question: string) => {
      if (value !== true && value !== false) errors.push({ path, message: `Say whether ${name} ${question}` })
    }
    ask('hasQts', input.hasQts, 'has qualified teacher status')
    ask('inductionCompleted', input.inductionCompleted, 'has completed induction')
    ask('onLeadershipTeam', input.onLeadershipTeam, 'is on the leadership team')
  }
  errors.push(
    ...overlongFields([
      { path: 'personName', label: 'The name', value: personName, kind: 'name' },
      { path: 'email', label: 'The email address', value: email, kind: 'email' },
      {
        path: 'timeAllocated',
        label: 'The time allocated',
        value: input.timeAllocated?.trim(),
        kind: 'shortText',
      },
      { path: 'notes', label: 'The notes', value: input.notes?.trim(), kind: 'note' },
    ]),
  )
  if (errors.length || !role || !startDate) return { ok: false, errors }
  return {
    ok: true,
    value: {
      role,
      personName,
      email,
      userId: input.userId || null,
      startDate,
      endDate,
      // The DT's standing is asked of the DT only (DT-1, POL-2); for other roles it is not kept.
      hasQts: isDt ? (input.hasQts ?? null) : null,
      inductionCompleted: isDt ? (input.inductionCompleted ?? null) : null,
      onLeadershipTeam: isDt ? (input.onLeadershipTeam ?? null) : null,
      timeAllocated: isDt ? input.timeAllocated?.trim() || null : null,
      notes: input.notes?.trim() || null,
    },
  }
}
