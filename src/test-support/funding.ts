/**
 * PEPs and funding rows written straight to the tables, for funding tests: the PEP workflow has its
 * own tests, and these need an approved PEP (or support plan) with targets without walking it.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../data/db.js'
import {
  fundingAllocations,
  fundingSpends,
  pepTargets,
  peps,
  pupils,
  type FundingSource,
} from '../data/schema/index.js'

export type PlanOptions = {
  kind?: 'pep' | 'pla_support_plan'
  status?: 'draft' | 'submitted' | 'returned' | 'approved'
  meetingDate?: string
  /** When the Virtual School approved it; by default the day after the meeting, at noon. */
  approvedAt?: Date | null
  targets?: Array<{ description: string; requestedPence?: number }>
}

/** A PEP (or support plan) with targets; approved unless told otherwise. */
export async function aPlan(db: Db, pupilId: string, options: PlanOptions = {}) {
  const [pupil] = await db.select({ schoolId: pupils.schoolId }).from(pupils).where(eq(pupils.id, pupilId))
  const status = options.status ?? 'approved'
  const meetingDate = options.meetingDate ?? '2026-09-20'
  const approvedAt =
    status === 'approved'
      ? options.approvedAt === undefined
        ? new Date(`${meetingDate}T12:00:00Z`)
        : options.approvedAt
      : null
  const [pep] = await db
    .insert(peps)
    .values({
      pupilId,
      schoolId: pupil!.schoolId,
      kind: options.kind ?? 'pep',
      meetingDate,
      status,
      approvedAt,
      submittedAt: status === 'draft' ? null : new Date(`${meetingDate}T10:00:00Z`),
      responsibleLaCode: '919',
    })
    .returning()
  const wanted = options.targets ?? [{ description: 'Read a chapter book each week', requestedPence: 50_000 }]
  const targets = wanted.length
    ? await db
        .insert(pepTargets)
        .values(
          wanted.map((t, position) => ({
            pepId: pep!.id,
            pupilId,
            position,
            description: t.description,
            successCriteria: 'Reading age within a year of actual age',
            owner: 'English teacher',
            dueBy: '2027-07-16',
            ppPlusRequestedPence: t.requestedPence ?? 0,
          })),
        )
        .returning()
    : []
  return { pep: pep!, targets, schoolId: pupil!.schoolId }
}

/**
 * A spend item with everything it needs (an approved PEP, its target, an allocation), for pages and
 * routes that act on one. Returns the ids, and a way to remove them again.
 */
export async function aSpendRow(
  db: Db,
  pupilId: string,
  over: { source?: FundingSource; financialYear?: number; description?: string; impact?: string | null } = {},
) {
  const { pep, targets, schoolId } = await aPlan(db, pupilId)
  const target = targets[0]!
  const [allocation] = await db
    .insert(fundingAllocations)
    .values({
      pupilId,
      schoolId,
      source: over.source ?? 'pp_plus_cla',
      financialYear: over.financialYear ?? 2026,
      amountPence: 263_000,
    })
    .returning()
  const [spend] = await db
    .insert(fundingSpends)
    .values({
      allocationId: allocation!.id,
      pupilId,
      schoolId,
      targetId: target.id,
      spentOn: '2026-09-25',
      amountPence: 12_000,
      description: over.description ?? 'Reading books',
      category: 'resources',
      impact: over.impact ?? null,
    })
    .returning()
  return {
    spendId: spend!.id,
    remove: async () => {
      await db.delete(fundingSpends).where(eq(fundingSpends.id, spend!.id))
      await db.delete(fundingAllocations).where(eq(fundingAllocations.id, allocation!.id))
      await db.delete(pepTargets).where(eq(pepTargets.pepId, pep.id))
      await db.delete(peps).where(eq(peps.id, pep.id))
    },
  }
}
