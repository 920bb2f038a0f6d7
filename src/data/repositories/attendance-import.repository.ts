/**
 * The database half of an attendance import (issue 5 item 2, DESIGN.md "bulk import"): the weeks the import
 * writes, the marks it supersedes and the changes the alerts read go into temporary staging tables with COPY,
 * then into the register in one set-based statement each. Everything happens inside the caller's transaction,
 * so a failure anywhere keeps nothing; the temporary tables go when it ends (ON COMMIT DROP).
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { eq, sql } from 'drizzle-orm'
import pg from 'pg'
import pgCopyStreams from 'pg-copy-streams'
import type { Tx } from '../db.js'
import { attendanceImports, pupils } from '../schema/index.js'
import { mondayOf } from '../../domain/attendance/week-slots.js'
import { BinaryCopyWriter, dateField, int4ArrayField, uuidField } from './binary-copy.js'

export type MergeCounts = { added: number; superseded: number; unchanged: number }

/** PGlite takes a COPY's data as one blob: this much text at a time, so a large file is never held whole. */
export const PGLITE_COPY_CHUNK_BYTES = 8 * 1024 * 1024

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

// One import per school at a time: the merge compares with the marks as they are, so a second import of the
// same school waits for the first to commit. The key's first half says "attendance import".
const IMPORT_LOCK_CLASS = 72026005

export async function lockSchoolImports(tx: Tx, schoolId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_CLASS}, hashtext(${schoolId}))`)
}

/** The staging tables, each filled by COPY from the lines `planWeekMerge` writes. */
export const STAGING = {
  history: 'attendance_history_staging (pupil_id, date, session, code, import_number)',
  changed: 'attendance_changed (pupil_id, date, session, old_code, new_code)',
} as const

/**
 * The staging tables, and the table of changed marks the alerts read (`attendance_changed`): made once in a
 * transaction, emptied for each merge (the demo merges one school after another).
 */
export async function createStagingTables(tx: Tx): Promise<void> {
  // No index and no constraint: COPY runs at the engine’s speed.
  await tx.execute(sql`create temp table if not exists attendance_week_staging (
    pupil_id uuid not null, week_start date not null, codes text not null, imports integer[] not null
  ) on commit drop`)
  await tx.execute(sql`create temp table if not exists attendance_history_staging (
    pupil_id uuid not null, date date not null, session text not null, code text not null, import_number integer
  ) on commit drop`)
  await tx.execute(sql`create temp table if not exists attendance_changed (
    pupil_id uuid not null, date date not null, session text not null, old_code text, new_code text not null
  ) on commit drop`)
  await tx.execute(sql`truncate attendance_week_staging, attendance_history_staging, attendance_changed`)
}

type PgliteTransaction = {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>
}

/** The driver's own connection under a drizzle transaction: node-postgres's client, or PGlite's transaction. */
function driverOf(
  tx: Tx,
): { kind: 'postgres'; client: pg.ClientBase } | { kind: 'pglite'; client: PgliteTransaction } {
  const client = (tx as unknown as { session: { client: unknown } }).session.client
  if (client instanceof pg.Client) return { kind: 'postgres', client }
  return { kind: 'pglite', client: client as PgliteTransaction }
}

/**
 * COPYs lines of text (COPY's text format, each ending in a line feed) into a staging table. On PostgreSQL
 * they flow to the server through pg-copy-streams; PGlite copies from a blob, PGLITE_COPY_CHUNK_BYTES at a time.
 */
/**
 * The weeks an import writes, as binary COPY rows (`binary-copy.ts`) for `attendance_week` or its staging
 * table: each Monday and each imports array is encoded once, and each pupil's id once for their weeks in a row.
 */
export class WeekCopyRows {
  private readonly writer = new BinaryCopyWriter()
  private lastPupilId = ''
  private lastPupilField: Buffer = Buffer.alloc(0)
  private readonly mondayFields = new Map<number, Buffer>()
  private readonly importFields = new Map<ReadonlyArray<number | null>, Buffer>()

  get size(): number {
    return this.writer.rows
  }

  /** A week (`week-slots.ts` numbering) of a pupil: its codes and the import of each session. */
  add(pupilId: string, week: number, codes: string, imports: ReadonlyArray<number | null>): void {
    // A pupil's weeks come one after another: their id is encoded once.
    if (pupilId !== this.lastPupilId) {
      this.lastPupilId = pupilId
      this.lastPupilField = uuidField(pupilId)
    }
    const pupil = this.lastPupilField
    let monday = this.mondayFields.get(week)
    if (monday === undefined) this.mondayFields.set(week, (monday = dateField(mondayOf(week))))
    let importsField = this.importFields.get(imports)
    if (importsField === undefined) this.importFields.set(imports, (importsField = int4ArrayField(imports)))
    this.writer.row(4).field(pupil).field(monday).text(codes).field(importsField)
  }

  /** The COPY data written so far (`BinaryCopyWriter.take`). */
  take(): Buffer[] {
    return this.writer.take()
  }

  finish(): Buffer[] {
    return this.writer.finish()
  }
}

/**
 * Weeks (the COPY data of a `WeekCopyRows`) into the register itself or into the staging table of changed
 * weeks. On PostgreSQL the chunks are sent as they come, so that they may still be being written.
 */
export async function copyWeeks(
  tx: Tx,
  into: 'register' | 'staging',
  chunks: Iterable<Buffer>,
): Promise<void> {
  const table = into === 'register' ? 'attendance_week' : 'attendance_week_staging'
  const copy = `copy ${table} (pupil_id, week_start, codes, imports) from stdin (format binary)`
  const driver = driverOf(tx)
  if (driver.kind === 'postgres') {
    await pipeline(
      Readable.from(chunks, { objectMode: false }),
      driver.client.query(pgCopyStreams.from(copy)),
    )
    return
  }
  await driver.client.query(copy.replace('stdin', `'/dev/blob'`), [], { blob: new Blob([...chunks]) })
}

export async function copyLines(
  tx: Tx,
  target: (typeof STAGING)[keyof typeof STAGING],
  lines: readonly string[],
  options: { pgliteChunkBytes?: number } = {},
): Promise<void> {
  if (lines.length === 0) return
  const chunkBytes = options.pgliteChunkBytes ?? PGLITE_COPY_CHUNK_BYTES
  function* chunks(): Generator<string> {
    let parts: string[] = []
    let size = 0
    for (const line of lines) {
      parts.push(line)
      size += line.length
      if (size < chunkBytes) continue
      yield parts.join('')
      parts = []
      size = 0
    }
    if (parts.length > 0) yield parts.join('')
  }
  const driver = driverOf(tx)
  if (driver.kind === 'postgres') {
    const copy = driver.client.query(pgCopyStreams.from(`copy ${target} from stdin`))
    await pipeline(Readable.from(chunks(), { objectMode: false }), copy)
    return
  }
  for (const chunk of chunks())
    await driver.client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([chunk]) })
}

/** The school's pupil records, for matching the file's UPNs (a few thousand rows at most). */
export async function schoolRoll(tx: Tx, schoolId: string) {
  return tx
    .select({ id: pupils.id, upn: pupils.upn, enrolledOn: pupils.enrolledOn, leftOn: pupils.leftOn })
    .from(pupils)
    .where(eq(pupils.schoolId, schoolId))
}

export type StoredWeekRow = { pupilId: string; week: number; codes: string; imports: string }

/**
 * The stored weeks of some pupils from the week starting `firstMonday` to the one starting `lastMonday`, with
 * each week's number (days from 1 January 1970 plus 3, over 7: `week-slots.ts`) and its imports as array text.
 */
export async function storedWeeks(
  tx: Tx,
  pupilIds: readonly string[],
  firstMonday: string,
  lastMonday: string,
): Promise<StoredWeekRow[]> {
  if (pupilIds.length === 0) return []
  const result: unknown = await tx.execute(sql`
    select pupil_id::text as "pupilId", ((week_start - date '1970-01-01') + 3) / 7 as week, codes,
           imports::text as imports
      from attendance_week
     where pupil_id = any(${sql.param([...pupilIds])}::uuid[])
       and week_start between ${firstMonday}::date and ${lastMonday}::date`)
  return rowsOf<StoredWeekRow>(result)
}

/**
 * The set-based merge (DOMAIN.md ATT-4, PD-6): the marks the import supersedes go to history, with the import
 * that recorded each and the one that replaced it; then the changed weeks are rewritten whole. (The new weeks
 * were copied straight into the register by `copyWeeks`: a new week is one the import found no row for, under
 * its lock, so the copy fails rather than lose a mark should anything else have written it since.)
 */
export async function mergeStagedWeeks(tx: Tx, importId: string): Promise<void> {
  await tx.execute(sql`
    insert into attendance_mark_history
           (pupil_id, date, session, code, import_id, recorded_by, recorded_at, superseded_by_import_id)
    select h.pupil_id, h.date, h.session, h.code, i.id, i.created_by, i.created_at, ${importId}::uuid
      from attendance_history_staging h
      left join attendance_import i on i.number = h.import_number`)
  await tx.execute(sql`
    update attendance_week w set codes = s.codes, imports = s.imports
      from attendance_week_staging s
     where w.pupil_id = s.pupil_id and w.week_start = s.week_start`)
}

export type NewImport = {
  id: string
  schoolId: string
  source: 'api' | 'cli' | 'web'
  fileName: string | null
  createdBy: string | null
}

/** Records the import as it starts, for the number its marks refer to; `finishImport` adds its counts. */
export async function startImport(tx: Tx, row: NewImport): Promise<number> {
  const [created] = await tx
    .insert(attendanceImports)
    .values({ ...row, imported: 0 })
    .returning({ number: attendanceImports.number })
  return created!.number
}

export async function finishImport(
  tx: Tx,
  id: string,
  summary: { sha256: string | null; imported: number } & MergeCounts,
): Promise<void> {
  await tx.update(attendanceImports).set(summary).where(eq(attendanceImports.id, id))
}
