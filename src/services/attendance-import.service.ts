import type { Readable } from 'node:stream'
import { v7 as uuidv7 } from 'uuid'
import type { Actor } from '../domain/access/scope.js'
import * as repo from '../data/repositories/attendance-import.repository.js'
import type { AttendanceImportSource } from '../data/schema/attendance.js'
import { readAttendanceFile, type ImportProblem, type ImportProgress } from './attendance-import-file.js'
import { raiseAttendanceAlerts } from './attendance-alerts.js'
import { mergeIntoRegister } from './attendance-register-merge.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { RuleBrokenError } from './errors.js'
import { loadCalendar, requireSchool } from './schools.service.js'
import { SYSTEM_ACTOR } from './users.service.js'

/** The most problems one failed import reports (the web page lists them; the API's `detail` is the first). */
export const MAX_IMPORT_PROBLEMS = 100

export type ImportAttendanceInput = {
  schoolUrn: string
  source: AttendanceImportSource
  fileName?: string | null | undefined
  input: Readable
  /** Check everything and count, then keep nothing (the web upload's preview). */
  dryRun?: boolean | undefined
  onProgress?: ((progress: ImportProgress) => void) | undefined
  /** Called as each step ends: the file read and checked, the marks merged, the alerts raised. */
  onStep?: ((step: ImportStep) => void) | undefined
}

export type ImportStep = 'read' | 'merged' | 'alerted'

export type ImportAttendanceResult = {
  /** Data rows accepted, repeats included (DOMAIN.md PD-16). */
  imported: number
  /** Sessions with no mark before. */
  added: number
  /** Sessions whose mark changed; the earlier mark is kept in history (ATT-4). */
  superseded: number
  /** Sessions whose mark was already the same. */
  unchanged: number
  importId: string
}

/** A failed import: nothing from the file was kept. `errors` carry their line numbers. */
export class ImportRejectedError extends RuleBrokenError {
  constructor(readonly problems: ImportProblem[]) {
    super(problems, problems[0]?.message ?? 'The file could not be imported')
    this.name = 'ImportRejectedError'
  }
}

class DryRunFinished extends Error {
  constructor(readonly result: ImportAttendanceResult) {
    super('dry run')
  }
}

/**
 * Issue 5 item 2: imports a school's attendance marks from a CSV file, all or nothing, in one transaction: the
 * rows are checked as they stream in (codes, dates, the school's calendar and roll) and gathered by pupil and
 * week, compared with the register, and what changed is staged with COPY and merged set-based (a later mark
 * supersedes and keeps the earlier one in history, ATT-4). The alerts for pupils with a social worker are
 * raised in the same transaction (PD-6).
 */
export async function importAttendance(
  ctx: ServiceContext,
  actor: Actor,
  input: ImportAttendanceInput,
): Promise<ImportAttendanceResult> {
  authorise(actor, 'attendance:import')
  const todayIso = today(ctx)
  try {
    return await ctx.db.transaction(async (tx) => {
      const school = await requireSchool(tx, actor, input.schoolUrn)
      await repo.lockSchoolImports(tx, school.id)
      const { calendar, terms } = await loadCalendar(tx, school.id)
      const importId = uuidv7()
      const recordedBy = actor.userId === SYSTEM_ACTOR.userId ? null : actor.userId
      const importNumber = await repo.startImport(tx, {
        id: importId,
        schoolId: school.id,
        source: input.source,
        fileName: input.fileName ?? null,
        createdBy: recordedBy,
      })
      const file = await readAttendanceFile(input.input, {
        // DOMAIN.md PD-16: the school days are checked only where the school has a calendar.
        calendar: terms.length > 0 ? calendar : null,
        roll: await repo.schoolRoll(tx, school.id),
        maxProblems: MAX_IMPORT_PROBLEMS,
        onProgress: input.onProgress,
      })
      if (file.problems.length > 0) throw new ImportRejectedError(file.problems)
      input.onStep?.('read')
      const counts = await mergeIntoRegister(tx, school.id, file.grid, {
        importId,
        importNumber,
        today: todayIso,
      })
      input.onStep?.('merged')
      const { imported, sha256 } = file
      const result = { imported, ...counts, importId }
      if (input.dryRun) throw new DryRunFinished(result)
      await repo.finishImport(tx, importId, { sha256, imported, ...counts })
      await raiseAttendanceAlerts(tx, { schoolId: school.id, importId, today: todayIso, actor })
      input.onStep?.('alerted')
      // Counts only: the file's rows name pupils, so none of them goes in the log.
      await audit(tx, actor, 'attendance.imported', {
        schoolId: school.id,
        entity: 'attendance_import',
        entityId: importId,
        details: { source: input.source, imported, ...counts, sha256 },
      })
      return result
    })
  } catch (error) {
    if (error instanceof DryRunFinished) return error.result
    throw error
  }
}

/**
 * Refuses, before a byte of the file is read, an import the actor may not make: 403 for the role, 404 for a
 * school outside the actor's scope or unknown. Writes nothing; importAttendance checks again.
 */
export async function checkAttendanceImportAccess(ctx: ServiceContext, actor: Actor, schoolUrn: string) {
  authorise(actor, 'attendance:import')
  await ctx.db.transaction(async (tx) => {
    await requireSchool(tx, actor, schoolUrn)
  })
}
