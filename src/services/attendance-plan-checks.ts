import { formatDate, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { FieldError } from './errors.js'

// What an attendance support plan, a part-time timetable (DOMAIN.md ATT-16) and a placement-move adjustment
// (POL-17) must hold before they are saved. Messages follow the GOV.UK error pattern.

export type SupportPlanAction = { action: string; who: string; by: IsoDate }

export type SupportPlanInput = {
  concern: string
  actions: SupportPlanAction[]
  peopleInvolved: string[]
  startedOn: IsoDate
  reviewDate: IsoDate
}

export type PartTimeTimetableInput = {
  reason: string
  arrangement: string
  startDate: IsoDate
  reviewDate: IsoDate
  endDate: IsoDate
  agreedWithParentsOn: IsoDate | null
  agreedWithVirtualSchoolOn?: IsoDate | null | undefined
  virtualSchoolContact?: string | null | undefined
  agreedWithSocialWorkerOn?: IsoDate | null | undefined
}

export type AdjustmentInput = {
  fromDate: IsoDate
  toDate: IsoDate
  note?: string | null | undefined
  placementChangeId?: string | null | undefined
}

const blank = (v: string | null | undefined) => !v?.trim()

function realDate(errors: FieldError[], path: string, value: string | null | undefined, label: string) {
  if (blank(value)) errors.push({ path, message: `Enter ${label}` })
  else if (!isIsoDate(value!)) errors.push({ path, message: `${capitalise(label)} must be a real date` })
  else return true
  return false
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** An agreement is something that has happened: not a date still to come. */
function agreedBy(errors: FieldError[], path: string, value: string | null | undefined, today: IsoDate) {
  if (!isIsoDate(value ?? '')) {
    if (!blank(value)) errors.push({ path, message: 'The date they agreed must be a real date' })
    return false
  }
  if (value! > today) {
    errors.push({ path, message: 'The date they agreed must be today or in the past' })
    return false
  }
  return true
}

export function checkSupportPlan(input: SupportPlanInput): FieldError[] {
  const errors: FieldError[] = []
  if (blank(input.concern)) errors.push({ path: 'concern', message: 'Describe the concern about attendance' })
  if (input.actions.length === 0)
    errors.push({
      path: 'actions',
      message: 'Add at least one action: what will be done, by whom and by when',
    })
  input.actions.forEach((a, i) => {
    if (blank(a.action)) errors.push({ path: `actions.${i}.action`, message: 'Say what will be done' })
    if (blank(a.who)) errors.push({ path: `actions.${i}.who`, message: 'Say who will do it' })
    realDate(errors, `actions.${i}.by`, a.by, 'the date it will be done by')
  })
  input.peopleInvolved.forEach((p, i) => {
    if (blank(p)) errors.push({ path: `peopleInvolved.${i}`, message: 'Enter the person’s name or role' })
  })
  const started = realDate(errors, 'startedOn', input.startedOn, 'the date the plan starts')
  const review = realDate(errors, 'reviewDate', input.reviewDate, 'the review date')
  if (started && review && input.reviewDate < input.startedOn)
    errors.push({
      path: 'reviewDate',
      message: 'The review date must be on or after the date the plan starts',
    })
  errors.push(
    ...overlongFields([
      { path: 'concern', label: 'The concern', value: input.concern, kind: 'note' },
      ...input.actions.flatMap((a, i) => [
        { path: `actions.${i}.action`, label: 'The action', value: a.action, kind: 'reason' as const },
        { path: `actions.${i}.who`, label: 'Who', value: a.who, kind: 'shortText' as const },
      ]),
      ...input.peopleInvolved.map((p, i) => ({
        path: `peopleInvolved.${i}`,
        label: 'The person',
        value: p,
        kind: 'shortText' as const,
      })),
    ]),
  )
  return errors
}

export function checkPlanClosure(
  plan: { startedOn: IsoDate },
  input: { outcome: string; closedOn: IsoDate },
  today: IsoDate,
): FieldError[] {
  const errors: FieldError[] = []
  if (blank(input.outcome)) errors.push({ path: 'outcome', message: 'Describe the outcome of the plan' })
  if (realDate(errors, 'closedOn', input.closedOn, 'the date the plan closed')) {
    if (input.closedOn < plan.startedOn)
      errors.push({ path: 'closedOn', message: 'The plan cannot close before it started' })
    else if (input.closedOn > today)
      errors.push({ path: 'closedOn', message: 'The date the plan closed must be today or in the past' })
  }
  errors.push(
    ...overlongFields([{ path: 'outcome', label: 'The outcome', value: input.outcome, kind: 'note' }]),
  )
  return errors
}

/**
 * DOMAIN.md ATT-16: exceptional, time-limited, reviewed, agreed with the parents and, for a child looked
 * after, with the Virtual School and the social worker before it starts.
 */
export function checkPartTimeTimetable(
  input: PartTimeTimetableInput,
  lookedAfter: boolean,
  today: IsoDate,
): FieldError[] {
  const errors: FieldError[] = []
  if (blank(input.reason))
    errors.push({ path: 'reason', message: 'Say why the pupil needs a part-time timetable' })
  if (blank(input.arrangement))
    errors.push({ path: 'arrangement', message: 'Describe the timetable: which sessions the pupil attends' })
  const start = realDate(errors, 'startDate', input.startDate, 'the start date')
  const review = realDate(errors, 'reviewDate', input.reviewDate, 'the review date')
  const end = realDate(errors, 'endDate', input.endDate, 'the end date')
  if (start && end && input.endDate < input.startDate)
    errors.push({ path: 'endDate', message: 'The end date must be on or after the start date' })
  if (start && review && input.reviewDate < input.startDate)
    errors.push({ path: 'reviewDate', message: 'The review date must be on or after the start date' })
  else if (review && end && input.reviewDate > input.endDate)
    errors.push({ path: 'reviewDate', message: 'The review date must be on or before the end date' })

  if (blank(input.agreedWithParentsOn))
    errors.push({
      path: 'agreedWithParentsOn',
      message: 'Enter the date the parents or carers agreed: a part-time timetable needs their agreement',
    })
  else agreedBy(errors, 'agreedWithParentsOn', input.agreedWithParentsOn, today)
  if (lookedAfter) {
    if (blank(input.agreedWithVirtualSchoolOn))
      errors.push({
        path: 'agreedWithVirtualSchoolOn',
        message:
          'This child is looked after: the Virtual School must agree to a part-time timetable before it starts. Enter the date they agreed',
      })
    if (blank(input.agreedWithSocialWorkerOn))
      errors.push({
        path: 'agreedWithSocialWorkerOn',
        message:
          'This child is looked after: the social worker must agree to a part-time timetable before it starts. Enter the date they agreed',
      })
  }
  if (!blank(input.agreedWithVirtualSchoolOn))
    agreedBy(errors, 'agreedWithVirtualSchoolOn', input.agreedWithVirtualSchoolOn, today)
  if (!blank(input.agreedWithSocialWorkerOn))
    agreedBy(errors, 'agreedWithSocialWorkerOn', input.agreedWithSocialWorkerOn, today)
  errors.push(
    ...overlongFields([
      { path: 'reason', label: 'The reason', value: input.reason, kind: 'reason' },
      { path: 'arrangement', label: 'The timetable', value: input.arrangement, kind: 'note' },
      {
        path: 'virtualSchoolContact',
        label: 'The Virtual School contact',
        value: input.virtualSchoolContact,
        kind: 'name',
      },
    ]),
  )
  return errors
}

export function checkTimetableEnd(
  timetable: { startDate: IsoDate },
  input: { endedOn: IsoDate; outcome: string },
  today: IsoDate,
): FieldError[] {
  const errors: FieldError[] = []
  if (blank(input.outcome))
    errors.push({ path: 'outcome', message: 'Say how it ended, for example back to full time' })
  if (realDate(errors, 'endedOn', input.endedOn, 'the date it ended')) {
    if (input.endedOn < timetable.startDate)
      errors.push({
        path: 'endedOn',
        message: `The timetable cannot end before it started on ${formatDate(timetable.startDate)}`,
      })
    else if (input.endedOn > today)
      errors.push({ path: 'endedOn', message: 'The date it ended must be today or in the past' })
  }
  errors.push(
    ...overlongFields([{ path: 'outcome', label: 'The outcome', value: input.outcome, kind: 'note' }]),
  )
  return errors
}

export function checkAdjustment(input: AdjustmentInput, today: IsoDate): FieldError[] {
  const errors: FieldError[] = []
  const from = realDate(errors, 'fromDate', input.fromDate, 'the first day of the move')
  const to = realDate(errors, 'toDate', input.toDate, 'the last day of the move')
  if (from && to && input.toDate < input.fromDate)
    errors.push({ path: 'toDate', message: 'The last day must be the same as or after the first day' })
  if (from && input.fromDate > today)
    errors.push({ path: 'fromDate', message: 'The first day must be today or in the past' })
  errors.push(...overlongFields([{ path: 'note', label: 'The note', value: input.note, kind: 'note' }]))
  return errors
}
