import {
  CHILD_PARTICIPATION,
  POST_16_ACTIVITIES,
  PROGRESS_LEVELS,
  TARGET_OUTCOMES,
} from '../../domain/pep/content.js'
import {
  createPep,
  decidePep,
  getPep,
  listPupilPeps,
  submitPep,
  updatePep,
} from '../../services/peps.service.js'
import { getPepSchedule } from '../../services/pep-schedule.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, isoDate, z } from './openapi.js'

// Free text is generous but bounded, so a pasted essay is a clear 422 rather than a surprise.
const text = (max = 5000) => z.string().max(max).optional()
const short = () => z.string().max(200).optional()

const ContentSchema = z
  .object({
    attendees: z
      .object({
        socialWorker: short(),
        carer: short(),
        designatedTeacher: short(),
        virtualSchoolAdviser: short(),
        parentsOrGuardians: short(),
        others: z.string().max(1000).optional(),
        child: z.enum(CHILD_PARTICIPATION).optional(),
      })
      .optional(),
    childVoice: z.object({ ownWords: text(), goingWell: text(), wants: text() }).optional(),
    parentsViews: text(),
    currentArrangements: text(),
    attainment: z
      .array(
        z.object({
          subject: z.string().min(1).max(100),
          current: short(),
          expected: short(),
          progress: z.enum(PROGRESS_LEVELS).optional(),
        }),
      )
      .max(30)
      .optional(),
    sen: z.object({ ehcpReference: short(), notes: text() }).optional(),
    wellbeing: text(),
    leisureInterests: text(),
    carerRole: text(),
    minimiseDisruption: text(),
    transitionPlans: text(),
    careerAspirations: text(),
    earlyYears: z.object({ setting: short(), fundedHours: z.number().min(0).max(60).optional() }).optional(),
    post16: z
      .object({
        activity: z.enum(POST_16_ACTIVITIES).optional(),
        provider: short(),
        pathwayPlanReference: short(),
      })
      .optional(),
  })
  .openapi('PepContent', {
    description:
      'The PEP’s sections (DOMAIN.md PEP-10, PEP-11, PEP-12). All optional in a draft; a submitted PEP needs the child’s voice, targets, career aspirations from Year 8 and, post-16, the activity.',
  })

const TargetSchema = z
  .object({
    area: z.string().max(100).nullish(),
    description: z.string().max(2000),
    successCriteria: z.string().max(2000),
    owner: z.string().max(200),
    dueBy: isoDate(),
    ppPlusRequestedPence: z.number().int().min(0).max(10_000_000).optional(),
    carriedFromTargetId: z.string().uuid().nullish(),
  })
  .openapi('PepTarget', {
    description: 'A SMART target: what, how we will know, who, by when, and the PP+ asked for (pence).',
  })

const ReviewSchema = z
  .object({ targetId: z.string().uuid(), outcome: z.enum(TARGET_OUTCOMES), evidence: z.string().max(2000) })
  .openapi('PepTargetReview', { description: 'The review of one of the previous PEP’s targets.' })

const PepFields = {
  nextMeetingDate: isoDate().nullish(),
  phase: z.enum(['early_years', 'school_age', 'post_16']).optional(),
  parentsConsentToVs: z.boolean().optional(),
  content: ContentSchema.optional(),
  targets: z.array(TargetSchema).max(20).optional(),
  reviews: z.array(ReviewSchema).max(40).optional(),
}

export const NewPepSchema = z
  .object({
    meetingDate: isoDate(),
    kind: z.enum(['pep', 'pla_support_plan']).optional(),
    submit: z.boolean().optional(),
    ...PepFields,
  })
  .openapi('NewPep', {
    description:
      'A PEP for one meeting. With `submit: true` the DT submits it at once and it counts for the schedule (DOMAIN.md PD-18).',
  })

const PepUpdateSchema = z
  .object({ version: z.number().int(), meetingDate: isoDate().optional(), ...PepFields })
  .openapi('PepUpdate', {
    description: 'Changes to a draft or returned PEP; `version` as read (a stale one is 409).',
  })

const PepRefSchema = z
  .object({
    id: z.string().openapi({ format: 'uuid' }),
    status: z.enum(['draft', 'submitted', 'returned', 'approved']),
    version: z.number().int(),
  })
  .openapi('PepRef')

const PepSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['pep', 'pla_support_plan']),
    meetingDate: isoDate(),
    status: z.enum(['draft', 'submitted', 'returned', 'approved']),
    qualityRating: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('PepSummary')

const PepDetailSchema = PepSummarySchema.extend({
  phase: z.string(),
  nextMeetingDate: isoDate().nullable(),
  responsibleLaCode: z.string().nullable(),
  content: z.record(z.string(), z.unknown()),
  snapshot: z.record(z.string(), z.unknown()),
  returnFeedback: z.string().nullable(),
  targets: z.array(TargetSchema.extend({ id: z.string() })),
  reviews: z.array(ReviewSchema),
}).openapi('Pep')

const PupilParams = z.object({ id: idParam('id', 'The pupil’s id') })
const PepParams = z.object({ id: idParam('id', 'The pupil’s id'), pepId: idParam('pepId', 'The PEP’s id') })

const DecisionSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('return'), version: z.number().int(), feedback: z.string().max(5000) }),
    z.object({
      action: z.literal('approve'),
      version: z.number().int(),
      rating: z.string().max(50),
      notes: z.string().max(5000).optional(),
    }),
  ])
  .openapi('PepDecision', {
    description:
      'The Virtual School returns a submitted PEP with feedback, or approves it with a quality rating.',
  })

const summary = (p: {
  id: string
  kind: 'pep' | 'pla_support_plan'
  meetingDate: string
  status: 'draft' | 'submitted' | 'returned' | 'approved'
  qualityRating: string | null
  version: number
}) => ({
  id: p.id,
  kind: p.kind,
  meetingDate: p.meetingDate,
  status: p.status,
  qualityRating: p.qualityRating,
  version: p.version,
})

const PepScheduleSchema = z
  .object({
    required: z.boolean(),
    status: z.enum(['ok', 'due_soon', 'overdue', 'not_required']),
    nextDue: isoDate().nullable(),
    reasons: z.array(z.string()),
    dueDates: z.array(
      z.object({
        clock: z.string(),
        dueBy: isoDate(),
        met: z.boolean(),
        metBy: isoDate().optional(),
        description: z.string(),
      }),
    ),
  })
  .openapi('PepSchedule', {
    description:
      'Both clocks of DOMAIN.md PD-1 (statutory and the Virtual School’s cadence) and the review after a change of school or placement (PEP-7), as PD-18 settles them.',
  })

export function pepRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/pep-schedule',
    tag: 'PEPs',
    summary: 'When the pupil’s next PEP is due, and why',
    params: PupilParams,
    query: z.object({
      on: isoDate().optional().openapi({ description: 'Defaults to today (Europe/London)' }),
    }),
    response: PepScheduleSchema,
    responseDescription: 'The schedule on the date',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => {
      const s = await getPepSchedule(ctx, actor, params.id, query.on)
      return {
        required: s.required,
        status: s.status,
        nextDue: s.nextDue,
        reasons: s.reasons,
        dueDates: s.dueDates.map((d) => ({
          clock: d.clock,
          dueBy: d.dueBy,
          met: d.met,
          ...(d.metBy ? { metBy: d.metBy } : {}),
          description: d.description,
        })),
      }
    },
  })
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/peps',
    tag: 'PEPs',
    summary: 'Record a PEP',
    pupilAccess: 'pep:write',
    description:
      'For a child looked after on the meeting date (a PLA support plan: previously looked after). Targets need a ' +
      'description, success criteria, an owner and a date; with `submit: true` everything a submitted PEP needs (422 otherwise).',
    params: PupilParams,
    body: NewPepSchema,
    status: 201,
    response: PepRefSchema,
    responseDescription: 'The PEP’s id and status',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => createPep(ctx, actor, params.id, body),
  })
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/peps',
    tag: 'PEPs',
    summary: 'A pupil’s PEPs, newest first',
    params: PupilParams,
    response: z.array(PepSummarySchema),
    responseDescription: 'The PEPs',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => (await listPupilPeps(ctx, actor, params.id)).peps.map(summary),
  })
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/peps/{pepId}',
    tag: 'PEPs',
    summary: 'One PEP with its targets and reviews',
    params: PepParams,
    response: PepDetailSchema,
    responseDescription: 'The PEP',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => {
      const d = await getPep(ctx, actor, params.id, params.pepId)
      return {
        ...summary(d.pep),
        phase: d.pep.phase,
        nextMeetingDate: d.pep.nextMeetingDate,
        responsibleLaCode: d.pep.responsibleLaCode,
        content: d.pep.content,
        snapshot: d.pep.snapshot,
        returnFeedback: d.pep.returnFeedback,
        targets: d.targets.map((t) => ({
          id: t.id,
          area: t.area,
          description: t.description,
          successCriteria: t.successCriteria,
          owner: t.owner,
          dueBy: t.dueBy,
          ppPlusRequestedPence: t.ppPlusRequestedPence,
          carriedFromTargetId: t.carriedFromTargetId,
        })),
        reviews: d.reviews.map((r) => ({ targetId: r.targetId, outcome: r.outcome, evidence: r.evidence })),
      }
    },
  })
  defineRoute(api, {
    method: 'put',
    path: '/pupils/{id}/peps/{pepId}',
    tag: 'PEPs',
    summary: 'Change a draft or returned PEP',
    pupilAccess: 'pep:write',
    description:
      'Sections sent replace the ones held; targets and reviews, when sent, replace the lists. An approved PEP is 422.',
    params: PepParams,
    body: PepUpdateSchema,
    response: PepRefSchema,
    responseDescription: 'The PEP’s new version',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) => {
      const { version, ...changes } = body
      return updatePep(ctx, actor, params.id, params.pepId, version, changes)
    },
  })
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/peps/{pepId}/submit',
    tag: 'PEPs',
    summary: 'Submit a PEP to the Virtual School',
    pupilAccess: 'pep:submit',
    params: PepParams,
    body: z.object({ version: z.number().int() }).openapi('PepSubmit'),
    response: PepRefSchema,
    responseDescription: 'The PEP, submitted',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) => {
      return submitPep(ctx, actor, params.id, params.pepId, body.version)
    },
  })
  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/peps/{pepId}/decision',
    tag: 'PEPs',
    summary: 'Return or approve a submitted PEP (Virtual School)',
    pupilAccess: 'pep:approve',
    description: 'A rating the Virtual School’s rubric marks as not approvable (red by default) is 422.',
    params: PepParams,
    body: DecisionSchema,
    response: PepRefSchema,
    responseDescription: 'The PEP after the decision',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) => {
      const { version, ...decision } = body
      return decidePep(ctx, actor, params.id, params.pepId, version, decision)
    },
  })
}
