/** What the PEP pages under `/pupils/:id/peps/:pepId` share: the PEP the URL names, and the 409 page. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { getPep, type PepDetail } from '../../../../services/peps.service.js'
import { text, type FormBody } from '../../../forms.js'
import { renderPage } from '../../../render.js'
import type { pepHeading, Row } from './present.js'

export type PepParams = { id: string; pepId: string }

/** The PEP the URL names, as the signed-in user may see it: out of their scope it is a 404. */
export function pepOfUrl(request: FastifyRequest<{ Params: PepParams }>): Promise<PepDetail> {
  return getPep(request.server.harbour.ctx, request.actor!, request.params.id, request.params.pepId)
}

/** The version the form was opened at; missing or garbled is 0, so the save is refused as stale. */
export function versionSent(body: FormBody): number {
  return Number(text(body, 'version')) || 0
}

/** The 409 page: someone else saved first; what the user entered is shown back, never silently dropped. */
export function showConflict(
  request: FastifyRequest,
  reply: FastifyReply,
  heading: ReturnType<typeof pepHeading>,
  page: { title: string; notSaved: string; entered: Row[]; latest: string; latestText: string },
) {
  return renderPage(request, reply, 'pupils/peps/conflict.njk', { ...page, ...heading }, 409)
}
