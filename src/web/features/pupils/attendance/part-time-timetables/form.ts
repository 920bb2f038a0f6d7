import type { AttendanceFormContext } from '../../../../../services/attendance-views.service.js'
import type { PartTimeTimetableInput } from '../../../../../services/part-time-timetables.service.js'
import { FormProblems, type DateParts, type FormBody } from '../../../../forms.js'
import { dateParts, readDate, text } from '../form-helpers.js'

type PartTimeTimetableRow = AttendanceFormContext['partTimeTimetables'][number]

export type TimetableValues = {
  reason: string
  arrangement: string
  startDate: DateParts
  reviewDate: DateParts
  endDate: DateParts
  agreedWithParentsOn: DateParts
  agreedWithVirtualSchoolOn: DateParts
  virtualSchoolContact: string
  agreedWithSocialWorkerOn: DateParts
}

export function timetableValues(t?: PartTimeTimetableRow): TimetableValues {
  return {
    reason: t?.reason ?? '',
    arrangement: t?.arrangement ?? '',
    startDate: dateParts(t?.startDate),
    reviewDate: dateParts(t?.reviewDate),
    endDate: dateParts(t?.endDate),
    agreedWithParentsOn: dateParts(t?.agreedWithParentsOn),
    agreedWithVirtualSchoolOn: dateParts(t?.agreedWithVirtualSchoolOn),
    virtualSchoolContact: t?.virtualSchoolContact ?? '',
    agreedWithSocialWorkerOn: dateParts(t?.agreedWithSocialWorkerOn),
  }
}

/**
 * Reads the timetable form (DOMAIN.md ATT-16). The agreement dates are optional here: the service says which
 * are needed (the parents' always; the Virtual School's and the social worker's for a looked-after child).
 * `mayCallService` is false when an optional date could not be read (sent blank, it would be saved as none), or
 * the start date (the service needs it to tell whether the child is looked after).
 */
export function readTimetableForm(body: FormBody) {
  const problems = new FormProblems({ reason: 'reason', arrangement: 'arrangement' })
  const date = (name: string, label: string, required: boolean) =>
    readDate(body, problems, name, label, required)
  const startDate = date('startDate', 'start date', true)
  const reviewDate = date('reviewDate', 'review date', true)
  const endDate = date('endDate', 'end date', true)
  const parents = date('agreedWithParentsOn', 'date the parents or carers agreed', false)
  const virtualSchool = date('agreedWithVirtualSchoolOn', 'date the Virtual School agreed', false)
  const socialWorker = date('agreedWithSocialWorkerOn', 'date the social worker agreed', false)
  const values: TimetableValues = {
    reason: text(body, 'reason'),
    arrangement: text(body, 'arrangement'),
    startDate: startDate.parts,
    reviewDate: reviewDate.parts,
    endDate: endDate.parts,
    agreedWithParentsOn: parents.parts,
    agreedWithVirtualSchoolOn: virtualSchool.parts,
    virtualSchoolContact: text(body, 'virtualSchoolContact'),
    agreedWithSocialWorkerOn: socialWorker.parts,
  }
  const input: PartTimeTimetableInput = {
    reason: values.reason,
    arrangement: values.arrangement,
    startDate: startDate.iso,
    reviewDate: reviewDate.iso,
    endDate: endDate.iso,
    agreedWithParentsOn: parents.iso || null,
    agreedWithVirtualSchoolOn: virtualSchool.iso || null,
    virtualSchoolContact: values.virtualSchoolContact || null,
    agreedWithSocialWorkerOn: socialWorker.iso || null,
  }
  // The service works out from the start date whether the child is looked after, so it needs a real one.
  const mayCallService = !startDate.unreadable && !virtualSchool.unreadable && !socialWorker.unreadable
  return { values, input, problems, mayCallService }
}
