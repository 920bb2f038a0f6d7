import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../domain/calendar/dates.js'
import { NotFoundError } from '../../../../../services/errors.js'
import {
  createOffSiteDirection,
  updateOffSiteDirection,
  type OffSiteDirectionChange,
} from '../../../../../services/off-site-directions.service.js'
import type { PupilSuspensions } from '../../../../../services/pupil-suspensions.service.js'
import {
  dateParts,
  FormProblems,
  text,
  type DateParts,
  type ErrorList,
  type FormBody,
} from '../../../../forms.js'
import { requireSignIn } from '../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../render.js'
import {
  bodyOf,
  pupilNameOf,
  readDate,
  saveOrCollect,
  suspensionsOfUrl,
  suspensionsUrl,
  versionOf,
} from '../shared.js'

type Route = { Params: { id: string; directionId?: string } }
type Direction = PupilSuspensions['offSiteDirections'][number]

const TEXT_FIELDS = ['provider', 'address', 'contact', 'daysAndTimes', 'reasons'] as const

type NewValues = Record<(typeof TEXT_FIELDS)[number], string> & {
  startDate: DateParts
  endDate: DateParts
  reviewIntervalWeeks: string
  hoursPerWeek: string
  inSchoolSupportTried: boolean
}

const blankNew = (): NewValues => ({
  provider: '',
  address: '',
  contact: '',
  daysAndTimes: '',
  reasons: '',
  startDate: dateParts(null),
  endDate: dateParts(null),
  reviewIntervalWeeks: '',
  hoursPerWeek: '',
  inSchoolSupportTried: false,
})

/** A whole number the form could read, or null with a problem added (or nothing, when it was optional). */
function readWhole(problems: FormProblems, path: string, raw: string, message: string, required: boolean) {
  if (raw === '') {
    if (required) problems.add(path, message, path)
    return null
  }
  if (!/^\d+(\.\d+)?$/.test(raw)) {
    problems.add(path, message, path)
    return null
  }
  return Number(raw)
}

function readNew(body: FormBody) {
  const problems = new FormProblems(Object.fromEntries(TEXT_FIELDS.map((f) => [f, f])))
  problems.link('inSchoolSupportTried', 'inSchoolSupportTried')
  const start = readDate(body, problems, 'startDate', 'start date', true)
  const end = readDate(body, problems, 'endDate', 'end date', true)
  const values: NewValues = {
    ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(body, f)])) as Record<
      (typeof TEXT_FIELDS)[number],
      string
    >),
    startDate: start.parts,
    endDate: end.parts,
    reviewIntervalWeeks: text(body, 'reviewIntervalWeeks'),
    hoursPerWeek: text(body, 'hoursPerWeek'),
    inSchoolSupportTried: text(body, 'inSchoolSupportTried') === 'yes',
  }
  const weeks = readWhole(
    problems,
    'reviewIntervalWeeks',
    values.reviewIntervalWeeks,
    'Enter how many weeks apart the reviews are, like 6',
    true,
  )
  const hours = readWhole(
    problems,
    'hoursPerWeek',
    values.hoursPerWeek,
    'Enter the hours a week as a number, like 25',
    false,
  )
  return {
    values,
    problems,
    input: {
      provider: values.provider,
      address: values.address,
      contact: values.contact,
      daysAndTimes: values.daysAndTimes,
      reasons: values.reasons,
      startDate: start.iso ?? '',
      endDate: end.iso,
      reviewIntervalWeeks: weeks ?? 0,
      inSchoolSupportTried: values.inSchoolSupportTried,
      hoursPerWeek: hours,
    },
  }
}

type EditValues = {
  heldOn: DateParts
  notes: string
  requestedOn: DateParts
  requestedBy: string
  noticeToParentOn: DateParts
  noticeToLaOn: DateParts
  endDate: DateParts
  status: string
}

const editValuesOf = (d: Direction): EditValues => ({
  heldOn: dateParts(null),
  notes: '',
  requestedOn: dateParts(null),
  requestedBy: '',
  noticeToParentOn: dateParts(d.noticeToParentOn),
  noticeToLaOn: dateParts(d.noticeToLaOn),
  endDate: dateParts(d.endDate),
  status: d.status,
})

function readEdit(body: FormBody, direction: Direction) {
  const problems = new FormProblems({ 'review.notes': 'review-notes', status: 'status' })
  const heldOn = readDate(body, problems, 'review-heldOn', 'date of the review', false)
  problems.link('review.heldOn', 'review-heldOn-day')
  const requestedOn = readDate(body, problems, 'reviewRequest-requestedOn', 'date it was asked for', false)
  problems.link('reviewRequest.requestedOn', 'reviewRequest-requestedOn-day')
  const toParent = readDate(body, problems, 'noticeToParentOn', 'date the parents were given notice', false)
  const toLa = readDate(body, problems, 'noticeToLaOn', 'date the local authority was told', false)
  const end = readDate(body, problems, 'endDate', 'end date', true)
  const values: EditValues = {
    heldOn: heldOn.parts,
    notes: text(body, 'review-notes'),
    requestedOn: requestedOn.parts,
    requestedBy: text(body, 'reviewRequest-by'),
    noticeToParentOn: toParent.parts,
    noticeToLaOn: toLa.parts,
    endDate: end.parts,
    status: text(body, 'status'),
  }
  const change: OffSiteDirectionChange = {}
  if (heldOn.iso) change.review = { heldOn: heldOn.iso, notes: values.notes }
  else if (values.notes) problems.add('review-heldOn', 'Enter the date of the review', 'review-heldOn-day')
  if (requestedOn.iso) {
    if (values.requestedBy !== 'parent' && values.requestedBy !== 'local_authority')
      problems.add('reviewRequest-by', 'Choose who asked for the review meeting', 'reviewRequest-by')
    else change.reviewRequest = { requestedOn: requestedOn.iso, by: values.requestedBy }
  }
  if (toParent.iso && toParent.iso !== direction.noticeToParentOn) change.noticeToParentOn = toParent.iso
  if (toLa.iso && toLa.iso !== direction.noticeToLaOn) change.noticeToLaOn = toLa.iso
  if (end.iso && end.iso !== direction.endDate) change.endDate = end.iso
  if (values.status !== direction.status) {
    if (values.status === 'planned' || values.status === 'active' || values.status === 'ended')
      change.status = values.status
    else problems.add('status', 'Choose the status', 'status')
  }
  return { values, change, problems }
}

/** The direction the address names; 404 when it is not the pupil's. */
function directionOf(page: PupilSuspensions, id: string | undefined) {
  const d = page.offSiteDirections.find((x) => x.id === id)
  if (!d) throw new NotFoundError('off-site direction')
  return d
}

function show(
  request: FastifyRequest,
  reply: FastifyReply,
  template: 'new.njk' | 'edit.njk',
  page: PupilSuspensions,
  locals: Record<string, unknown>,
  errors?: ErrorList,
) {
  const heading = template === 'new.njk' ? 'Record an off-site direction' : 'Update the off-site direction'
  return renderPage(
    request,
    reply,
    `pupils/suspensions/off-site-directions/${template}`,
    {
      title: `${heading}: ${pupilNameOf(page.pupil)}`,
      heading,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      ...locals,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** EX-15: off-site direction to improve behaviour, with its notice to the parents and its reviews. */
export async function offSiteDirectionRoutes(app: FastifyInstance): Promise<void> {
  const MANAGE = requirePermission('suspension:manage')
  const NEW = '/pupils/:id/suspensions/off-site-directions/new'
  const EDIT = '/pupils/:id/suspensions/off-site-directions/:directionId/edit'

  app.get<Route>(NEW, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    return show(request, reply, 'new.njk', page, { values: blankNew() })
  })

  app.post<Route>(
    NEW,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { values, input, problems } = readNew(bodyOf(request))
      const saved = await saveOrCollect(problems, () =>
        createOffSiteDirection(ctx, request.actor!, request.params.id, input),
      )
      if (saved) {
        setFlash(
          request,
          saved.emailed
            ? `Off-site direction recorded. The notice was emailed to the parents (${saved.emailed})`
            : 'Off-site direction recorded. Give the parents the written notice: it is a task',
          saved.warnings.map((w) => w.message),
        )
        return reply.redirect(suspensionsUrl(request.params.id, 'off-site-directions'))
      }
      const page = await suspensionsOfUrl(request)
      return show(request, reply, 'new.njk', page, { values }, problems.list())
    },
  )

  app.get<Route>(EDIT, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const direction = directionOf(page, request.params.directionId)
    return show(request, reply, 'edit.njk', page, {
      direction,
      values: editValuesOf(direction),
      version: direction.version,
    })
  })

  app.post<Route>(
    EDIT,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const version = versionOf(body)
      const page = await suspensionsOfUrl(request)
      const direction = directionOf(page, request.params.directionId)
      const { values, change, problems } = readEdit(body, direction)
      const saved = await saveOrCollect(problems, () =>
        updateOffSiteDirection(ctx, request.actor!, page.pupil.id, direction.id, version, change),
      )
      if (saved) {
        setFlash(
          request,
          saved.meetingRequired === true
            ? 'Saved. A review meeting must be held: there was none in the 10 weeks before it was asked for. It is a task'
            : saved.meetingRequired === false
              ? 'Saved. No meeting is needed: there was a review in the 10 weeks before it was asked for'
              : `Saved${saved.direction.nextReviewOn ? `. The next review is due on ${formatDate(saved.direction.nextReviewOn)}` : ''}`,
        )
        return reply.redirect(suspensionsUrl(request.params.id, 'off-site-directions'))
      }
      return show(request, reply, 'edit.njk', page, { direction, values, version }, problems.list())
    },
  )
}
