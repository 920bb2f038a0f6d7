/**
 * Reading PP+ and pupil premium ledgers (DOMAIN.md PD-9, PP-5, POL-25): one pupil's, audited; a
 * school's totals, names-free; the balances a PEP dashboard shows, set-based.
 */
import type { Actor } from '../domain/access/scope.js'
import { financialYearOf, todayInLondon, type IsoDate } from '../domain/calendar/dates.js'
import { statusOn } from '../domain/cohort/status.js'
import type { SpendCategory } from '../domain/funding/categories.js'
import { financialYearLabel } from '../domain/funding/financial-year.js'
import type { FundingRows } from '../domain/funding/ledger.js'
import { formatRate, ppPlusRate, type PpPlusRate } from '../domain/funding/rates.js'
import {
  forGovernors,
  rowsInPeriod,
  schoolFundingSummary,
  type GovernorsFundingSummary,
  type SummaryPeriod,
} from '../domain/funding/school-summary.js'
import { FUNDING_SOURCES, fundingSourcesFor } from '../domain/funding/sources.js'
import type { Executor } from '../data/db.js'
import * as repo from '../data/repositories/funding.repository.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { accountView, approvedPlansOf, sumOf, type Money } from './funding-ledger-view.js'
import { domainRows, financialYearProblems, statusDayFor } from './funding-rows.js'
import { requirePupil } from './pupils.service.js'
import { requireSchool } from './schools.service.js'

export type { AccountView, ApprovedPlan, Money, TargetLine } from './funding-ledger-view.js'

function checkYear(financialYear: number, todayIso: IsoDate): void {
  const problems = financialYearProblems(financialYear, todayIso)
  if (problems.length) throw new RuleBrokenError(problems)
}

/**
 * One pupil's PP+ and pupil premium for a financial year (the current one by default), by source: what
 * was allocated, released, spent and is available, by target and by category, with the rows. One
 * audited read (DESIGN.md "Access control and audit").
 */
export async function pupilLedger(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  financialYear?: number,
) {
  authorise(actor, 'funding:read')
  const todayIso = today(ctx)
  const year = financialYear ?? financialYearOf(todayIso)
  checkYear(year, todayIso)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, todayIso, 'funding:read')
    const raw = await repo.fundingRowsOfPupil(tx, pupilId)
    const plans = await repo.plansWithTargetsOf(tx, pupilId)
    const rates = await repo.listRates(tx)
    const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupilId])
    const rows = domainRows(pupilId, raw)
    const eligible = fundingSourcesFor(statusOn(episodes, statusDayFor(year, todayIso)))
    const approved = approvedPlansOf(plans)
    const used = new Set(
      [...rows.allocations, ...rows.releases, ...rows.spends]
        .filter((r) => r.financialYear === year)
        .map((r) => r.source),
    )
    const accounts = FUNDING_SOURCES.filter((s) => used.has(s) || eligible.includes(s)).map((source) =>
      accountView(source, year, pupilId, raw, rows, plans, approved),
    )
    const current = financialYearOf(todayIso)
    const years = new Set([current, current - 1, year, ...rows.allocations.map((a) => a.financialYear)])
    const rate: PpPlusRate = ppPlusRate(rates, year)
    await audit(tx, actor, 'funding.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { financialYear: year },
    })
    return {
      pupil,
      today: todayIso,
      financialYear: year,
      yearLabel: financialYearLabel(year),
      rate,
      rateText: formatRate(rate),
      years: [...years].sort((a, b) => b - a),
      eligibleSources: eligible,
      accounts,
      totals: {
        allocated: sumOf(accounts, 'allocated'),
        released: sumOf(accounts, 'released'),
        spent: sumOf(accounts, 'spent'),
        available: sumOf(accounts, 'available'),
      },
      approvedPlans: approved,
    }
  })
}

export type PupilFunding = Awaited<ReturnType<typeof pupilLedger>>

/** The rows of a school as the rules take them: amounts, categories and targets, no free text. */
async function schoolRows(tx: Executor, schoolId: string, financialYears: number[]): Promise<FundingRows> {
  const rows: FundingRows = { allocations: [], releases: [], spends: [] }
  for (const year of financialYears) {
    const { allocations, releases, spends } = await repo.fundingAmountsOfSchool(tx, schoolId, year)
    rows.allocations = [
      ...rows.allocations,
      ...allocations.map(({ createdAt, ...a }) => ({ ...a, date: todayInLondon(createdAt) })),
    ]
    rows.releases = [...rows.releases, ...releases]
    rows.spends = [
      ...rows.spends,
      ...spends.map((s) => ({ ...s, description: '', category: s.category as SpendCategory })),
    ]
  }
  return rows
}

/**
 * A school's totals for a financial year (the current one by default): by source and by category,
 * across its pupils. No pupil is named; the school must be in the actor's scope (else 404).
 */
export async function schoolLedger(ctx: ServiceContext, actor: Actor, urn: string, financialYear?: number) {
  authorise(actor, 'funding:read')
  const todayIso = today(ctx)
  const year = financialYear ?? financialYearOf(todayIso)
  checkYear(year, todayIso)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const summary = schoolFundingSummary(await schoolRows(tx, school.id, [year]), {
      kind: 'financial_year',
      year,
    })
    const rate = ppPlusRate(await repo.listRates(tx), year)
    await audit(tx, actor, 'funding.school_viewed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { financialYear: year },
    })
    return {
      school: { urn: school.urn, name: school.name },
      financialYear: year,
      yearLabel: financialYearLabel(year),
      rate,
      rateText: formatRate(rate),
      summary,
    }
  })
}

/**
 * For the governors' report (GOV-4 (7), POL-27, PD-11): a school's totals with small numbers
 * withheld. The caller has checked its own permission and widened row-level security to the school,
 * as the governors' report does; nothing here names a pupil or holds free text.
 */
export async function fundingSummaryForGovernors(
  tx: Executor,
  schoolId: string,
  period: SummaryPeriod,
  threshold?: number,
): Promise<GovernorsFundingSummary> {
  // A school year (August to July) reaches into two financial years (April to March).
  const years = period.kind === 'financial_year' ? [period.year] : [period.year, period.year + 1]
  const rows = rowsInPeriod(await schoolRows(tx, schoolId, years), period)
  return forGovernors(schoolFundingSummary(rows, period), threshold)
}

/**
 * PP+ and pupil premium balances for many pupils (the PEP dashboard), in one statement: every pupil
 * asked about is in the map, with zeros when nothing is recorded. Scope is the caller's: pass only
 * pupils the actor may see.
 */
export async function ppPlusBalances(
  tx: Executor,
  pupilIds: readonly string[],
  financialYear: number,
): Promise<Map<string, Money>> {
  const balances = new Map<string, Money>(
    pupilIds.map((id) => [id, { allocated: 0, released: 0, spent: 0, available: 0 }]),
  )
  for (const r of await repo.fundingTotalsOfPupils(tx, pupilIds, financialYear)) {
    const released = r.heldBySchool + r.released
    balances.set(r.pupilId, {
      allocated: r.allocated,
      released,
      spent: r.spent,
      available: released - r.spent,
    })
  }
  return balances
}
