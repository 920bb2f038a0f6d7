import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { count } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendanceMarks } from '../data/schema/index.js'
import { createSchool } from '../services/schools.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aPupil } from '../test-support/builders.js'
import { inCliTarget, newCliTarget, runHarbour, type CliTarget } from '../test-support/cli-target.js'
import { progressReporter } from './import.js'

describe('harbour import attendance FILE --school URN (the real binary)', { timeout: 120_000 }, () => {
  let target: CliTarget
  let dir: string
  let upns: string[]
  const urn = '140051'

  beforeAll(async () => {
    target = await newCliTarget()
    dir = mkdtempSync(path.join(tmpdir(), 'harbour-attendance-'))
    upns = await inCliTarget(target, async ({ db }) => {
      const ctx = { db, now: () => new Date('2026-11-23T10:00:00Z') }
      const school = await createSchool(ctx, SYSTEM_ACTOR, { urn, laestab: '9194051', name: 'CLI Academy' })
      return [(await aPupil(ctx, school)).upn, (await aPupil(ctx, school)).upn]
    })
  }, 120_000)
  afterAll(async () => {
    await target?.drop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const file = (name: string, text: string) => {
    const at = path.join(dir, name)
    writeFileSync(at, text)
    return at
  }
  const markCount = () =>
    inCliTarget(target, async ({ db }) => (await db.select({ n: count() }).from(attendanceMarks))[0]!.n)

  it('imports the file, shows how much it has read, and sums up', async () => {
    const marks = file(
      'marks.csv',
      `upn,date,session,code\n${upns[0]},2026-11-02,AM,/\n${upns[0]},2026-11-02,PM,N\n${upns[1]},2026-11-02,AM,I\n`,
    )
    const run = await runHarbour(target, ['import', 'attendance', marks, '--school', urn])
    expect(run.stderr).toMatch(/^Read 0\.0 MB of 0\.0 MB \(100%\)\nEvery line is fine: saving the marks…$/m)
    expect(run).toMatchObject({
      code: 0,
      stdout: 'Imported 3 marks: 3 new, 0 replacing an earlier mark (kept in history), 0 unchanged.\n',
    })
    expect(await markCount()).toBe(3)

    const again = await runHarbour(target, ['import', 'attendance', marks, '--school', urn])
    expect(again.stdout).toBe(
      'Imported 3 marks: 0 new, 0 replacing an earlier mark (kept in history), 3 unchanged.\n',
    )
  })

  it('exits 1 with every bad line on stderr, and keeps nothing', async () => {
    const before = await markCount()
    const bad = file(
      'bad.csv',
      `upn,date,session,code\n${upns[0]},2026-11-03,AM,/\n${upns[0]},2026-11-03,noon,/\n${upns[1]},2026-11-03,AM,ZZ\n`,
    )
    const run = await runHarbour(target, ['import', 'attendance', bad, '--school', urn])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('harbour: Line 3: the session must be AM or PM, not "noon"\n')
    expect(run.stderr).toContain('harbour: Line 4: unknown attendance code "ZZ"\n')
    expect(run.stderr).toContain('harbour: nothing was imported')
    expect(run.stdout).toBe('')
    expect(await markCount()).toBe(before)
  })

  it('exits 1 for a school or a file that does not exist', async () => {
    const marks = file('one.csv', `upn,date,session,code\n${upns[0]},2026-11-04,AM,/\n`)
    const noSchool = await runHarbour(target, ['import', 'attendance', marks, '--school', '999999'])
    expect(noSchool).toMatchObject({ code: 1 })
    expect(noSchool.stderr).toContain('There is no school with URN 999999')
    const noFile = await runHarbour(target, [
      'import',
      'attendance',
      path.join(dir, 'nope.csv'),
      '--school',
      urn,
    ])
    expect(noFile).toMatchObject({ code: 1 })
    expect(noFile.stderr).toContain('There is no file')
  })
})

describe('progressReporter', () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = []
    return { written, out: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream }
  }

  it('redraws one bar in place on a terminal', () => {
    const { written, out } = sink(true)
    const bar = progressReporter(2_000_000, out)
    bar.update(500_000)
    bar.update(500_100) // the same percentage: not drawn again
    bar.update(2_000_000)
    bar.done()
    expect(written).toEqual([
      `\rReading [${'#'.repeat(8)}${'-'.repeat(22)}]  25% 0.5 MB of 2.0 MB`,
      `\rReading [${'#'.repeat(30)}] 100% 2.0 MB of 2.0 MB`,
      '\n',
    ])
  })

  it('writes a plain line at each tenth when not on a terminal', () => {
    const { written, out } = sink(false)
    const bar = progressReporter(1_000_000, out)
    for (let read = 100_000; read <= 1_000_000; read += 50_000) bar.update(read)
    bar.done()
    expect(written).toHaveLength(10)
    expect(written[0]).toBe('Read 0.1 MB of 1.0 MB (10%)\n')
    expect(written.at(-1)).toBe('Read 1.0 MB of 1.0 MB (100%)\n')
  })
})
