import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { NotFoundError, type FieldError } from '../../../../../services/errors.js'
import {
  createManagedMove,
  updateManagedMove,
  type ManagedMoveInput,
} from '../../../../../services/managed-moves.service.js'
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

type Route = { Params: { id: string; moveId?: string } }
type Move = PupilSuspensions['managedMoves'][number]
type Status = Move['status']

const DATES = [
  'parentsAgreedOn',
  'receivingSchoolAgreedOn',
  'admissionAuthorityAgreedOn',
  'informationSharedOn',
  'moveDate',
] as const
const DATE_LABELS: Record<(typeof DATES)[number], string> = {
  parentsAgreedOn: 'date the parents agreed',
  receivingSchoolAgreedOn: 'date the new school agreed',
  admissionAuthorityAgreedOn: 'date the admission authority agreed',
  informationSharedOn: 'date the pupil’s information was shared',
  moveDate: 'date of the move',
}

type Values = Record<(typeof DATES)[number], DateParts> & {
  receivingSchool: string
  reason: string
  interventionsTried: string
  notes: string
  status: string
  trialPeriod: boolean
}

function valuesOf(move: Move | null): Values {
  return {
    receivingSchool: move?.receivingSchool ?? '',
    reason: move?.reason ?? '',
    interventionsTried: move?.interventionsTried ?? '',
    notes: move?.notes ?? '',
    status: move?.status ?? 'proposed',
    trialPeriod: false,
    ...(Object.fromEntries(DATES.map((d) => [d, dateParts(move?.[d] ?? null)])) as Record<
      (typeof DATES)[number],
      DateParts
    >),
  }
}

/** EX-14's refusals name who must agree; each points at that party's date. */
const AGREED_BY: Record<string, string> = {
  'agreedBy.parents': 'parentsAgreedOn',
  'agreedBy.receivingSchool': 'receivingSchoolAgreedOn',
  'agreedBy.admissionAuthority': 'admissionAuthorityAgreedOn',
  agreedOn: 'parentsAgreedOn',
}

function readForm(body: FormBody, statuses: readonly Status[]) {
  const problems = new FormProblems({
    receivingSchool: 'receivingSchool',
    reason: 'reason',
    interventionsTried: 'interventionsTried',
    notes: 'notes',
    status: 'status',
    trialPeriod: 'trialPeriod',
  })
  const dates = Object.fromEntries(
    DATES.map((d) => [d, readDate(body, problems, d, DATE_LABELS[d], false)]),
  ) as Record<(typeof DATES)[number], ReturnType<typeof readDate>>
  const values: Values = {
    receivingSchool: text(body, 'receivingSchool'),
    reason: text(body, 'reason'),
    interventionsTried: text(body, 'interventionsTried'),
    notes: text(body, 'notes'),
    status: text(body, 'status'),
    trialPeriod: text(body, 'trialPeriod') === 'yes',
    ...(Object.fromEntries(DATES.map((d) => [d, dates[d].parts])) as Record<
      (typeof DATES)[number],
      DateParts
    >),
  }
  if (!statuses.includes(values.status as Status)) problems.add('status', 'Choose where the move has got to')
  const input: ManagedMoveInput & { status: Status } = {
    receivingSchool: values.receivingSchool,
    reason: values.reason,
    interventionsTried: values.interventionsTried || null,
    notes: values.notes || null,
    trialPeriod: values.trialPeriod,
    status: values.status as Status,
    ...(Object.fromEntries(DATES.map((d) => [d, dates[d].iso])) as Record<
      (typeof DATES)[number],
      string | null
    >),
  }
  const rewrite = (e: FieldError): FieldError => {
    const date = AGREED_BY[e.path]
    if (date) {
      problems.link(date, `${date}-day`)
      return { ...e, path: date }
    }
    return e
  }
  return { values, input, problems, rewrite }
}

function show(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  move: Move | null,
  values: Values,
  version: number | null,
  errors?: ErrorList,
) {
  const heading = move ? 'Update the managed move' : 'Record a managed move'
  const statuses: Array<{ value: Status; text: string; hint?: string }> = [
    { value: 'proposed', text: 'Proposed', hint: 'Not everyone has agreed yet' },
    {
      value: 'agreed',
      text: 'Agreed',
      hint: 'The parents, the new school and the admission authority have agreed',
    },
    ...(move?.status === 'agreed'
      ? [{ value: 'completed' as const, text: 'Completed: the pupil has moved' }]
      : []),
    ...(move ? [{ value: 'withdrawn' as const, text: 'Withdrawn: it will not go ahead' }] : []),
  ]
  return renderPage(
    request,
    reply,
    'pupils/suspensions/managed-moves/form.njk',
    {
      title: `${heading}: ${pupilNameOf(page.pupil)}`,
      heading,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      values,
      version,
      statuses: statuses.map((s) => ({
        value: s.value,
        text: s.text,
        hint: s.hint ? { text: s.hint } : undefined,
        checked: values.status === s.value,
      })),
      errors,
    },
    errors ? 422 : 200,
  )
}

function moveOf(page: PupilSuspensions, id: string | undefined) {
  const move = page.managedMoves.find((m) => m.id === id)
  if (!move) throw new NotFoundError('managed move')
  return move
}

/** EX-14: a managed move, proposed, then agreed by everyone, then completed; never a trial. */
export async function managedMoveRoutes(app: FastifyInstance): Promise<void> {
  const MANAGE = requirePermission('suspension:manage')
  const NEW = '/pupils/:id/suspensions/managed-moves/new'
  const EDIT = '/pupils/:id/suspensions/managed-moves/:moveId/edit'

  app.get<Route>(NEW, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    return show(request, reply, page, null, valuesOf(null), null)
  })

  app.post<Route>(
    NEW,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const { values, input, problems, rewrite } = readForm(bodyOf(request), ['proposed', 'agreed'])
      const saved = await saveOrCollect(
        problems,
        () =>
          createManagedMove(ctx, request.actor!, request.params.id, {
            ...input,
            status: input.status as 'proposed' | 'agreed',
          }),
        rewrite,
      )
      if (saved) {
        setFlash(
          request,
          'Managed move recorded',
          saved.warnings.map((w) => w.message),
        )
        return reply.redirect(suspensionsUrl(request.params.id, 'managed-moves'))
      }
      const page = await suspensionsOfUrl(request)
      return show(request, reply, page, null, values, null, problems.list())
    },
  )

  app.get<Route>(EDIT, { preHandler: [requireSignIn, MANAGE] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const move = moveOf(page, request.params.moveId)
    if (move.status === 'completed' || move.status === 'withdrawn')
      return reply.redirect(suspensionsUrl(page.pupil.id, 'managed-moves'))
    return show(request, reply, page, move, valuesOf(move), move.version)
  })

  app.post<Route>(
    EDIT,
    { preHandler: [requireSignIn, app.csrfProtection, MANAGE] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const body = bodyOf(request)
      const version = versionOf(body)
      const page = await suspensionsOfUrl(request)
      const move = moveOf(page, request.params.moveId)
      const { values, input, problems, rewrite } = readForm(body, [
        'proposed',
        'agreed',
        'completed',
        'withdrawn',
      ])
      const saved = await saveOrCollect(
        problems,
        () => updateManagedMove(ctx, request.actor!, page.pupil.id, move.id, version, input),
        rewrite,
      )
      if (saved) {
        setFlash(
          request,
          'Managed move saved',
          saved.warnings.map((w) => w.message),
        )
        return reply.redirect(suspensionsUrl(request.params.id, 'managed-moves'))
      }
      return show(request, reply, page, move, values, version, problems.list())
    },
  )
}
