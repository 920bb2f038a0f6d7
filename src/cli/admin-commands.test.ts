import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { asc, count, sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../app.js'
import { openDatabase, type Database } from '../data/db.js'
import { auditEvents, pupils, statusEpisodes } from '../data/schema/index.js'
import { TEMPLATE_DB, withDatabase } from '../test-support/global-setup.js'
import { aClaEpisode, anEpisode, aPupil, TEST_PASSWORD } from '../test-support/builders.js'
import { listEpisodeHistory } from '../services/episodes.service.js'
import { getPupil } from '../services/pupils.service.js'
import { signIn, SYSTEM_ACTOR } from '../services/users.service.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'bin', 'harbour.js')
const SPAWN_TIMEOUT = 120_000

/** Where the CLI's database lives: a --data-dir on PGlite, or DATABASE_URL on a PostgreSQL run. */
type Target = { args: string[]; env: NodeJS.ProcessEnv; open(): Promise<Database>; drop(): Promise<void> }

async function newTarget(): Promise<Target> {
  const env = { ...process.env }
  delete env.DATABASE_URL
  if (inject('testDbMode') === 'postgres') {
    const adminUrl = inject('postgresAdminUrl')
    const name = `harbour_cli_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`)
    await admin.end()
    const url = withDatabase(adminUrl, name)
    return {
      args: [],
      env: { ...env, DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url }),
      drop: async () => {
        const a = new pg.Client({ connectionString: adminUrl })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'harbour-cli-'))
  return {
    args: ['--data-dir', dir],
    env,
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

type Run = { code: number; stdout: string; stderr: string }

/** Runs the real binary, as an operator would: `node bin/harbour.js …`. */
function harbour(target: Target, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...target.args, ...args],
      { cwd: root, env: target.env, timeout: SPAWN_TIMEOUT },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    child.stdin?.end(input ?? '')
  })
}

/** Opens the target's database in this process, runs `work`, and closes it before the next spawn. */
async function inProcess<T>(target: Target, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open()
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

describe('harbour school / user / token / backup / restore (the real binary)', () => {
  let target: Target
  let fresh: Target
  let dir: string

  beforeAll(async () => {
    target = await newTarget()
    fresh = await newTarget()
    dir = mkdtempSync(path.join(tmpdir(), 'harbour-cli-backup-'))
  })
  afterAll(async () => {
    await target?.drop()
    await fresh?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(
    'creates a school, a user and a token that authenticates against the API',
    async () => {
      const school = await harbour(target, [
        'school',
        'create',
        '--urn',
        '140001',
        '--laestab',
        '9194001',
        '--name',
        'CLI Academy',
      ])
      expect(school).toMatchObject({ code: 0, stdout: '140001\n' })

      const user = await harbour(
        target,
        [
          'user',
          'create',
          '--email',
          'dt@cli.example.org',
          '--name',
          'Dee Tee',
          '--role',
          'designated_teacher',
          '--school',
          '140001',
          '--password-stdin',
        ],
        `${TEST_PASSWORD}\n`,
      )
      expect(user.code).toBe(0)
      expect(user.stdout).toContain('dt@cli.example.org')
      expect(user.stdout).not.toContain('no password')

      const token = await harbour(target, [
        'token',
        'create',
        '--email',
        'dt@cli.example.org',
        '--label',
        'MIS export',
      ])
      expect(token.code).toBe(0)
      expect(token.stdout).toMatch(/^hbr_[A-Za-z0-9_-]+\n$/)

      await inProcess(target, async (database) => {
        const app = await buildApp({ database, rateLimit: false, sessionSecret: 'x'.repeat(48) })
        try {
          const res = await app.inject({
            method: 'GET',
            url: '/api/v1/schools/140001',
            headers: { authorization: `Bearer ${token.stdout.trim()}` },
          })
          expect(res.statusCode).toBe(200)
          expect(res.json()).toMatchObject({
            urn: '140001',
            laestab: '9194001',
            name: 'CLI Academy',
            laCode: '919',
          })
          const bad = await app.inject({
            method: 'GET',
            url: '/api/v1/schools/140001',
            headers: { authorization: 'Bearer hbr_nope' },
          })
          expect(bad.statusCode).toBe(401)
        } finally {
          await app.close()
        }
        // The password came from stdin.
        const ctx = { db: database.db, now: () => new Date() }
        expect((await signIn(ctx, 'dt@cli.example.org', TEST_PASSWORD))?.email).toBe('dt@cli.example.org')
      })
    },
    4 * SPAWN_TIMEOUT,
  )

  it(
    'refuses a bad URN: exit 1, the reason on stderr, nothing on stdout',
    async () => {
      const run = await harbour(target, [
        'school',
        'create',
        '--urn',
        '12AB',
        '--laestab',
        '9194002',
        '--name',
        'Bad',
      ])
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain('--urn: Enter a URN of 6 digits')
      const noPassword = await harbour(target, [
        'user',
        'create',
        '--email',
        'vs@cli.example.org',
        '--name',
        'Vee Ess',
        '--role',
        'vs_adviser',
        '--la',
        '919',
      ])
      expect(noPassword.code).toBe(0)
      expect(noPassword.stdout).toContain('no password yet')
    },
    2 * SPAWN_TIMEOUT,
  )

  it(
    'backs up, and restores into a fresh database the same pupils and episodes',
    async () => {
      const seeded = await inProcess(target, async (database) => {
        const ctx = { db: database.db, now: () => new Date() }
        const pupil = await aPupil(ctx, { urn: '140001' }, { givenName: 'Bea', familyName: 'Backup' })
        await anEpisode(ctx, pupil.id, aClaEpisode())
        await anEpisode(ctx, pupil.id, { type: 'CIN', startDate: '2023-02-01', endDate: '2023-12-31' })
        await aPupil(ctx, { urn: '140001' })
        return {
          pupil: await getPupil(ctx, SYSTEM_ACTOR, pupil.id),
          episodes: await listEpisodeHistory(ctx, SYSTEM_ACTOR, pupil.id),
          pupils: (await database.db.select({ n: count() }).from(pupils))[0]!.n,
          allEpisodes: (await database.db.select({ n: count() }).from(statusEpisodes))[0]!.n,
        }
      })
      const file = path.join(dir, 'harbour.backup.gz')
      const backup = await harbour(target, ['backup', file])
      expect(backup).toMatchObject({ code: 0, stderr: '' })

      const restore = await harbour(fresh, ['restore', file])
      expect(restore).toMatchObject({ code: 0, stderr: '' })
      expect(restore.stdout).toMatch(/^Restored \d+ rows/)

      await inProcess(fresh, async (database) => {
        const ctx = { db: database.db, now: () => new Date() }
        expect((await database.db.select({ n: count() }).from(pupils))[0]!.n).toBe(seeded.pupils)
        expect((await database.db.select({ n: count() }).from(statusEpisodes))[0]!.n).toBe(seeded.allEpisodes)
        expect(await getPupil(ctx, SYSTEM_ACTOR, seeded.pupil.id)).toEqual(seeded.pupil)
        expect(await listEpisodeHistory(ctx, SYSTEM_ACTOR, seeded.pupil.id)).toEqual(seeded.episodes)
      })

      // A second restore into the now-used database is refused.
      const again = await harbour(fresh, ['restore', file])
      expect(again.code).toBe(1)
      expect(again.stderr).toContain('not empty')

      // The restored audit log verifies; a tampered one does not, and names the event.
      expect(await harbour(fresh, ['audit', 'verify'])).toMatchObject({
        code: 0,
        stdout: 'The audit log is intact.\n',
      })
      const tampered = await inProcess(fresh, async (database) => {
        await database.db.execute(sql`alter table audit_event disable trigger audit_event_no_update`)
        const [, second] = await database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(2)
        await database.db.execute(
          sql`update audit_event set action = 'nothing.happened' where seq = ${second!.seq}`,
        )
        await database.db.execute(sql`alter table audit_event enable trigger audit_event_no_update`)
        return second!.seq
      })
      const verify = await harbour(fresh, ['audit', 'verify'])
      expect(verify.code).toBe(1)
      expect(verify.stderr).toContain(`broken at event ${tampered}`)
    },
    5 * SPAWN_TIMEOUT,
  )
})
