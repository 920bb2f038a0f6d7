import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import { count } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendanceImports, attendanceMarkHistory, attendanceMarks, pupils } from '../data/schema/index.js'
import { addDays } from '../domain/calendar/dates.js'
import { makeUpn } from '../domain/identifiers/upn.js'
import { createSchool } from '../services/schools.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import {
  inCliTarget,
  newCliTarget,
  runHarbour,
  spawnHarbour,
  type CliTarget,
} from '../test-support/cli-target.js'

// Large enough that the import is still running well after the first tenth of the file is read, on either
// engine; small enough to keep the test to seconds.
const PUPILS = 400
const DAYS = 300
const ROWS = PUPILS * DAYS * 2

// Issue 5 "Done when": a process killed in the middle of a large import keeps nothing, and the next run succeeds.
describe('an attendance import killed part-way through', () => {
  let target: CliTarget
  let dir: string
  let file: string
  const urn = '140061'

  beforeAll(async () => {
    target = await newCliTarget()
    dir = mkdtempSync(path.join(tmpdir(), 'harbour-kill-'))
    const upns = Array.from({ length: PUPILS }, (_, i) =>
      makeUpn('919', '4061', '25', String(i).padStart(3, '0')),
    )
    await inCliTarget(target, async ({ db }) => {
      const ctx = { db, now: () => new Date('2026-11-23T10:00:00Z') }
      const school = await createSchool(ctx, SYSTEM_ACTOR, { urn, laestab: '9194061', name: 'Kill Academy' })
      await db.insert(pupils).values(
        upns.map((upn, i) => ({
          schoolId: school.id,
          upn,
          givenName: 'Pupil',
          familyName: `Number ${i}`,
          dateOfBirth: '2012-01-01',
        })),
      )
    })
    // The school has no calendar, so every day is accepted (DOMAIN.md PD-16).
    file = path.join(dir, 'register.csv')
    const out = createWriteStream(file)
    out.write('upn,date,session,code\n')
    for (let d = 0; d < DAYS; d++) {
      const date = addDays('2025-09-01', d)
      const lines = upns.map((upn, i) => `${upn},${date},AM,${i % 17 ? '/' : 'N'}\n${upn},${date},PM,\\\n`)
      if (!out.write(lines.join(''))) await once(out, 'drain')
    }
    out.end()
    await finished(out)
  }, 120_000)
  afterAll(async () => {
    await target?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const tableCounts = () =>
    inCliTarget(target, async ({ db }) => ({
      marks: (await db.select({ n: count() }).from(attendanceMarks))[0]!.n,
      history: (await db.select({ n: count() }).from(attendanceMarkHistory))[0]!.n,
      imports: (await db.select({ n: count() }).from(attendanceImports))[0]!.n,
    }))

  it('keeps no mark, and the next run imports the whole file', { timeout: 300_000 }, async () => {
    const child = spawnHarbour(target, ['import', 'attendance', file, '--school', urn])
    let stderr = ''
    child.stderr!.setEncoding('utf8')
    const exited = once(child, 'exit')
    // Killed once it has read a tenth of the file: the transaction is open, the marks half staged.
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (text: string) => {
        stderr += text
        if (/^Read [\d.]+ MB of [\d.]+ MB \([1-9]0%\)$/m.test(stderr)) resolve()
      })
      child.once('exit', () => reject(new Error(`harbour ended before it was killed:\n${stderr}`)))
    })
    child.kill('SIGKILL')
    await exited
    expect(child.signalCode).toBe('SIGKILL')

    expect(await tableCounts()).toEqual({ marks: 0, history: 0, imports: 0 })

    const again = await runHarbour(target, ['import', 'attendance', file, '--school', urn], 240_000)
    expect(again.stderr).toMatch(/\(100%\)/)
    expect(again).toMatchObject({ code: 0 })
    expect(again.stdout).toContain(`Imported ${ROWS.toLocaleString('en-GB')} marks`)
    expect(await tableCounts()).toEqual({ marks: ROWS, history: 0, imports: 1 })
  })
})
