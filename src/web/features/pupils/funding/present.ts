/**
 * The pupil's PP+ ledger as the pages show it: amounts in pounds, who may do what, and the targets
 * money can be released or spent against.
 */
import { can } from '../../../../domain/access/permissions.js'
import { isVirtualSchoolRole } from '../../../../domain/access/roles.js'
import type { Actor } from '../../../../domain/access/scope.js'
import { formatDate } from '../../../../domain/calendar/dates.js'
import { financialYearLabel } from '../../../../domain/funding/financial-year.js'
import { formatPence } from '../../../../domain/funding/money.js'
import { holderOf, type FundingSource } from '../../../../domain/funding/sources.js'
import type { ApprovedPlan, PupilFunding } from '../../../../services/funding-ledger.service.js'

export const money = (pence: number): string => formatPence(pence)

/** "2630" or "2630.50": an amount as someone would type it back into the form. */
export const asPounds = (pence: number): string =>
  pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2)

/** The sources of money this actor's side holds and this child can get (PP-5: CLA PP+ is the VS's). */
export function allocatableSources(
  actor: Actor,
  ledger: Pick<PupilFunding, 'eligibleSources'>,
): FundingSource[] {
  const side = isVirtualSchoolRole(actor.role) ? 'virtual_school' : 'school'
  return ledger.eligibleSources.filter((s) => holderOf(s) === side)
}

/** Who may do what on the page, given the child's status (what the services would refuse anyway). */
export function mayOn(actor: Actor, ledger: PupilFunding) {
  const cla =
    ledger.eligibleSources.includes('pp_plus_cla') || ledger.accounts.some((a) => a.source === 'pp_plus_cla')
  return {
    allocate: can(actor.role, 'funding:allocate') && allocatableSources(actor, ledger).length > 0,
    release: can(actor.role, 'funding:release') && cla,
    spend: can(actor.role, 'funding:spend') && ledger.approvedPlans.length > 0,
    recordImpact: can(actor.role, 'funding:spend'),
  }
}

export function ledgerView(ledger: PupilFunding) {
  return {
    yearLabel: ledger.yearLabel,
    rateText: ledger.rateText,
    otherYears: ledger.years
      .filter((y) => y !== ledger.financialYear)
      .map((y) => ({ year: y, label: financialYearLabel(y) })),
    totals: {
      allocated: money(ledger.totals.allocated),
      released: money(ledger.totals.released),
      spent: money(ledger.totals.spent),
      available: money(ledger.totals.available),
    },
    accounts: ledger.accounts.map((a) => ({
      source: a.source,
      label: a.label,
      heldByVirtualSchool: a.holder === 'virtual_school',
      allocated: money(a.allocated),
      released: money(a.released),
      spent: money(a.spent),
      available: money(a.available),
      overspent: a.available < 0,
      unreleased: money(a.unreleased),
      byTarget: a.byTarget.map((t) => ({
        description: t.description,
        requested: money(t.requested),
        released: money(t.released),
        spent: money(t.spent),
      })),
      byCategory: a.byCategory.map((c) => ({ label: c.label, spent: money(c.spent) })),
      allocations: a.allocations.map((x) => ({ date: x.date, amount: money(x.amountPence), note: x.note })),
      releases: a.releases.map((r) => ({
        date: r.releasedOn,
        amount: money(r.amountPence),
        target: r.targetDescription,
        overrideReason: r.overrideReason,
      })),
      spends: a.spends.map((s) => ({
        id: s.id,
        date: s.spentOn,
        amount: money(s.amountPence),
        description: s.description,
        category: s.categoryLabel,
        target: s.targetDescription,
        impact: s.impact,
        overrideReason: s.overrideReason,
      })),
    })),
  }
}

export type TargetChoice = { value: string; text: string; hint: string }
export type PlanChoices = { legend: string; targets: TargetChoice[] }

/** The targets of approved plans of `kind`, newest plan first, each with what it asked for. */
export function targetChoices(
  ledger: PupilFunding,
  kind: ApprovedPlan['kind'],
  hintOf: (targetId: string, requested: number) => string,
): PlanChoices[] {
  return ledger.approvedPlans
    .filter((p) => p.kind === kind && p.targets.length > 0)
    .reverse()
    .map((p) => ({
      legend: `${kind === 'pep' ? 'PEP' : 'Support plan'} from the meeting on ${formatDate(p.meetingDate)}`,
      targets: p.targets.map((t) => ({ value: t.id, text: t.description, hint: hintOf(t.id, t.requested) })),
    }))
}

/** The pupil's PP+ page for a financial year: where each funding form returns once saved. */
export const ledgerUrl = (pupilId: string, financialYear: number): string =>
  `/pupils/${pupilId}/funding?financialYear=${financialYear}`

/** The choices as GOV.UK radios, one a target, each hinted with its plan; `checked` is the one chosen. */
export function targetRadios(plans: readonly PlanChoices[], checked: string) {
  return plans.flatMap((p) =>
    p.targets.map((t) => ({
      value: t.value,
      text: t.text,
      hint: { text: `${p.legend}. ${t.hint}` },
      checked: t.value === checked,
    })),
  )
}

/** Released and spent so far against a target, this year, across the child's accounts. */
export function targetMoney(ledger: PupilFunding, targetId: string) {
  const lines = ledger.accounts.flatMap((a) => a.byTarget).filter((t) => t.targetId === targetId)
  return {
    released: lines.reduce((n, t) => n + t.released, 0),
    spent: lines.reduce((n, t) => n + t.spent, 0),
  }
}
