import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  normaliseSectionText,
  PLACEHOLDERS,
  POLICY_SECTION_MAX_CHARS,
  POLICY_SECTIONS,
} from '../../../../../../domain/governance/policy-template.js'
import { ConflictError, NotFoundError, RuleBrokenError } from '../../../../../../services/errors.js'
import {
  changePolicySection,
  schoolPolicyDraft,
  type PolicyDraftView,
} from '../../../../../../services/school-policy.service.js'
import { toErrorList, type ErrorList, type FormBody } from '../../../../../forms.js'
import { requireSignIn } from '../../../../../middleware/authenticate.js'
import { requirePermission } from '../../../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../../../render.js'
import { policyUrl, urnOf, type SchoolParams } from '../../present.js'

type Route = { Params: SchoolParams & { section: string } }

function sectionOf(draft: PolicyDraftView, key: string) {
  const section = draft.document.sections.find((s) => s.key === key)
  if (!section) throw new NotFoundError('section')
  return section
}

const versionSent = (body: FormBody): number | null => {
  const v = typeof body['version'] === 'string' ? body['version'].trim() : ''
  return /^\d+$/.test(v) ? Number(v) : null
}

async function showSection(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  draft: PolicyDraftView,
  values: { text: string; version: number | null },
  errors?: ErrorList,
) {
  const section = sectionOf(draft, request.params.section)
  const url = policyUrl(draft.school.urn)
  const model = POLICY_SECTIONS.find((s) => s.key === section.key)!.modelText
  return renderPage(
    request,
    reply,
    'schools/policy/draft/section/view.njk',
    {
      title: `${section.title}: change the policy`,
      school: draft.school,
      url,
      section,
      values,
      versionField: values.version === null ? '' : String(values.version),
      errors,
      maxLength: POLICY_SECTION_MAX_CHARS,
      placeholders: PLACEHOLDERS.map((p) => ({ name: `{${p.name}}`, means: p.means })),
      // Offered only while the section differs from Harbour's wording.
      differsFromModel: normaliseSectionText(values.text) !== normaliseSectionText(model),
    },
    errors ? 422 : 200,
  )
}

/** `/schools/:urn/policy/draft/:section`: one section's wording, Harbour's model text as the starting point. */
export async function policySectionRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route>(
    '/schools/:urn/policy/draft/:section',
    { preHandler: [requireSignIn, requirePermission('policy:manage')] },
    async (request, reply) => {
      const draft = await schoolPolicyDraft(request.server.harbour.ctx, request.actor!, urnOf(request))
      const section = sectionOf(draft, request.params.section)
      return showSection(request, reply, draft, { text: section.template, version: draft.version })
    },
  )

  app.post<Route>(
    '/schools/:urn/policy/draft/:section',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('policy:manage')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const actor = request.actor!
      // First, so that another school's policy, or a section it does not have, is a 404 whatever was sent.
      const draft = await schoolPolicyDraft(ctx, actor, urnOf(request))
      const section = sectionOf(draft, request.params.section)
      const body = (request.body ?? {}) as FormBody
      const typed = typeof body['text'] === 'string' ? body['text'] : ''
      const values = { text: typed, version: versionSent(body) }
      const useModel = body['action'] === 'model'
      try {
        await changePolicySection(ctx, actor, draft.school.urn, {
          section: section.key,
          text: useModel ? null : typed,
          version: values.version,
        })
        setFlash(
          request,
          useModel ? `${section.title}: back to Harbour’s wording` : `Saved: ${section.title}`,
        )
        return await reply.redirect(`${policyUrl(draft.school.urn)}/draft#policy-${section.key}`)
      } catch (error) {
        if (error instanceof ConflictError)
          return renderPage(
            request,
            reply,
            'schools/policy/draft/section/conflict.njk',
            {
              title: 'Someone else changed the policy while you were editing',
              section,
              typed,
              url: policyUrl(draft.school.urn),
            },
            409,
          )
        if (!(error instanceof RuleBrokenError)) throw error
        return showSection(request, reply, draft, values, toErrorList(error.errors))
      }
    },
  )
}
