/** What the suspension pages under `/pupils/:id/suspensions` share: the pupil's record, forms and permissions. */
import type { FastifyRequest } from 'fastify'
import { can } from '../../../../domain/access/permissions.js'
import type { Actor } from '../../../../domain/access/scope.js'
import type { FieldError } from '../../../../services/errors.js'
import { pupilSuspensions, type PupilSuspensions } from '../../../../services/pupil-suspensions.service.js'
import {
  FormProblems,
  saveOrCollect as collectRefusals,
  text,
  type DateParts,
  type FormBody,
} from '../../../forms.js'

/** A service call that writes nothing, its refusals joined to the form's own problems (forms.ts). */
export const checkOrCollect = collectRefusals

export type PupilParams = { id: string }

/** The pupil's suspensions, as the signed-in user may see them: the one audited read a page makes. */
export function suspensionsOfUrl(
  request: FastifyRequest<{ Params: PupilParams }>,
): Promise<PupilSuspensions> {
  return pupilSuspensions(request.server.harbour.ctx, request.actor!, request.params.id)
}

export const suspensionsUrl = (pupilId: string, section?: string) =>
  `/pupils/${pupilId}/suspensions${section ? `#${section}` : ''}`

export const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as FormBody

/** The version the form was shown at; missing or garbled is 0, so the save is refused as stale (409). */
export function versionOf(body: FormBody): number {
  const v = Number(text(body, 'version'))
  return Number.isInteger(v) && v > 0 ? v : 0
}

/** Every value a form field was sent, for checkboxes (one value or many). */
export function listOf(body: FormBody, name: string): string[] {
  const v = body[name]
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean)
}

/** A GOV.UK date input read into the form's problems; its errors point at its first missing part. */
export function readDate(
  body: FormBody,
  problems: FormProblems,
  name: string,
  label: string,
  required: boolean,
): { iso: string | null; parts: DateParts } {
  const before = problems.errors.length
  const read = problems.date(body, name, label, required)
  if (problems.errors.length === before) problems.link(name, `${name}-day`)
  return { iso: read.value, parts: read.parts }
}

/**
 * Calls `save` only when the form itself found no problems (so nothing is saved from a form the page could
 * not read), and collects the rules it breaks as `checkOrCollect` does. Null when not saved.
 */
export async function saveOrCollect<T>(
  problems: FormProblems,
  save: () => Promise<T>,
  rewrite?: (e: FieldError) => FieldError,
): Promise<T | null> {
  if (problems.has()) return null
  return checkOrCollect(problems, save, rewrite)
}

/** What the signed-in user may do on these pages (each service checks again). */
export function mayOn(actor: Actor) {
  return {
    record: can(actor.role, 'suspension:record'),
    decide: can(actor.role, 'suspension:decide'),
    atRisk: can(actor.role, 'suspension:at_risk'),
    manage: can(actor.role, 'suspension:manage'),
    configure: can(actor.role, 'suspension:configure'),
  }
}

export const pupilNameOf = (p: { givenName: string; familyName: string; preferredName: string | null }) =>
  `${p.preferredName || p.givenName} ${p.familyName}`
