/**
 * The database half of an attendance import (issue 5 item 2, DESIGN.md "bulk import"): the checked rows of the
 * file, each with its pupil, go into a temporary staging table with COPY, then are merged into the register in
 * one set-based statement. Everything happens inside the caller's transaction, so a failure anywhere keeps
 * nothing; the temporary tables go when it ends (ON COMMIT DROP).
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { eq, sql } from 'drizzle-orm'
import pg from 'pg'
import pgCopyStreams from 'pg-copy-streams'
import type { Tx } from '../db.js'
import { attendanceImports, pupils } from '../schema/index.js'

/**
 * One row of the file, checked (DOMAIN.md PD-16), with the pupil on roll that day, ready to stage: `line` is
 * the file's line number.
 */
export type StagedMark = { line: number; pupilId: string; date: string; session: 'AM' | 'PM'; code: string }

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

/** The staging table and the table of changed marks the alerts read (`attendance_changed`). */
export async function createStagingTables(tx: Tx): Promise<void> {
  // No index and no constraint: COPY runs at the engine’s speed (the merge sorts only a file that repeats a session).
  await tx.execute(sql`create temp table attendance_staging (
    line integer not null, pupil_id uuid not null, date date not null, session text not null, code text not null
  ) on commit drop`)
  await tx.execute(sql`create temp table attendance_changed (
    pupil_id uuid not null, date date not null, session text not null, old_code text, new_code text not null
  ) on commit drop`)
}

// COPY's text format: tab-separated, a backslash escaped (the code `\` is a present mark, ATT-6). The other
// cells were checked by then (an id, an ISO date, AM or PM).
function copyLine(row: StagedMark): string {
  const code = row.code === '\\' ? '\\\\' : row.code
  return `${row.line}\t${row.pupilId}\t${row.date}\t${row.session}\t${code}\n`
}

const COPY_COLUMNS = 'attendance_staging (line, pupil_id, date, session, code)'

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
 * Streams batches of rows into the staging table with COPY and returns how many went in. On PostgreSQL the
 * rows flow to the server as they are read (pg-copy-streams); PGlite copies from a blob, one chunk of
 * PGLITE_COPY_CHUNK_BYTES at a time. A batch source that fails aborts the COPY, and so the transaction.
 */
export async function copyRows(
  tx: Tx,
  batches: AsyncIterable<ReadonlyArray<StagedMark>>,
  options: { pgliteChunkBytes?: number } = {},
): Promise<number> {
  const chunkBytes = options.pgliteChunkBytes ?? PGLITE_COPY_CHUNK_BYTES
  let count = 0
  async function* text(): AsyncGenerator<string> {
    for await (const batch of batches) {
      count += batch.length
      if (batch.length > 0) yield batch.map(copyLine).join('')
    }
  }
  const driver = driverOf(tx)
  if (driver.kind === 'postgres') {
    const copy = driver.client.query(pgCopyStreams.from(`copy ${COPY_COLUMNS} from stdin`))
    await pipeline(Readable.from(text(), { objectMode: false }), copy)
    return count
  }
  let parts: string[] = []
  let size = 0
  const flush = async () => {
    if (parts.length === 0) return
    const blob = new Blob(parts)
    parts = []
    size = 0
    await driver.client.query(`copy ${COPY_COLUMNS} from '/dev/blob'`, [], { blob })
  }
  for await (const chunk of text()) {
    parts.push(chunk)
    size += chunk.length
    if (size >= chunkBytes) await flush()
  }
  await flush()
  return count
}

/** The school's pupil records, for matching the file's UPNs (a few thousand rows at most). */
export async function schoolRoll(tx: Tx, schoolId: string) {
  return tx
    .select({ id: pupils.id, upn: pupils.upn, enrolledOn: pupils.enrolledOn, leftOn: pupils.leftOn })
    .from(pupils)
    .where(eq(pupils.schoolId, schoolId))
}

/**
 * The one set-based merge (DOMAIN.md ATT-4, PD-6). For each pupil, date and session the file's last line wins
 * (`repeats` says whether the file gives any session twice: without, there is nothing to sort). A mark whose
 * code changes is copied to attendance_mark_history first (superseded by this import); a new mark is added; an
 * equal mark is left alone, so that importing a file again changes nothing (not even `recorded_at`). Every
 * mark added or changed is also written to `attendance_changed` for the alerts.
 */
export async function mergeStaged(
  tx: Tx,
  input: { importId: string; recordedBy: string | null; repeats: boolean },
): Promise<MergeCounts> {
  const { importId, recordedBy } = input
  // Comparing with the register (a hash of its marks) and sorting a file that repeats sessions need room: in
  // memory, for this transaction only, rather than in temporary files (a million rows need about 100 MB).
  await tx.execute(sql`set local work_mem = '128MB'`)
  const incoming = input.repeats
    ? sql`select distinct on (pupil_id, date, session) pupil_id, date, session, code
            from attendance_staging order by pupil_id, date, session, line desc`
    : sql`select pupil_id, date, session, code from attendance_staging`
  const result: unknown = await tx.execute(sql`
    with incoming as (${incoming}
    ), compared as (
      select i.pupil_id, i.date, i.session, i.code, m.code as old_code, m.import_id as old_import_id,
             m.recorded_by as old_recorded_by, m.recorded_at as old_recorded_at
        from incoming i
        left join attendance_mark m on m.pupil_id = i.pupil_id and m.date = i.date and m.session = i.session
    ), kept as (
      insert into attendance_mark_history
             (pupil_id, date, session, code, import_id, recorded_by, recorded_at, superseded_by_import_id)
      select pupil_id, date, session, old_code, old_import_id, old_recorded_by, old_recorded_at, ${importId}::uuid
        from compared where old_code <> code
    ), added as (
      insert into attendance_mark (pupil_id, date, session, code, import_id, recorded_by)
      select pupil_id, date, session, code, ${importId}::uuid, ${recordedBy}::uuid
        from compared where old_code is null
    ), replaced as (
      update attendance_mark m
         set code = c.code, import_id = ${importId}::uuid, recorded_by = ${recordedBy}::uuid, recorded_at = now()
        from compared c
       where c.old_code <> c.code
         and m.pupil_id = c.pupil_id and m.date = c.date and m.session = c.session
    ), changed as (
      insert into attendance_changed (pupil_id, date, session, old_code, new_code)
      select pupil_id, date, session, old_code, code from compared where old_code is distinct from code
    )
    select count(*) filter (where old_code is null)::int as added,
           count(*) filter (where old_code <> code)::int as superseded,
           count(*) filter (where old_code = code)::int as unchanged
      from compared`)
  return rowsOf<MergeCounts>(result)[0]!
}

export type NewImport = {
  id: string
  schoolId: string
  source: 'api' | 'cli' | 'web'
  fileName: string | null
  sha256: string
  imported: number
  createdBy: string | null
} & MergeCounts

export async function insertImport(tx: Tx, row: NewImport): Promise<void> {
  await tx.insert(attendanceImports).values(row)
}
