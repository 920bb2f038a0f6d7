import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Executor } from '../data/db.js'
import { listTables, quoteIdent } from '../data/backup.js'
import { verifyAuditChain } from '../data/repositories/audit.repository.js'
import { openTestDatabase, type TestDatabase } from '../test-support/test-db.js'
import { aClaEpisode, anEpisode, aPupil, aSchool, aUser } from '../test-support/builders.js'
import { backupToFile, restoreFromFile } from './backup.service.js'
import type { ServiceContext } from './context.js'
import { correctEpisode } from './episodes.service.js'
import { getPupil } from './pupils.service.js'
import { saveLocalAuthority, setCalendar } from './schools.service.js'
import { createApiToken, SYSTEM_ACTOR } from './users.service.js'

const now = () => new Date('2026-03-16T10:00:00Z')

async function rowsOf(db: Executor, table: string, orderBy: string[]): Promise<string[]> {
  const result: unknown = await db.execute(
    sql.raw(
      `select row_to_json(t)::text as r from ${quoteIdent(table)} t order by ${orderBy.map(quoteIdent).join(', ')}`,
    ),
  )
  return (result as { rows: Array<{ r: string }> }).rows.map((x) => x.r)
}

describe('backup and restore (services/backup.service.ts)', () => {
  let dir: string
  let source: TestDatabase
  let target: TestDatabase
  let sourceCtx: ServiceContext
  let targetCtx: ServiceContext
  let file: string
  let pupil: Awaited<ReturnType<typeof aPupil>>

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'harbour-backup-'))
    file = path.join(dir, 'harbour.backup.gz')
    source = await openTestDatabase()
    target = await openTestDatabase()
    sourceCtx = { db: source.db, now }
    targetCtx = { db: target.db, now }

    const school = await aSchool(sourceCtx)
    await setCalendar(sourceCtx, SYSTEM_ACTOR, school.urn, {
      terms: [{ name: 'autumn', start: '2025-09-03', end: '2025-12-19' }],
      closures: ['2025-10-24'],
    })
    const { user } = await aUser(sourceCtx, 'designated_teacher', school)
    await createApiToken(sourceCtx, SYSTEM_ACTOR, user.email, 'MIS export')
    await saveLocalAuthority(sourceCtx, SYSTEM_ACTOR, { code: '919', name: 'Hertfordshire (edited)' })
    pupil = await aPupil(sourceCtx, school, { givenName: 'Zoë', familyName: 'O’Backup' })
    const { episode } = await anEpisode(sourceCtx, pupil.id, aClaEpisode({ legalStatus: 'V3' }))
    await correctEpisode(sourceCtx, SYSTEM_ACTOR, pupil.id, episode.id, {
      ...aClaEpisode({ legalStatus: 'C2' }),
      reason: 'Wrong legal status',
    })
    for (let i = 0; i < 5; i++) await aPupil(sourceCtx, school)
  })
  afterAll(async () => {
    await source?.close()
    await target?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes gzip’d JSON lines: a header, one line per row, and an end line', async () => {
    const summary = await backupToFile(sourceCtx, SYSTEM_ACTOR, file)
    expect(summary.rows).toBeGreaterThan(10)
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n')
    const header = JSON.parse(lines[0]!) as {
      format: string
      version: number
      migrations: number
      tables: Array<{ name: string }>
    }
    expect(header).toMatchObject({ format: 'harbour-backup', version: 1 })
    expect(header.migrations).toBeGreaterThan(0)
    const names = header.tables.map((t) => t.name)
    // Parents before children, so a restore can insert in file order.
    expect(names.indexOf('school')).toBeLessThan(names.indexOf('pupil'))
    expect(names.indexOf('pupil')).toBeLessThan(names.indexOf('status_episode'))
    const pupilLine = lines.find((l) => l.includes(pupil.id) && l.startsWith('{"table":"pupil"'))!
    expect(JSON.parse(pupilLine)).toMatchObject({
      table: 'pupil',
      row: { id: pupil.id, given_name: 'Zoë', family_name: 'O’Backup', date_of_birth: '2014-05-01' },
    })
    expect((JSON.parse(pupilLine) as { row: { created_at: string } }).row.created_at).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/,
    )
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true, rows: { pupil: 6 } })
  })

  it('restores into an empty database exactly what was backed up', async () => {
    const summary = await restoreFromFile(targetCtx, SYSTEM_ACTOR, file)
    expect(summary.rows).toBeGreaterThan(10)
    for (const table of await listTables(source.db)) {
      const order = table.primaryKey.length ? table.primaryKey : table.columns
      const before = await rowsOf(source.db, table.name, order)
      const after = await rowsOf(target.db, table.name, order)
      if (table.name === 'audit_event') {
        // The source logged the backup after its snapshot; the target logged the restore.
        expect(after.slice(0, -1)).toEqual(before.slice(0, -1))
        expect((JSON.parse(before.at(-1)!) as { action: string }).action).toBe('data.backed_up')
        expect((JSON.parse(after.at(-1)!) as { action: string }).action).toBe('data.restored')
      } else {
        expect(after, table.name).toEqual(before)
      }
    }
    expect(await verifyAuditChain(target.db)).toBeNull()
  })

  it('leaves a restored database that works: records read back, and new records carry on', async () => {
    expect(await getPupil(targetCtx, SYSTEM_ACTOR, pupil.id)).toEqual(
      await getPupil(sourceCtx, SYSTEM_ACTOR, pupil.id),
    )
    const school = await aSchool(targetCtx)
    await aPupil(targetCtx, school)
    expect(await verifyAuditChain(target.db)).toBeNull()
  })

  it('refuses to restore into a database that holds data, and changes nothing', async () => {
    const before = await rowsOf(source.db, 'pupil', ['id'])
    await expect(restoreFromFile(sourceCtx, SYSTEM_ACTOR, file)).rejects.toThrow(/not empty/)
    expect(await rowsOf(source.db, 'pupil', ['id'])).toEqual(before)
  })

  it('refuses a cut-off or damaged backup, and a file that is not one', async () => {
    const empty = await openTestDatabase()
    try {
      const emptyCtx = { db: empty.db, now }
      const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n')
      const cut = path.join(dir, 'cut.gz')
      writeFileSync(cut, gzipSync(lines.slice(0, -3).join('\n')))
      await expect(restoreFromFile(emptyCtx, SYSTEM_ACTOR, cut)).rejects.toThrow(/incomplete/)
      const truncated = path.join(dir, 'truncated.gz')
      const bytes = readFileSync(file)
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
      await expect(restoreFromFile(emptyCtx, SYSTEM_ACTOR, truncated)).rejects.toThrow()
      const plain = path.join(dir, 'plain.txt')
      writeFileSync(plain, 'hello')
      await expect(restoreFromFile(emptyCtx, SYSTEM_ACTOR, plain)).rejects.toThrow(/not a Harbour backup/)
      await expect(restoreFromFile(emptyCtx, SYSTEM_ACTOR, path.join(dir, 'missing.gz'))).rejects.toThrow(
        /no file/,
      )
      // Nothing was kept from the failed attempts.
      expect(await rowsOf(empty.db, 'school', ['id'])).toEqual([])
      expect(await rowsOf(empty.db, 'audit_event', ['seq'])).toEqual([])
      expect((await rowsOf(empty.db, 'local_authority', ['code'])).length).toBeGreaterThan(0)
    } finally {
      await empty.close()
    }
  })

  it('lets only an administrator of every school back up or restore', async () => {
    const school = await aSchool(sourceCtx)
    const { actor: head } = await aUser(sourceCtx, 'headteacher', school)
    const { actor: schoolAdmin } = await aUser(sourceCtx, 'admin', school)
    await expect(backupToFile(sourceCtx, head, path.join(dir, 'x.gz'))).rejects.toThrow(/permission/)
    await expect(backupToFile(sourceCtx, schoolAdmin, path.join(dir, 'x.gz'))).rejects.toThrow(/permission/)
    await expect(restoreFromFile(targetCtx, schoolAdmin, file)).rejects.toThrow(/permission/)
  })
})
