import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { weekStartOf } from '../domain/attendance/week-slots.js'
import { aUpn } from '../test-support/builders.js'
import type { RollEntry } from './attendance-import-roll.js'
import { readAttendanceFile } from './attendance-import-file.js'

const UPN = aUpn()
const OTHER_UPN = aUpn()
const ROLL: RollEntry[] = [
  { id: 'first-stay', upn: UPN, enrolledOn: null, leftOn: '2025-10-31' },
  { id: 'came-back', upn: UPN, enrolledOn: '2025-11-03', leftOn: null },
  { id: 'other', upn: OTHER_UPN, enrolledOn: null, leftOn: null },
]

/** Reads a file (its lines joined with CRLF) in chunks of `chunk` characters; no calendar, so any day will do. */
async function read(lines: string[], chunk = 7) {
  const text = lines.join('\r\n')
  const chunks: Buffer[] = []
  for (let i = 0; i < text.length; i += chunk) chunks.push(Buffer.from(text.slice(i, i + chunk)))
  const file = await readAttendanceFile(Readable.from(chunks), {
    calendar: null,
    roll: ROLL,
    maxProblems: 10,
  })
  const codes = file.grid.codes()
  const weeks: string[] = []
  file.grid.forEachWeek((pupilId, week, slots, at) => {
    const marks = Array.from(slots.subarray(at, at + 14), (i) => (i === 0 ? '..' : codes[i]!.padEnd(2)))
    weeks.push(`${pupilId} ${weekStartOf(week)} ${marks.join('')}`)
  })
  return { ...file, weeks, messages: file.problems.map((p) => p.message) }
}

const quoted = (line: string) =>
  line
    .split(',')
    .map((cell) => `"${cell}"`)
    .join(',')

describe('readAttendanceFile', () => {
  const lines = [
    `${UPN},2025-10-27,AM,/`,
    `${UPN},2025-10-27,PM,\\`,
    `${OTHER_UPN},2025-10-27,AM,N`,
    `${UPN},2025-11-04,AM,L`,
    `${OTHER_UPN},27/10/2025,AM,I`, // the same session in the other date form: the last line wins
    `${UPN},2025-11-04,am,C1`,
  ]

  it('gives the same marks for a line read where it lies and one split by the full CSV rules', async () => {
    const plain = await read(['upn,date,session,code', ...lines])
    const inQuotes = await read(['upn,date,session,code', ...lines.map(quoted)])
    expect(plain.messages).toEqual([])
    expect(plain.weeks).toEqual([
      `came-back 2025-11-03 ....C1......................`,
      `first-stay 2025-10-27 / \\ ........................`,
      `other 2025-10-27 I ..........................`,
    ])
    expect(inQuotes.weeks).toEqual(plain.weeks)
    expect([plain.imported, plain.repeats]).toEqual([6, true])
    expect([inQuotes.imported, inQuotes.repeats]).toEqual([6, true])
  })

  it('matches a UPN to the record on roll that day, and says when none was', async () => {
    const file = await read([
      'upn,date,session,code',
      `${UPN},2025-11-04,AM,/`,
      `${UPN},2025-10-30,AM,/`,
      `${UPN},2025-11-01,AM,/`, // between the two stays
      `${UPN},2025-11-05,AM,/`,
    ])
    expect(file.messages).toEqual([
      `Line 4: the pupil with the UPN ${UPN} was not on roll at this school on 1 November 2025`,
    ])
  })

  it('checks again, with its own line number, each row of a date, session and code not found good', async () => {
    const file = await read([
      'upn,date,session,code',
      `${UPN},2025-10-27,AM,ZZ`,
      `${OTHER_UPN},2025-10-27,AM,ZZ`,
      `${OTHER_UPN},2025-10-27,XX,/`,
      `${OTHER_UPN},2025-10-27,AM,/`,
      `A123,2025-10-27,AM,/`,
      `${UPN}`,
    ])
    expect(file.problems.map((p) => [p.line, p.path])).toEqual([
      [2, 'code'],
      [3, 'code'],
      [4, 'session'],
      [6, 'upn'],
      [7, 'date'],
    ])
  })

  it('reads the columns in any order, among others it ignores', async () => {
    const file = await read([
      'Name,Mark,AM/PM,Date,Reg group,UPN',
      `Pat,/,AM,2025-10-27,7B,${OTHER_UPN}`,
      `Pat,N,PM,2025-10-27,7B,${OTHER_UPN}`,
    ])
    expect(file.messages).toEqual([])
    expect(file.weeks).toEqual([`other 2025-10-27 / N ........................`])
  })
})
