import { TEXT_LIMITS } from '../../domain/input/text-limits.js'
import { addImpact } from '../../services/funding-impact.service.js'
import { pupilLedger, schoolLedger } from '../../services/funding-ledger.service.js'
import { getRate, setRate } from '../../services/funding-rates.service.js'
import { recordAllocation, recordSpend, releaseFunding } from '../../services/funding.service.js'
import { defineRoute, type Api } from './define.js'
import {
  AllocationSchema,
  FinancialYearQuery,
  ImpactSchema,
  money,
  NewAllocationSchema,
  NewReleaseSchema,
  NewSpendSchema,
  PupilFundingSchema,
  PupilParams,
  RateSchema,
  ReleaseSchema,
  SchoolFundingSchema,
  SpendSchema,
  TAG,
  toAccount,
  toRate,
  toSpend,
  YearParams,
} from './funding-schemas.js'
import { idParam, z } from './openapi.js'

export function fundingRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/funding',
    tag: TAG,
    summary: 'A pupil’s PP+ and pupil premium ledger for a financial year',
    params: PupilParams,
    query: FinancialYearQuery,
    response: PupilFundingSchema,
    responseDescription: 'The ledger',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => {
      const l = await pupilLedger(ctx, actor, params.id, query.financialYear)
      return {
        pupilId: l.pupil.id,
        financialYear: l.financialYear,
        label: l.yearLabel,
        rate: toRate({ financialYear: l.financialYear, label: l.yearLabel, rate: l.rate, text: l.rateText }),
        totals: money(l.totals),
        accounts: l.accounts.map(toAccount),
      }
    },
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/funding/allocations',
    tag: TAG,
    summary: 'Record an allocation',
    params: PupilParams,
    body: NewAllocationSchema,
    pupilAccess: 'funding:allocate',
    status: 201,
    response: AllocationSchema,
    responseDescription: 'The allocation',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => {
      const a = await recordAllocation(ctx, actor, params.id, body)
      return {
        id: a.id,
        financialYear: a.financialYear,
        source: a.source,
        amountPence: a.amountPence,
        laCode: a.laCode,
        note: a.note,
      }
    },
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/funding/releases',
    tag: TAG,
    summary: 'Release CLA PP+ to the school against a PEP target',
    description:
      'Refused (422) against a PEP the Virtual School has not approved, a target not in it, or beyond the allocation ' +
      'without `overrideReason`.',
    params: PupilParams,
    body: NewReleaseSchema,
    pupilAccess: 'funding:release',
    status: 201,
    response: ReleaseSchema,
    responseDescription: 'The release',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => {
      const r = await releaseFunding(ctx, actor, params.id, body)
      return {
        id: r.id,
        financialYear: r.financialYear,
        pepId: r.pepId,
        targetId: r.targetId,
        releasedOn: r.releasedOn,
        amountPence: r.amountPence,
        overrideReason: r.overrideReason,
      }
    },
  })

  defineRoute(api, {
    method: 'post',
    path: '/pupils/{id}/funding/spends',
    tag: TAG,
    summary: 'Record a spend item against a target',
    description:
      'Refused (422) against a target of a plan that is not approved, or beyond the money the school holds without ' +
      '`overrideReason`.',
    params: PupilParams,
    body: NewSpendSchema,
    pupilAccess: 'funding:spend',
    status: 201,
    response: SpendSchema,
    responseDescription: 'The spend item',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) => toSpend(await recordSpend(ctx, actor, params.id, body)),
  })

  defineRoute(api, {
    method: 'patch',
    path: '/pupils/{id}/funding/spends/{spendId}',
    tag: TAG,
    summary: 'Record the impact of a spend item',
    params: PupilParams.extend({ spendId: idParam('spendId', 'The spend item’s id') }),
    body: ImpactSchema,
    pupilAccess: 'funding:spend',
    response: SpendSchema,
    responseDescription: 'The spend item',
    problems: [403, 404, 409],
    handler: async ({ ctx, actor, params, body }) =>
      toSpend(await addImpact(ctx, actor, params.id, params.spendId, body)),
  })

  defineRoute(api, {
    method: 'get',
    path: '/schools/{urn}/funding',
    tag: TAG,
    summary: 'A school’s PP+ and pupil premium totals for a financial year',
    params: z.object({ urn: z.string().openapi({ param: { name: 'urn', in: 'path' }, example: '100000' }) }),
    query: FinancialYearQuery,
    response: SchoolFundingSchema,
    responseDescription: 'The totals',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, query }) => {
      const l = await schoolLedger(ctx, actor, params.urn, query.financialYear)
      const { totals } = l.summary
      return {
        urn: l.school.urn,
        financialYear: l.financialYear,
        label: l.yearLabel,
        rate: toRate({ financialYear: l.financialYear, label: l.yearLabel, rate: l.rate, text: l.rateText }),
        totals: { pupils: totals.pupils, ...money(totals), unreleasedPence: totals.unreleased },
        bySource: l.summary.bySource.map((s) => ({
          source: s.source,
          label: s.label,
          pupils: s.pupils,
          ...money(s),
        })),
        byCategory: l.summary.byCategory.map((c) => ({
          category: c.category,
          label: c.label,
          pupils: c.pupils,
          spentPence: c.spent,
        })),
      }
    },
  })

  defineRoute(api, {
    method: 'get',
    path: '/funding/rates/{financialYear}',
    tag: TAG,
    summary: 'The PP+ rate for a financial year',
    params: YearParams,
    response: RateSchema,
    responseDescription: 'The rate, or "rate not set"',
    problems: [403, 404],
    handler: async ({ ctx, actor, params }) => toRate(await getRate(ctx, actor, params.financialYear)),
  })

  defineRoute(api, {
    method: 'put',
    path: '/funding/rates/{financialYear}',
    tag: TAG,
    summary: 'Set the PP+ rate for a financial year',
    description: 'An administrator enters a later year’s rate (DOMAIN.md PD-9). A year already set is 422.',
    params: YearParams,
    body: z
      .object({
        pence: z.number().int().openapi({ description: 'The rate per pupil, in pence', example: 263000 }),
        source: z.string().max(TEXT_LIMITS.reason).openapi({ description: 'Where the rate comes from' }),
      })
      .openapi('NewPpPlusRate'),
    response: RateSchema,
    responseDescription: 'The rate as set',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, body }) =>
      toRate(await setRate(ctx, actor, { financialYear: params.financialYear, ...body })),
  })
}
