/**
 * The register half of an attendance import, shared with the demo's registers: the marks gathered by pupil
 * and week are compared with the weeks stored, and what changed is staged with COPY and merged.
 */
import { weekStartOf } from '../domain/attendance/week-slots.js'
import type { IsoDate } from '../domain/calendar/dates.js'
import type { Tx } from '../data/db.js'
import * as repo from '../data/repositories/attendance-import.repository.js'
import { changesAlertsRead } from './attendance-alerts.js'
import type { WeekGrid } from './attendance-week-grid.js'
import { planWeekMergeInSteps, storedWeekKey, type WeekMergePlan } from './attendance-week-merge.js'

/**
 * Compares the file's weeks with those stored, then stages and merges what changed (DOMAIN.md ATT-4): the
 * weeks to write, the marks superseded, and the changes the alerts will read as of `today`.
 */
export async function mergeIntoRegister(
  tx: Tx,
  schoolId: string,
  grid: WeekGrid,
  ids: { importId: string; importNumber: number; today: IsoDate },
): Promise<repo.MergeCounts> {
  const range = grid.weekRange()
  if (range === null) return { added: 0, superseded: 0, unchanged: 0 }
  const rows = await repo.storedWeeks(tx, grid.pupils(), weekStartOf(range.first), weekStartOf(range.last))
  const stored = new Map(
    rows.map((r) => [
      storedWeekKey(r.pupilId, r.week),
      { codes: r.codes, imports: importNumbers(r.imports) },
    ]),
  )
  const watch = await changesAlertsRead(tx, schoolId, ids.today)
  const newWeeks = new repo.WeekCopyRows()
  const changedWeeks = new repo.WeekCopyRows()
  const steps = planWeekMergeInSteps(grid, stored, ids.importNumber, watch, { newWeeks, changedWeeks })
  let plan: WeekMergePlan | undefined
  // The new weeks go to the server as they are planned: it copies some while the rest are planned.
  function* newWeekData(): Generator<Buffer> {
    for (;;) {
      const step = steps.next()
      yield* newWeeks.take()
      if (step.done) {
        plan = step.value
        break
      }
    }
    yield* newWeeks.finish()
  }
  await repo.createStagingTables(tx)
  await repo.copyWeeks(tx, 'register', newWeekData())
  if (plan === undefined) throw new Error('The merge plan did not finish')
  if (changedWeeks.size > 0) await repo.copyWeeks(tx, 'staging', changedWeeks.finish())
  await repo.copyLines(tx, repo.STAGING.history, plan.historyLines)
  await repo.copyLines(tx, repo.STAGING.changed, plan.changedLines)
  await repo.mergeStagedWeeks(tx, ids.importId)
  return { added: plan.added, superseded: plan.superseded, unchanged: plan.unchanged }
}

/** `{3,NULL,4}`, an integer array as PostgreSQL writes it, as numbers and nulls. */
function importNumbers(text: string): Array<number | null> {
  return text
    .slice(1, -1)
    .split(',')
    .map((n) => (n === 'NULL' ? null : Number(n)))
}
