import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IsoDate } from '../../../../domain/calendar/dates.js'
import type { Actor } from '../../../../domain/access/scope.js'
import {
  attendanceFormContext,
  type AttendanceFormContext,
} from '../../../../services/attendance-views.service.js'
import type { ServiceContext } from '../../../../services/context.js'
import { NotFoundError, type FieldError } from '../../../../services/errors.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { FormProblems, type DateParts, type ErrorList, type FormBody } from '../../../forms.js'
import { renderPage, setFlash } from '../../../render.js'
import {
  attendancePageUrl,
  bodyOf,
  dateParts,
  readDate,
  saveOrCollect,
  text,
  versionOf,
} from './form-helpers.js'

// The pages that add, change and end one kind of a pupil's attendance record (support plans, part-time
// timetables) work the same way; each kind says in its routes.ts what is its own.

type Route = { Params: { id: string } & Record<string, string | undefined> }

/** What a record's add-or-change form read: `rewrite` points the service's errors at the page's inputs. */
export type RecordFormRead<Values, Input> = {
  values: Values
  input: Input
  problems: FormProblems
  rewrite?: (e: FieldError) => FieldError
  /** False when an input the form could not read would reach the service blank (it would mean "none"). */
  mayCallService?: boolean
}

export type RecordPages<Row extends { id: string; version: number }, Values, Input, Added> = {
  /** The section of the attendance page the pages go back to; the records' addresses start with it too. */
  section: string
  /** The three addresses, written out in full so they can be found (authorization-expectations.ts). */
  paths: { add: string; change: string; end: string }
  /** The record the address names while it is still running (see `runningRecord`). */
  find: (context: AttendanceFormContext, params: Route['Params']) => Row
  form: {
    template: string
    title: { add: string; change: string }
    /** Anything more the template needs beyond the pupil, the values and where the form is sent. */
    locals?: (context: AttendanceFormContext) => Record<string, unknown>
    blank: (context: AttendanceFormContext) => Values
    valuesOf: (record: Row) => Values
    read: (body: FormBody) => RecordFormRead<Values, Input>
    add: (ctx: ServiceContext, actor: Actor, pupilId: string, input: Input) => Promise<Added>
    change: (
      ctx: ServiceContext,
      actor: Actor,
      pupilId: string,
      id: string,
      version: number,
      input: Input,
    ) => Promise<unknown>
    added: (record: Added) => string
    changed: string
  }
  end: {
    template: string
    title: string
    /** The date input's name and the words its problems use for it. */
    date: { name: string; label: string }
    /** The record as the template knows it (at the version the form was shown at). */
    locals: (record: Row) => Record<string, unknown>
    save: (
      ctx: ServiceContext,
      actor: Actor,
      pupilId: string,
      record: Row,
      version: number,
      ended: { outcome: string; on: IsoDate },
    ) => Promise<unknown>
    ended: string
  }
}

/** The record of `records` the address names while it is `running` ('open', 'active'); anything else is a 404. */
export function runningRecord<T extends { id: string; status: string }>(
  records: readonly T[],
  id: string | undefined,
  running: T['status'],
  what: string,
): T {
  const record = records.find((r) => r.id === id)
  if (!record || record.status !== running) throw new NotFoundError(what)
  return record
}

const MANAGE = requirePermission('attendance:manage')

const contextOf = (request: FastifyRequest<Route>) =>
  attendanceFormContext(request.server.harbour.ctx, request.actor!, request.params.id)

/** A form page; shown again with its problems, a 422. */
function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  locals: Record<string, unknown>,
  errors?: ErrorList,
) {
  return renderPage(request, reply, template, { ...locals, errors }, errors ? 422 : 200)
}

/**
 * After a form is sent: once it is saved with nothing else wrong, its message and back to the record's section
 * of the attendance page; otherwise the form again with every problem.
 */
async function savedOrShownAgain(
  request: FastifyRequest,
  reply: FastifyReply,
  sent: {
    backTo: string
    problems: FormProblems
    /** Calls the service and says what was done; null when the form must not call it. */
    save: (() => Promise<string>) | null
    rewrite?: ((e: FieldError) => FieldError) | undefined
  },
  showAgain: (errors: ErrorList) => Promise<FastifyReply>,
) {
  const flash = sent.save ? await saveOrCollect(sent.problems, sent.save, sent.rewrite) : null
  if (flash && !sent.problems.has()) {
    setFlash(request, flash)
    return reply.redirect(sent.backTo)
  }
  return showAgain(sent.problems.list())
}

/** The routes: add (`paths.add`), change (`paths.change`), and end with an outcome (`paths.end`). */
export function recordPages<Row extends { id: string; version: number }, Values, Input, Added>(
  pages: RecordPages<Row, Values, Input, Added>,
) {
  const { section, form, end } = pages

  function showAddOrChange(
    request: FastifyRequest<Route>,
    reply: FastifyReply,
    context: AttendanceFormContext,
    record: { id: string; version: number } | null,
    values: Values,
    errors?: ErrorList,
  ) {
    const { pupil } = context
    const locals = {
      title: record ? form.title.change : form.title.add,
      pupil,
      ...form.locals?.(context),
      action: record
        ? `/pupils/${pupil.id}/attendance/${section}/${record.id}/edit`
        : `/pupils/${pupil.id}/attendance/${section}/new`,
      version: record?.version ?? null,
      values,
    }
    return showForm(request, reply, form.template, locals, errors)
  }

  function showEnd(
    request: FastifyRequest<Route>,
    reply: FastifyReply,
    context: AttendanceFormContext,
    record: Row,
    values: { outcome: string; on: DateParts },
    errors?: ErrorList,
  ) {
    const locals = {
      title: end.title,
      pupil: context.pupil,
      ...end.locals(record),
      values: { outcome: values.outcome, [end.date.name]: values.on },
    }
    return showForm(request, reply, end.template, locals, errors)
  }

  /** The add-or-change form sent back: `changing` is false for a new record. */
  async function sendForm(request: FastifyRequest<Route>, reply: FastifyReply, changing: boolean) {
    const { ctx } = request.server.harbour
    const actor = request.actor!
    const context = await contextOf(request)
    const pupilId = context.pupil.id
    const record = changing ? pages.find(context, request.params) : null
    const body = bodyOf(request)
    const { values, input, problems, rewrite, mayCallService = true } = form.read(body)
    const version = versionOf(body)
    const save = record
      ? () => form.change(ctx, actor, pupilId, record.id, version, input).then(() => form.changed)
      : () => form.add(ctx, actor, pupilId, input).then(form.added)
    return savedOrShownAgain(
      request,
      reply,
      { backTo: attendancePageUrl(pupilId, section), problems, save: mayCallService ? save : null, rewrite },
      (errors) =>
        showAddOrChange(request, reply, context, record && { id: record.id, version }, values, errors),
    )
  }

  /** The end form sent back: the outcome, the day it ended and the version it was shown at. */
  async function sendEnd(request: FastifyRequest<Route>, reply: FastifyReply) {
    const context = await contextOf(request)
    const record = pages.find(context, request.params)
    const body = bodyOf(request)
    const problems = new FormProblems({ outcome: 'outcome' })
    const endedOn = readDate(body, problems, end.date.name, end.date.label, true)
    const values = { outcome: text(body, 'outcome'), on: endedOn.parts }
    const version = versionOf(body)
    const save = () =>
      end
        .save(request.server.harbour.ctx, request.actor!, context.pupil.id, record, version, {
          outcome: values.outcome,
          on: endedOn.iso,
        })
        .then(() => end.ended)
    return savedOrShownAgain(
      request,
      reply,
      { backTo: attendancePageUrl(context.pupil.id, section), problems, save },
      (errors) => showEnd(request, reply, context, { ...record, version }, values, errors),
    )
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    const showing = { preHandler: [requireSignIn, MANAGE] }
    const sending = { preHandler: [requireSignIn, app.csrfProtection, MANAGE] }

    app.get<Route>(pages.paths.add, showing, async (request, reply) => {
      const context = await contextOf(request)
      return showAddOrChange(request, reply, context, null, form.blank(context))
    })
    app.post<Route>(pages.paths.add, sending, (request, reply) => sendForm(request, reply, false))

    app.get<Route>(pages.paths.change, showing, async (request, reply) => {
      const context = await contextOf(request)
      const record = pages.find(context, request.params)
      return showAddOrChange(request, reply, context, record, form.valuesOf(record))
    })
    app.post<Route>(pages.paths.change, sending, (request, reply) => sendForm(request, reply, true))

    app.get<Route>(pages.paths.end, showing, async (request, reply) => {
      const context = await contextOf(request)
      const record = pages.find(context, request.params)
      return showEnd(request, reply, context, record, { outcome: '', on: dateParts(context.today) })
    })
    app.post<Route>(pages.paths.end, sending, sendEnd)
  }
}
