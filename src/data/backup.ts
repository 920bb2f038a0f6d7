/**
 * Backup and restore of every table, as JSON lines, the same in PGlite and PostgreSQL.
 *
 * Line 1 is a header: `{ format, version, migrations, createdAt, tables: [{ name, columns, primaryKey }] }`.
 * Then one line per row, `{"table":"pupil","row":{…}}`, tables in foreign-key order and rows in primary-key
 * order; values are as PostgreSQL's `row_to_json` writes them (dates `YYYY-MM-DD`, instants ISO 8601 with
 * their offset, jsonb as JSON). The last line is a trailer, `{ end: true, rows: { table: count } }`, so a
 * cut-off file is refused. The file format and the transport (gzip, files) are the service's business.
 */
import { sql } from 'drizzle-orm'
import type { Db, Executor } from './db.js'

export const BACKUP_FORMAT = 'harbour-backup'
export const BACKUP_VERSION = 1

export type TableInfo = { name: string; columns: string[]; primaryKey: string[] }

export type BackupHeader = {
  format: typeof BACKUP_FORMAT
  version: number
  migrations: number
  createdAt: string
  tables: TableInfo[]
}

export type BackupTrailer = { end: true; rows: Record<string, number> }

const FETCH_SIZE = 1000
const INSERT_BATCH_ROWS = 1000
const INSERT_BATCH_CHARS = 4 * 1024 * 1024

// Tables whose rows must be absent for a restore: the database must not already be in use.
const IN_USE_TABLES = ['school', 'pupil', 'app_user', 'audit_event'] as const

type Rows<T> = { rows: T[] }

async function query<T>(db: Executor, statement: ReturnType<typeof sql>): Promise<T[]> {
  // Both drivers return `{ rows }` from a raw statement.
  const result: unknown = await db.execute(statement)
  return (result as Rows<T>).rows
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The applied migrations, as drizzle's migrator records them. */
export async function migrationCount(db: Executor): Promise<number> {
  const [row] = await query<{ n: number | string }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )
  return Number(row?.n ?? 0)
}

/** Every ordinary table in `public`, parents before children (foreign-key order), then by name. */
export async function listTables(db: Executor): Promise<TableInfo[]> {
  const tables = await query<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        order by c.relname`,
  )
  const columns = await query<{ table: string; column: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column" from pg_attribute a
        join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by c.relname, a.attnum`,
  )
  const keys = await query<{ table: string; column: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column" from pg_index i
        join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where n.nspname = 'public' and i.indisprimary
        order by c.relname, k.ord`,
  )
  const references = await query<{ child: string; parent: string }>(
    db,
    sql`select c.relname as child, p.relname as parent from pg_constraint f
        join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where f.contype = 'f' and n.nspname = 'public'`,
  )
  const info = new Map<string, TableInfo>(
    tables.map((t) => [t.name, { name: t.name, columns: [], primaryKey: [] }]),
  )
  for (const c of columns) info.get(c.table)?.columns.push(c.column)
  for (const k of keys) info.get(k.table)?.primaryKey.push(k.column)

  // Kahn's algorithm; a table that references itself needs no parent first.
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]))
  for (const r of references) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent)
  const ordered: TableInfo[] = []
  const done = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.find((t) => !done.has(t.name) && [...parents.get(t.name)!].every((p) => done.has(p)))
    if (!ready) throw new Error('The tables’ foreign keys form a cycle; they cannot be ordered for a restore')
    done.add(ready.name)
    ordered.push(info.get(ready.name)!)
  }
  return ordered
}

/**
 * Writes every row of every table through `write`, read inside ONE repeatable-read, read-only
 * transaction, so the backup is a consistent snapshot even while the app is in use.
 */
export async function dumpDatabase(
  db: Db,
  write: (line: string) => Promise<void>,
  now: Date,
): Promise<{ tables: number; rows: Record<string, number> }> {
  return db.transaction(
    async (tx) => {
      const tables = await listTables(tx)
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        migrations: await migrationCount(tx),
        createdAt: now.toISOString(),
        tables,
      }
      await write(JSON.stringify(header))
      const counts: Record<string, number> = {}
      for (const table of tables) {
        const name = quoteIdent(table.name)
        const order = (table.primaryKey.length ? table.primaryKey : table.columns).map(quoteIdent).join(', ')
        const prefix = `{"table":${JSON.stringify(table.name)},"row":`
        let count = 0
        await tx.execute(
          sql.raw(`declare harbour_backup no scroll cursor for
                   select row_to_json(t)::text as r from ${name} t order by ${order}`),
        )
        for (;;) {
          const rows = await query<{ r: string }>(
            tx,
            sql.raw(`fetch forward ${FETCH_SIZE} from harbour_backup`),
          )
          for (const { r } of rows) await write(`${prefix}${r}}`)
          count += rows.length
          if (rows.length < FETCH_SIZE) break
        }
        await tx.execute(sql.raw('close harbour_backup'))
        counts[table.name] = count
      }
      const trailer: BackupTrailer = { end: true, rows: counts }
      await write(JSON.stringify(trailer))
      return { tables: tables.length, rows: counts }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupFileError'
  }
}

const ROW_LINE = /^\{"table":("(?:[^"\\]|\\.)*"),"row":(\{.*\})\}$/s

/** A row line as the table and the row's JSON text, untouched (so numbers keep every digit). */
function parseRowLine(line: string, lineNumber: number): { table: string; row: string } {
  const match = ROW_LINE.exec(line)
  if (match) return { table: JSON.parse(match[1]!) as string, row: match[2]! }
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    throw new BackupFileError(`Line ${lineNumber} of the backup is not JSON`)
  }
  const value = parsed as { table?: unknown; row?: unknown }
  if (typeof value.table !== 'string' || !value.row || typeof value.row !== 'object')
    throw new BackupFileError(`Line ${lineNumber} of the backup is not a { table, row } line`)
  return { table: value.table, row: JSON.stringify(value.row) }
}

/** What holds data already, of the tables a restore needs empty. */
export async function tablesInUse(db: Executor): Promise<string[]> {
  const inUse: string[] = []
  for (const table of IN_USE_TABLES) {
    const rows = await query<{ any: boolean }>(
      db,
      sql.raw(`select exists (select 1 from ${quoteIdent(table)}) as any`),
    )
    if (rows[0]?.any) inUse.push(table)
  }
  return inUse
}

/**
 * Restores a backup's lines into an empty, migrated database, in ONE transaction: every table is emptied
 * (the seeded code tables and settings are replaced by the backup's) and filled in foreign-key order;
 * sequences continue after the restored values. Refuses a database that is in use.
 */
export async function restoreDatabase(
  db: Db,
  lines: AsyncIterable<string>,
  after?: (tx: Executor, restored: { tables: number; rows: Record<string, number> }) => Promise<void>,
): Promise<{ tables: number; rows: Record<string, number> }> {
  return db.transaction(async (tx) => {
    const inUse = await tablesInUse(tx)
    if (inUse.length)
      throw new BackupFileError(
        `This database is not empty (it has rows in ${inUse.join(', ')}): restore only into a new, empty database`,
      )
    const target = await listTables(tx)
    const targetByName = new Map(target.map((t) => [t.name, t]))
    const targetMigrations = await migrationCount(tx)

    let header: BackupHeader | undefined
    let trailer: BackupTrailer | undefined
    let lineNumber = 0
    const counts: Record<string, number> = {}
    let batch: { table: TableInfo; columns: string[]; rows: string[]; chars: number } | undefined
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return
      const name = quoteIdent(batch.table.name)
      const cols = batch.columns.map(quoteIdent).join(', ')
      await tx.execute(
        sql`insert into ${sql.raw(name)} (${sql.raw(cols)})
            select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(name)}, ${`[${batch.rows.join(',')}]`}::json)`,
      )
      batch.rows = []
      batch.chars = 0
    }

    for await (const line of lines) {
      lineNumber++
      if (line.trim() === '') continue
      if (trailer) throw new BackupFileError(`Line ${lineNumber} of the backup comes after its end`)
      if (!header) {
        header = parseHeader(line)
        if (header.migrations !== targetMigrations)
          throw new BackupFileError(
            `The backup was made by a Harbour with ${header.migrations} database migrations, and this one has ` +
              `${targetMigrations}: restore it with the same version of Harbour that made it`,
          )
        for (const table of header.tables) {
          const known = targetByName.get(table.name)
          if (!known)
            throw new BackupFileError(`The backup has a table this database does not: ${table.name}`)
          const unknown = table.columns.filter((c) => !known.columns.includes(c))
          if (unknown.length)
            throw new BackupFileError(
              `The backup’s table ${table.name} has unknown columns: ${unknown.join(', ')}`,
            )
        }
        // Empty every table, children first; the audit log is already empty (checked above).
        for (const table of [...target].reverse())
          if (table.name !== 'audit_event') await tx.execute(sql.raw(`delete from ${quoteIdent(table.name)}`))
        continue
      }
      if (line.startsWith('{"end":')) {
        await flush()
        trailer = JSON.parse(line) as BackupTrailer
        continue
      }
      const { table, row } = parseRowLine(line, lineNumber)
      if (batch?.table.name !== table) {
        await flush()
        const info = header.tables.find((t) => t.name === table)
        if (!info)
          throw new BackupFileError(`Line ${lineNumber} is for a table the header does not list: ${table}`)
        if (counts[table] !== undefined)
          throw new BackupFileError(`Line ${lineNumber}: the rows of ${table} are not together`)
        counts[table] = 0
        batch = { table: info, columns: info.columns, rows: [], chars: 0 }
      }
      batch.rows.push(row)
      batch.chars += row.length
      counts[table]!++
      if (batch.rows.length >= INSERT_BATCH_ROWS || batch.chars >= INSERT_BATCH_CHARS) await flush()
    }
    if (!header) throw new BackupFileError('The backup is empty')
    if (!trailer) throw new BackupFileError('The backup is incomplete: it has no end line (was it cut off?)')
    for (const [table, expected] of Object.entries(trailer.rows))
      if ((counts[table] ?? 0) !== expected)
        throw new BackupFileError(
          `The backup is damaged: its end line says ${table} has ${expected} rows, and it holds ${counts[table] ?? 0}`,
        )

    // Serial columns continue after the restored values (audit_event.seq).
    const serials = await query<{ table: string; column: string }>(
      tx,
      sql`select c.relname as "table", a.attname as "column" from pg_attribute a
          join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
            and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
    )
    for (const s of serials) {
      const t = quoteIdent(s.table)
      const c = quoteIdent(s.column)
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${t}, ${s.column}), coalesce((select max(${sql.raw(c)}) from ${sql.raw(t)}), 0) + 1, false)`,
      )
    }
    const restored = { tables: header.tables.length, rows: counts }
    if (after) await after(tx, restored)
    return restored
  })
}

function parseHeader(line: string): BackupHeader {
  let header: Partial<BackupHeader>
  try {
    header = JSON.parse(line) as Partial<BackupHeader>
  } catch {
    throw new BackupFileError('This is not a Harbour backup: its first line is not JSON')
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupFileError('This is not a Harbour backup')
  if (header.version !== BACKUP_VERSION)
    throw new BackupFileError(
      `This backup is format version ${String(header.version)}; this Harbour reads ${BACKUP_VERSION}`,
    )
  if (typeof header.migrations !== 'number' || !Array.isArray(header.tables))
    throw new BackupFileError('The backup’s header is damaged')
  return header as BackupHeader
}
