/**
 * The designated teacher's part of the report to governors (POL-27, GOV-2): saving the narrative and the
 * priorities for next year, sharing the report with governors, and archiving it, for one school year.
 * Every change is at the version the DT read: a stale one is a 409, never a lost update.
 */
import type { Actor } from '../domain/access/scope.js'
import {
  archiveProblems,
  saveProblems,
  shareProblems,
  tidyWrittenReport,
  type WrittenReportInput,
  type WrittenReportProblem,
} from '../domain/reports/written-report.js'
import type { Tx } from '../data/db.js'
import * as repo from '../data/repositories/governors-report-text.repository.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { ConflictError, RuleBrokenError } from './errors.js'
import { checkReportYear } from './reports.service.js'
import { requireSchool } from './schools.service.js'

type Target = { urn: string; schoolYear?: number | undefined; version: number }

function refuse(problems: WrittenReportProblem[]): void {
  if (problems.length) throw new RuleBrokenError(problems)
}

/**
 * The school (in scope, else 404), the year, and the stored report at the version sent, in one transaction.
 * The caller has checked report:write.
 */
async function withReport<T>(
  ctx: ServiceContext,
  actor: Actor,
  target: Target,
  work: (tx: Tx, school: { id: string }, year: number, row: repo.WrittenReportRow | undefined) => Promise<T>,
): Promise<T> {
  const year = checkReportYear(target.schoolYear, today(ctx))
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, target.urn)
    const row = await repo.findWrittenReport(tx, school.id, year)
    if ((row?.version ?? 0) !== target.version) throw new ConflictError()
    return work(tx, school, year, row)
  })
}

async function changed(
  tx: Tx,
  row: repo.WrittenReportRow,
  version: number,
  values: Parameters<typeof repo.updateWrittenReportIfVersion>[3],
) {
  const updated = await repo.updateWrittenReportIfVersion(tx, row.id, version, values)
  if (!updated) throw new ConflictError()
  return updated
}

/** Saves the narrative and the priorities (either may be empty while a draft); not once archived. */
export async function saveGovernorsReportWords(
  ctx: ServiceContext,
  actor: Actor,
  target: Target,
  input: WrittenReportInput,
) {
  authorise(actor, 'report:write')
  const words = tidyWrittenReport(input)
  return withReport(ctx, actor, target, async (tx, school, year, row) => {
    refuse(saveProblems(row?.status ?? 'draft', words))
    const values = { narrative: words.narrative || null, priorities: words.priorities || null }
    const saved = row
      ? await changed(tx, row, target.version, values)
      : await repo.insertWrittenReport(tx, {
          schoolId: school.id,
          schoolYear: year,
          ...values,
          createdBy: actor.userId,
        })
    if (!saved) throw new ConflictError()
    // The words are the DT's about the school; the audit keeps that they changed, not what they say.
    await audit(tx, actor, 'governors_report.saved', {
      schoolId: school.id,
      entity: 'governors_report',
      entityId: saved.id,
      details: { schoolYear: year },
    })
    return saved
  })
}

/** Shares the draft with governors: from now on they read the DT's words beside the numbers. */
export async function shareGovernorsReport(ctx: ServiceContext, actor: Actor, target: Target) {
  authorise(actor, 'report:write')
  return withReport(ctx, actor, target, async (tx, school, year, row) => {
    refuse(
      shareProblems(row?.status ?? 'draft', {
        narrative: row?.narrative ?? null,
        priorities: row?.priorities ?? null,
      }),
    )
    const shared = await changed(tx, row!, target.version, {
      status: 'shared',
      sharedAt: ctx.now(),
      sharedBy: actor.userId,
    })
    await audit(tx, actor, 'governors_report.shared', {
      schoolId: school.id,
      entity: 'governors_report',
      entityId: shared.id,
      details: { schoolYear: year },
    })
    return shared
  })
}

/** Archives a shared report: it stays readable, and can no longer be changed. */
export async function archiveGovernorsReport(ctx: ServiceContext, actor: Actor, target: Target) {
  authorise(actor, 'report:write')
  return withReport(ctx, actor, target, async (tx, school, year, row) => {
    refuse(archiveProblems(row?.status ?? 'draft'))
    const archived = await changed(tx, row!, target.version, { status: 'archived', archivedAt: ctx.now() })
    await audit(tx, actor, 'governors_report.archived', {
      schoolId: school.id,
      entity: 'governors_report',
      entityId: archived.id,
      details: { schoolYear: year },
    })
    return archived
  })
}
