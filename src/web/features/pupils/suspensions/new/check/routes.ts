import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate } from '../../../../../../domain/calendar/dates.js'
import { OBLIGATION_LABELS } from '../../../../../../domain/exclusions/obligations.js'
import { reasonCodeOn } from '../../../../../../domain/exclusions/reason-codes.js'
import { checkPupilAccess } from '../../../../../../services/pupils.service.js'
import type { PupilSuspensions } from '../../../../../../services/pupil-suspensions.service.js'
import {
  previewSuspension,
  recordSuspension,
  type SuspensionInput,
  type SuspensionPreview,
} from '../../../../../../services/suspensions.service.js'
import { FormProblems, type ErrorList } from '../../../../../forms.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { daysInWords, schoolYearLabel } from '../../present.js'
import {
  checkOrCollect,
  pupilNameOf,
  saveOrCollect,
  suspensionsOfUrl,
  type PupilParams,
} from '../../shared.js'
import { DAY6_EXCEPTIONS, readSuspensionForm, type SuspensionFormValues } from '../form.js'
import { newSuspensionUrl } from '../routes.js'

type Route = { Params: PupilParams }
type Row = { key: string; value: string; href: string; change: string; warning?: boolean }

function kindInWords(input: SuspensionInput): string {
  if (input.category === 'PERM') return 'Permanent exclusion'
  if (input.lunchtime) return 'Lunchtime suspension (half a school day)'
  return `Suspension for ${daysInWords(input.days ?? null).toLowerCase()}`
}

/** Every answer, with a link back to the input that gave it (GOV.UK "Check your answers"). */
function answerRows(pupilId: string, input: SuspensionInput): Row[] {
  const at = (id: string) => `${newSuspensionUrl(pupilId)}#${id}`
  const rows: Row[] = [
    {
      key: 'Starts',
      value: formatDate(input.startDate),
      href: at('startDate-day'),
      change: 'the start date',
    },
    { key: 'Kind', value: kindInWords(input), href: at('kind'), change: 'the kind of exclusion' },
    {
      key: 'Reasons',
      value: input.reasons.map((c) => reasonCodeOn(c, input.startDate)?.description ?? c).join('\n'),
      href: at('reasons'),
      change: 'the reasons',
    },
    {
      key: 'What happened',
      value: input.details || 'Not given',
      href: at('details'),
      change: 'what happened',
    },
  ]
  const vs = input.vsConsultation
  if (vs)
    rows.push({
      key: 'Virtual School consulted',
      value: [`${formatDate(vs.date)}, with ${vs.with}`, vs.advice ? `Advice: ${vs.advice}` : null]
        .filter(Boolean)
        .join('\n'),
      href: at('vsConsultation-date-day'),
      change: 'the Virtual School consultation',
    })
  const parents = input.parentConversation
  if (parents)
    rows.push({
      key: 'Talked with the parents or guardians',
      value: `${formatDate(parents.date)}${parents.with ? `, with ${parents.with}` : ''}`,
      href: at('parentConversation-date-day'),
      change: 'the conversation with the parents',
    })
  if (input.overrideReason)
    rows.push({
      key: 'Why it could not wait',
      value: input.overrideReason,
      href: at('overrideReason'),
      change: 'why it could not wait',
      warning: true,
    })
  if (input.publicExamMissed)
    rows.push({
      key: 'Exam or test missed',
      value: formatDate(input.publicExamMissed),
      href: at('publicExamMissed-day'),
      change: 'the exam date',
    })
  if (input.day6Exception)
    rows.push({
      key: 'Education from the sixth day',
      value: DAY6_EXCEPTIONS.find((e) => e.value === input.day6Exception)?.text ?? '',
      href: at('day6Exception'),
      change: 'education from the sixth day',
    })
  return rows
}

/** What recording will do: the days it covers, the year's total, the duties and their due dates. */
function consequencesOf(preview: SuspensionPreview) {
  return {
    schoolDays: preview.schoolDays.map(formatDate),
    totals: { ...preview.totals, yearLabel: schoolYearLabel(preview.totals.schoolYear) },
    duties: preview.obligations.map((o) => ({
      label: OBLIGATION_LABELS[o.kind],
      dueBy: o.dueBy,
      provisional: o.provisional,
    })),
    warnings: preview.warnings.filter((w) => w.code !== 'override_used').map((w) => w.message),
    overridden: preview.overridden !== null,
    permanent: preview.category === 'PERM',
  }
}

function showCheck(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PupilSuspensions,
  values: SuspensionFormValues,
  input: SuspensionInput,
  preview: SuspensionPreview | null,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'pupils/suspensions/new/check/view.njk',
    {
      title: `Check your answers: suspension of ${pupilNameOf(page.pupil)}`,
      pupil: page.pupil,
      name: pupilNameOf(page.pupil),
      rows: answerRows(page.pupil.id, input),
      next: preview ? consequencesOf(preview) : null,
      values,
      errors,
    },
    errors ? 422 : 200,
  )
}

/** The service's problems, each linked to its input on the form page. */
function linkedToForm(pupilId: string, problems: FormProblems): ErrorList {
  const list = problems.list()
  return {
    ...list,
    summary: list.summary.map((s) => ({ ...s, href: `${newSuspensionUrl(pupilId)}${s.href}` })),
  }
}

/** `/pupils/:id/suspensions/new/check`: "Check your answers", then record (issue 6 item 3). */
export async function checkSuspensionRoutes(app: FastifyInstance): Promise<void> {
  const RECORD = requirePermission('suspension:record')
  const URL = '/pupils/:id/suspensions/new/check'

  app.get<Route>(URL, { preHandler: [requireSignIn, RECORD] }, async (request, reply) => {
    const page = await suspensionsOfUrl(request)
    const draft = request.session.get('suspensionDraft')
    // A journey guard: without the form filled in, start at the form.
    if (draft?.pupilId !== page.pupil.id) return reply.redirect(newSuspensionUrl(page.pupil.id))
    const { input, problems, rewrite } = readSuspensionForm(draft.values)
    const preview = await checkOrCollect(
      problems,
      () => previewSuspension(request.server.harbour.ctx, request.actor!, page.pupil.id, input),
      rewrite,
    )
    const errors = problems.has() ? linkedToForm(page.pupil.id, problems) : undefined
    return showCheck(request, reply, page, draft.values, input, problems.has() ? null : preview, errors)
  })

  app.post<Route>(
    URL,
    { preHandler: [requireSignIn, app.csrfProtection, RECORD] },
    async (request, reply) => {
      const { ctx } = request.server.harbour
      const actor = request.actor!
      // First, so that a pupil out of scope is a 404 whatever the session holds.
      await checkPupilAccess(ctx, actor, request.params.id, 'suspension:record')
      const draft = request.session.get('suspensionDraft')
      if (draft?.pupilId !== request.params.id) return reply.redirect(newSuspensionUrl(request.params.id))
      const { input, problems, rewrite } = readSuspensionForm(draft.values)
      const recorded = await saveOrCollect(
        problems,
        () => recordSuspension(ctx, actor, request.params.id, input),
        rewrite,
      )
      if (recorded && !problems.has()) {
        request.session.set('suspensionDraft', undefined)
        setFlash(
          request,
          input.category === 'PERM' ? 'Permanent exclusion recorded' : 'Suspension recorded',
          recorded.warnings.filter((w) => w.code !== 'override_used').map((w) => w.message),
        )
        return reply.redirect(`/pupils/${request.params.id}/suspensions/${recorded.id}`)
      }
      const page = await suspensionsOfUrl(request)
      return showCheck(request, reply, page, draft.values, input, null, linkedToForm(page.pupil.id, problems))
    },
  )
}
