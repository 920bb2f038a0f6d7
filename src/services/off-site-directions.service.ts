import { addDays, formatDate, isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import { statusOn } from '../domain/cohort/status.js'
import { planOffSiteDirection, reviewMeetingRequired } from '../domain/exclusions/off-site-direction.js'
import { overlongFields, type TextField } from '../domain/input/text-limits.js'
import type { Executor } from '../data/db.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { isUuid } from './ids.js'
import { enqueueEmail } from './outbox.service.js'
import { requirePupil } from './pupils.service.js'
import { loadCalendar } from './schools.service.js'
import { pupilName } from './suspension-facts.js'
import { createTask } from './tasks.service.js'

/** EX-15: a direction to attend another setting to improve behaviour, with what the parents' notice must say. */
export type OffSiteDirectionInput = {
  provider: string
  address: string
  contact: string
  daysAndTimes: string
  reasons: string
  startDate: IsoDate
  endDate: IsoDate | null
  /** How many weeks apart the governing board wants reviews. */
  reviewIntervalWeeks: number
  /** EX-15: only after support in school has not worked. */
  inSchoolSupportTried: boolean
  hoursPerWeek?: number | null | undefined
}

function textProblems(input: OffSiteDirectionInput): FieldError[] {
  const errors: FieldError[] = []
  const required: Array<[keyof OffSiteDirectionInput, string]> = [
    ['provider', 'Enter the name of the setting'],
    ['address', 'Enter the setting’s address'],
    ['contact', 'Enter who to contact there'],
    ['daysAndTimes', 'Enter the days and times the pupil is to attend'],
    ['reasons', 'Enter the reasons for the direction'],
  ]
  for (const [field, message] of required)
    if (!String(input[field] ?? '').trim()) errors.push({ path: field, message })
  const fields: TextField[] = [
    { path: 'provider', label: 'The setting’s name', value: input.provider?.trim(), kind: 'organisation' },
    { path: 'address', label: 'The address', value: input.address?.trim(), kind: 'reason' },
    { path: 'contact', label: 'The contact', value: input.contact?.trim(), kind: 'shortText' },
    { path: 'daysAndTimes', label: 'The days and times', value: input.daysAndTimes?.trim(), kind: 'reason' },
    { path: 'reasons', label: 'The reasons', value: input.reasons?.trim(), kind: 'note' },
  ]
  return [...errors, ...overlongFields(fields).filter((p) => !errors.some((e) => e.path === p.path))]
}

/** EX-15: the written notice, with the address, contact, days, times and reasons. */
function noticeLetter(name: string, schoolName: string, d: repo.OffSiteDirectionRow) {
  return {
    subject: `Education at another setting: ${name}, ${schoolName}`,
    body: [
      'Dear parent or carer,',
      `To help improve ${name}’s behaviour, ${schoolName} is directing ${name} to attend ${d.provider} from ${formatDate(d.startDate)} to ${formatDate(d.endDate)}. This is not a punishment.`,
      `Address: ${d.address}`,
      `Who to contact there: ${d.contact}`,
      `Days and times: ${d.daysAndTimes}`,
      `The reasons for this direction are:\n${d.reasons}`,
      `${name} stays on the roll of ${schoolName}. The arrangement will be reviewed regularly, and you may ask for a review meeting at any time.`,
      `Yours sincerely,\n${schoolName}`,
    ].join('\n\n'),
  }
}

async function reviewTask(
  tx: Executor,
  pupil: { id: string; schoolId: string },
  name: string,
  directionId: string,
  dueOn: IsoDate,
  createdBy: string,
  detail: string,
) {
  return createTask(tx, {
    schoolId: pupil.schoolId,
    pupilId: pupil.id,
    kind: 'off_site_review',
    title: `Review the off-site direction: ${name}`,
    detail,
    assigneeRole: 'headteacher',
    dueOn,
    sourceKey: `off_site_review:${directionId}:${dueOn}`,
    createdBy,
  })
}

/**
 * Records an off-site direction (EX-15): refused without an end date, without support in school first, or when
 * written notice can no longer reach the parents 2 school days before the start. The notice is emailed to the
 * parents who have an address (else a task to send it), the LA is told when there is an EHC plan, and the first
 * review becomes a task.
 */
export async function createOffSiteDirection(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: OffSiteDirectionInput,
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const { calendar } = await loadCalendar(tx, pupil.schoolId)
    const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupil.id])
    const status = statusOn(episodes, todayIso)
    const errors = textProblems(input)
    const plan = planOffSiteDirection(calendar, status, {
      startDate: input.startDate,
      endDate: input.endDate,
      inSchoolSupportTried: input.inSchoolSupportTried,
      hasEhcp: pupil.senProvision === 'E',
      reviewIntervalWeeks: input.reviewIntervalWeeks,
      // The notice can go today at the earliest.
      noticeGivenOn: todayIso,
      hoursPerWeek: input.hoursPerWeek ?? null,
    })
    if (!plan.allowed) errors.push(...plan.reasons.map((r) => ({ path: r.field, message: r.message })))
    if (errors.length || !plan.allowed)
      throw new RuleBrokenError(errors, 'The off-site direction cannot be recorded')
    const name = pupilName(pupil)
    const contacts = await repo.currentContactsOf(tx, pupil.id, ['parent_guardian', 'carer'], todayIso)
    const row = await repo.insertOffSiteDirection(tx, {
      pupilId: pupil.id,
      schoolId: pupil.schoolId,
      provider: input.provider.trim(),
      address: input.address.trim(),
      contact: input.contact.trim(),
      daysAndTimes: input.daysAndTimes.trim(),
      reasons: input.reasons.trim(),
      startDate: input.startDate,
      endDate: input.endDate!,
      reviewIntervalWeeks: input.reviewIntervalWeeks,
      nextReviewOn: plan.reviewDates[0] ?? null,
      status: input.startDate <= todayIso ? 'active' : 'planned',
      createdBy: actor.userId,
    })
    const letter = noticeLetter(name, pupil.schoolName, row)
    let emailed = 0
    for (const c of contacts) {
      if (!c.email) continue
      await enqueueEmail(tx, { schoolId: pupil.schoolId, pupilId: pupil.id, to: c.email, ...letter })
      emailed++
    }
    const withNotice = emailed
      ? await repo.updateOffSiteDirectionIfVersion(tx, row.id, row.version, { noticeToParentOn: todayIso })
      : row
    for (const notice of plan.notices) {
      if (notice.to === 'parent' && emailed) continue
      await createTask(tx, {
        schoolId: pupil.schoolId,
        pupilId: pupil.id,
        kind: notice.to === 'parent' ? 'off_site_notice_parent' : 'off_site_notice_local_authority',
        title:
          notice.to === 'parent'
            ? `Give the parents written notice of the off-site direction: ${name}`
            : `Tell the local authority of the off-site direction (EHC plan): ${name}`,
        detail: `It must arrive by ${formatDate(notice.dueBy)}, 2 school days before it starts: the address, contact, days, times and reasons.`,
        assigneeRole: 'headteacher',
        dueOn: notice.dueBy,
        sourceKey: `off_site_notice:${row.id}:${notice.to}`,
        createdBy: actor.userId,
      })
    }
    if (row.nextReviewOn)
      await reviewTask(
        tx,
        pupil,
        name,
        row.id,
        row.nextReviewOn,
        actor.userId,
        'The review the governing board set.',
      )
    await audit(tx, actor, 'off_site_direction.created', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'off_site_direction',
      entityId: row.id,
      details: { emailed },
    })
    return { direction: withNotice ?? row, reviewDates: plan.reviewDates, warnings: plan.warnings, emailed }
  })
}

export type OffSiteDirectionChange = {
  /** A review held: the next one follows at the interval set, before the end date. */
  review?: { heldOn: IsoDate; notes: string } | undefined
  /** EX-15: a parent or the LA asks for a review meeting: held unless there was one in the previous 10 weeks. */
  reviewRequest?: { requestedOn: IsoDate; by: 'parent' | 'local_authority' } | undefined
  noticeToParentOn?: IsoDate | undefined
  noticeToLaOn?: IsoDate | undefined
  endDate?: IsoDate | undefined
  status?: 'planned' | 'active' | 'ended' | undefined
}

type Review = { heldOn: string; notes: string; recordedBy: string }

/** Records a review, a request for one, the notices given, a new end date or the direction's end. */
export async function updateOffSiteDirection(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  directionId: string,
  version: number,
  change: OffSiteDirectionChange,
) {
  authorise(actor, 'suspension:manage')
  const todayIso = today(ctx)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'suspension:manage')
    const row = isUuid(directionId) ? await repo.findOffSiteDirection(tx, directionId) : undefined
    if (!row || row.pupilId !== pupil.id) throw new NotFoundError('off-site direction')
    if (row.version !== version) throw new ConflictError()
    const errors: FieldError[] = []
    const notFuture = (path: string, d: IsoDate | undefined) => {
      if (d !== undefined && (!isIsoDate(d) || d > todayIso))
        errors.push({ path, message: `Enter a date on or before today, ${formatDate(todayIso)}` })
    }
    notFuture('review.heldOn', change.review?.heldOn)
    notFuture('reviewRequest.requestedOn', change.reviewRequest?.requestedOn)
    notFuture('noticeToParentOn', change.noticeToParentOn)
    notFuture('noticeToLaOn', change.noticeToLaOn)
    if (change.endDate !== undefined && (!isIsoDate(change.endDate) || change.endDate < row.startDate))
      errors.push({ path: 'endDate', message: 'The end date must be the same as or after the start date' })
    errors.push(
      ...overlongFields([
        { path: 'review.notes', label: 'The notes', value: change.review?.notes, kind: 'note' },
      ]),
    )
    if (errors.length) throw new RuleBrokenError(errors)
    const name = pupilName(pupil)
    const reviews = [...(row.reviews as Review[])]
    const endDate = change.endDate ?? row.endDate
    let nextReviewOn = row.nextReviewOn
    if (change.review) {
      reviews.push({
        heldOn: change.review.heldOn,
        notes: change.review.notes.trim(),
        recordedBy: actor.userId,
      })
      const next = addDays(change.review.heldOn, (row.reviewIntervalWeeks ?? 0) * 7)
      nextReviewOn = row.reviewIntervalWeeks && next <= endDate ? next : null
      if (nextReviewOn)
        await reviewTask(
          tx,
          pupil,
          name,
          row.id,
          nextReviewOn,
          actor.userId,
          'The next review the governing board set.',
        )
    }
    let meetingRequired: boolean | null = null
    if (change.reviewRequest) {
      const last =
        reviews
          .map((r) => r.heldOn)
          .sort()
          .at(-1) ?? null
      meetingRequired = reviewMeetingRequired(change.reviewRequest.requestedOn, last)
      if (meetingRequired)
        await reviewTask(
          tx,
          pupil,
          name,
          row.id,
          change.reviewRequest.requestedOn,
          actor.userId,
          `Asked for by the ${change.reviewRequest.by === 'parent' ? 'parents' : 'local authority'}: there has been no review meeting in the 10 weeks before.`,
        )
    }
    const updated = await repo.updateOffSiteDirectionIfVersion(tx, row.id, version, {
      reviews,
      nextReviewOn,
      endDate,
      ...(change.noticeToParentOn ? { noticeToParentOn: change.noticeToParentOn } : {}),
      ...(change.noticeToLaOn ? { noticeToLaOn: change.noticeToLaOn } : {}),
      ...(change.status ? { status: change.status } : {}),
    })
    if (!updated) throw new ConflictError()
    await audit(tx, actor, 'off_site_direction.updated', {
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      entity: 'off_site_direction',
      entityId: row.id,
      details: { changed: Object.keys(change), meetingRequired },
    })
    return { direction: updated, meetingRequired }
  })
}
