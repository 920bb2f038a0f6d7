/**
 * PP+ rates per financial year (DOMAIN.md PD-9): the seeded years, and later years entered by an
 * administrator. A year with no rate shows "rate not set", never a guess; a rate once set is kept.
 */
import type { Actor } from '../domain/access/scope.js'
import { financialYearOf } from '../domain/calendar/dates.js'
import { financialYearLabel } from '../domain/funding/financial-year.js'
import {
  formatRate,
  ppPlusRate,
  rateRowProblems,
  type PpPlusRate,
  type PpPlusRateRow,
} from '../domain/funding/rates.js'
import { overlongFields } from '../domain/input/text-limits.js'
import * as repo from '../data/repositories/funding.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { amountTooLarge } from './funding-rows.js'

export type RateView = {
  financialYear: number
  label: string
  rate: PpPlusRate
  /** "£2,630", or "rate not set". */
  text: string
}

function rateView(rows: ReadonlyArray<PpPlusRateRow>, financialYear: number): RateView {
  const rate = ppPlusRate(rows, financialYear)
  return { financialYear, label: financialYearLabel(financialYear), rate, text: formatRate(rate) }
}

/**
 * Every year from the first rate set to the year after the current one, each with its rate or "rate
 * not set", newest first; and the first later year without a rate, for the form.
 */
export async function listRates(ctx: ServiceContext, actor: Actor) {
  authorise(actor, 'funding:rate:manage')
  const rows = await repo.listRates(ctx.db)
  const current = financialYearOf(today(ctx))
  const first = Math.min(current, ...rows.map((r) => r.financialYear))
  const last = Math.max(current + 1, ...rows.map((r) => r.financialYear))
  const years: RateView[] = []
  for (let year = last; year >= first; year--) years.push(rateView(rows, year))
  const latestSet = Math.max(...rows.map((r) => r.financialYear), current - 1)
  return { years, currentFinancialYear: current, nextYearToSet: latestSet + 1 }
}

export async function getRate(ctx: ServiceContext, actor: Actor, financialYear: number): Promise<RateView> {
  authorise(actor, 'funding:rate:manage')
  return rateView(await repo.listRates(ctx.db), financialYear)
}

/** PD-9: "later years are entered by an administrator"; a year already set is refused, not overwritten. */
export async function setRate(
  ctx: ServiceContext,
  actor: Actor,
  input: { financialYear: number; pence: number; source: string },
): Promise<RateView> {
  authorise(actor, 'funding:rate:manage')
  return ctx.db.transaction(async (tx) => {
    const existing = await repo.listRates(tx)
    const row = { financialYear: input.financialYear, pence: input.pence, source: input.source.trim() }
    const problems = [
      ...rateRowProblems(row, existing),
      ...amountTooLarge(input.pence).map((p) => ({ ...p, path: 'pence' })),
      ...overlongFields([
        { path: 'source', label: 'Where the rate comes from', value: row.source, kind: 'reason' },
      ]),
    ]
    if (problems.length)
      throw new RuleBrokenError(problems.map((p) => ({ path: p.path, message: p.message })))
    const inserted = await repo.insertRate(tx, { ...row, recordedBy: actor.userId })
    if (!inserted)
      throw new RuleBrokenError([
        {
          path: 'financialYear',
          message: `The rate for ${financialYearLabel(row.financialYear)} is already set`,
        },
      ])
    await audit(tx, actor, 'funding.rate_set', {
      entity: 'pp_plus_rate',
      entityId: String(row.financialYear),
      details: { financialYear: row.financialYear, pence: row.pence },
    })
    return rateView([...existing, row], row.financialYear)
  })
}
