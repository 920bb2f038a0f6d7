import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { formatDate, isIsoDate, todayInLondon } from '../../../../../domain/calendar/dates.js'
import {
  DEFAULT_REVIEW_YEARS,
  MAX_REVIEW_YEARS,
  reviewReminderDueOn,
  type Ratification,
} from '../../../../../domain/governance/policy-review.js'
import { RuleBrokenError } from '../../../../../services/errors.js'
import {
  checkPolicyRatification,
  ratifySchoolPolicy,
  schoolPolicyDraft,
  type PolicyDraftView,
} from '../../../../../services/school-policy.service.js'
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
import { policyUrl, urnOf, type SchoolParams } from '../present.js'

type Route = { Params: SchoolParams }
type Values = { ratifiedOn: DateParts; ratifiedBy: string; nextReviewOn: DateParts; version: string }

const FIELD_IDS = { ratifiedOn: 'ratifiedOn-day', nextReviewOn: 'nextReviewOn-day', ratifiedBy: 'ratifiedBy' }

/** What is being ratified, in words: "Version 2 (the draft)", "The policy as it stands". */
function whatIsRatified(draft: PolicyDraftView): string {
  const version = draft.document.policyVersion
  if (draft.document.status === 'draft') return `Version ${version}: the draft`
  if (draft.document.status === 'ratified') return `Version ${version} again, unchanged, as the next version`
  return 'Harbour’s model policy, unchanged, as version 1'
}

function showForm(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  draft: PolicyDraftView,
  values: Values,
  errors?: ErrorList,
) {
  return renderPage(
    request,
    reply,
    'schools/policy/ratify/view.njk',
    {
      title: `Record the ratification: ${draft.school.name}`,
      school: draft.school,
      url: policyUrl(draft.school.urn),
      what: whatIsRatified(draft),
      values,
      errors,
      defaultYears: DEFAULT_REVIEW_YEARS,
      maxYears: MAX_REVIEW_YEARS,
    },
    errors ? 422 : 200,
  )
}

function showCheck(
  request: FastifyRequest<Route>,
  reply: FastifyReply,
  draft: PolicyDraftView,
  ratification: Ratification,
  version: string,
) {
  const url = policyUrl(draft.school.urn)
  const change = `${url}/ratify?${new URLSearchParams(ratification).toString()}`
  return renderPage(request, reply, 'schools/policy/ratify/check.njk', {
    title: `Check your answers: ratification of ${draft.school.name}’s policy`,
    school: draft.school,
    url,
    what: whatIsRatified(draft),
    ratification,
    version,
    change,
    reminderOn: reviewReminderDueOn(
      ratification.nextReviewOn,
      todayInLondon(request.server.harbour.ctx.now()),
    ),
  })
}

/** Reads the form's answers; null dates where the form had problems (recorded in `problems`). */
function readAnswers(body: FormBody, problems: FormProblems) {
  const ratifiedOn = problems.date(body, 'ratifiedOn', 'date the policy was ratified', true)
  const nextReviewOn = problems.date(body, 'nextReviewOn', 'next review date', false)
  const ratifiedBy = text(body, 'ratifiedBy')
  return {
    input: ratifiedOn.value
      ? { ratifiedOn: ratifiedOn.value, ratifiedBy, nextReviewOn: nextReviewOn.value }
      : null,
    values: {
      ratifiedOn: ratifiedOn.parts,
      ratifiedBy,
      nextReviewOn: nextReviewOn.parts,
      version: text(body, 'version'),
    },
  }
}

const versionOf = (v: string): number | null => (/^\d+$/.test(v) ? Number(v) : null)

/**
 * `/schools/:urn/policy/ratify` (DOMAIN.md POL-28): the date the governing board ratified the policy, who
 * ratified it and its next review date, then "Check your answers", then the policy is in force.
 */
export async function ratifyPolicyRoutes(app: FastifyInstance): Promise<void> {
  app.get<Route & { Querystring: Record<string, string | undefined> }>(
    '/schools/:urn/policy/ratify',
    { preHandler: [requireSignIn, requirePermission('policy:manage')] },
    async (request, reply) => {
      const draft = await schoolPolicyDraft(request.server.harbour.ctx, request.actor!, urnOf(request))
      // Back from "Check your answers": the answers given, to change.
      const q = request.query ?? {}
      const iso = (v: string | undefined) => (v && isIsoDate(v) ? v : null)
      return showForm(request, reply, draft, {
        ratifiedOn: dateParts(iso(q.ratifiedOn)),
        ratifiedBy: (q.ratifiedBy ?? '').slice(0, 500),
        nextReviewOn: dateParts(iso(q.nextReviewOn)),
        version: draft.version === null ? '' : String(draft.version),
      })
    },
  )

  app.post<Route>(
    '/schools/:urn/policy/ratify',
    { preHandler: [requireSignIn, app.csrfProtection, requirePermission('policy:manage')] },
    async (request, reply) => {
      const ctx = request.server.harbour.ctx
      const actor = request.actor!
      const draft = await schoolPolicyDraft(ctx, actor, urnOf(request))
      const body = (request.body ?? {}) as FormBody
      const problems = new FormProblems(FIELD_IDS)
      const { input, values } = readAnswers(body, problems)
      if (!problems.has() && input) {
        try {
          if (body['confirm'] !== 'yes') {
            const checked = await checkPolicyRatification(ctx, actor, draft.school.urn, input)
            return await showCheck(request, reply, draft, checked, values.version)
          }
          const { policy, reminder } = await ratifySchoolPolicy(ctx, actor, draft.school.urn, {
            ...input,
            version: versionOf(values.version),
          })
          setFlash(
            request,
            `Version ${policy.policyVersion} of the policy is now in force. Harbour will remind you to review it from ${formatDate(reminder.dueOn)}`,
          )
          return await reply.redirect(policyUrl(draft.school.urn))
        } catch (error) {
          if (!(error instanceof RuleBrokenError)) throw error
          problems.addAll(error.errors)
        }
      }
      return showForm(request, reply, draft, values, problems.list())
    },
  )
}
