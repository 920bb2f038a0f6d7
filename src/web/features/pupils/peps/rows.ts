import {
  PROGRESS_LEVELS,
  TARGET_OUTCOMES,
  type PepContent,
  type ProgressLevel,
  type TargetInput,
  type TargetOutcome,
  type TargetReviewInput,
} from '../../../../domain/pep/content.js'
import { dateParts, text, type DateParts, type FormBody, type FormProblems } from '../../../forms.js'
import { readDate, tooLong } from './fields.js'

/**
 * The parts of the PEP form that are lists: attainment by subject, targets, and the review of the last PEP's
 * targets. Without JavaScript, "add another" is a few blank rows; blank rows are dropped and the rest close up,
 * so that an error's row number is the row the user sees when the form comes back.
 */
export const PROGRESS_TEXT: Record<ProgressLevel, string> = {
  above_expected: 'Above expected',
  expected: 'Expected',
  below_expected: 'Below expected',
  well_below_expected: 'Well below expected',
}

export const OUTCOME_TEXT: Record<TargetOutcome, string> = {
  met: 'Met',
  partly_met: 'Partly met',
  not_met: 'Not met',
}

export const MAX_ATTAINMENT_ROWS = 30
export const MAX_TARGETS = 20
const BLANK_ATTAINMENT_ROWS = 3
const BLANK_TARGET_ROWS = 2
/** The subjects a new PEP's attainment table starts with. */
const CORE_SUBJECTS = ['English', 'Maths', 'Science']

export type AttainmentRow = { subject: string; current: string; expected: string; progress: string }
type Attainment = NonNullable<PepContent['attainment']>

const blankAttainment = (subject = ''): AttainmentRow => ({
  subject,
  current: '',
  expected: '',
  progress: '',
})

function padded<T>(rows: T[], blanks: number, max: number, blank: () => T): T[] {
  const out = [...rows]
  for (let i = 0; i < blanks && out.length < max; i++) out.push(blank())
  return out
}

export function attainmentRowsOf(held: Attainment | undefined): AttainmentRow[] {
  if (!held?.length)
    return padded(
      CORE_SUBJECTS.map(blankAttainment),
      BLANK_ATTAINMENT_ROWS,
      MAX_ATTAINMENT_ROWS,
      blankAttainment,
    )
  const rows = held.map((r) => ({
    subject: r.subject,
    current: r.current ?? '',
    expected: r.expected ?? '',
    progress: r.progress ?? '',
  }))
  return padded(rows, BLANK_ATTAINMENT_ROWS, MAX_ATTAINMENT_ROWS, blankAttainment)
}

/** Reads `attainment-N-subject|current|expected|progress`. A row with only a subject says nothing, so is dropped. */
export function readAttainment(body: FormBody, problems: FormProblems) {
  const kept: AttainmentRow[] = []
  for (let i = 0; i < MAX_ATTAINMENT_ROWS; i++) {
    const row = {
      subject: text(body, `attainment-${i}-subject`),
      current: text(body, `attainment-${i}-current`),
      expected: text(body, `attainment-${i}-expected`),
      progress: text(body, `attainment-${i}-progress`),
    }
    if (row.current || row.expected || row.progress) kept.push(row)
  }
  const attainment: Attainment = []
  kept.forEach((row, i) => {
    const at = (f: string) => `attainment.${i}.${f}`
    const n = i + 1
    if (!row.subject) problems.add(at('subject'), `Row ${n}: enter the subject`)
    if (row.subject.length > 100) problems.add(at('subject'), tooLong(`Row ${n}: the subject`, 100))
    if (row.current.length > 200) problems.add(at('current'), tooLong(`Row ${n}: working at now`, 200))
    if (row.expected.length > 200)
      problems.add(at('expected'), tooLong(`Row ${n}: expected by the end of the year`, 200))
    const progress = PROGRESS_LEVELS.find((p) => p === row.progress)
    if (row.progress && !progress) problems.add(at('progress'), `Row ${n}: choose the progress from the list`)
    attainment.push({
      subject: row.subject,
      current: row.current || undefined,
      expected: row.expected || undefined,
      progress,
    })
  })
  return { attainment, rows: padded(kept, BLANK_ATTAINMENT_ROWS, MAX_ATTAINMENT_ROWS, blankAttainment) }
}

export type TargetRow = {
  area: string
  description: string
  successCriteria: string
  owner: string
  dueBy: DateParts
  ppPlus: string
  carriedFrom: string
}

const blankTarget = (): TargetRow => ({
  area: '',
  description: '',
  successCriteria: '',
  owner: '',
  dueBy: dateParts(null),
  ppPlus: '',
  carriedFrom: '',
})

/** Pence as pounds for a form: 40000 → "400", 12345 → "123.45". */
export function poundsOf(pence: number): string {
  if (!pence) return ''
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2)
}

/** "£1,250.50" → 125050 pence; null when it is not an amount of money. */
export function penceOf(pounds: string): number | null {
  const cleaned = pounds.replace(/^£/, '').replace(/,/g, '').trim()
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

export const MAX_PP_PLUS_PENCE = 10_000_000

export function targetRowsOf(
  held: ReadonlyArray<{
    area: string | null
    description: string
    successCriteria: string
    owner: string
    dueBy: string
    ppPlusRequestedPence: number
    carriedFromTargetId: string | null
  }>,
): TargetRow[] {
  const rows = held.map((t) => ({
    area: t.area ?? '',
    description: t.description,
    successCriteria: t.successCriteria,
    owner: t.owner,
    dueBy: dateParts(t.dueBy),
    ppPlus: poundsOf(t.ppPlusRequestedPence),
    carriedFrom: t.carriedFromTargetId ?? '',
  }))
  // A new PEP starts with three empty targets; one with targets, with two more to add.
  return padded(rows, rows.length ? BLANK_TARGET_ROWS : 3, MAX_TARGETS, blankTarget)
}

function rawTarget(body: FormBody, i: number) {
  const f = (name: string) => text(body, `targets-${i}-${name}`)
  return {
    area: f('area'),
    description: f('description'),
    successCriteria: f('successCriteria'),
    owner: f('owner'),
    day: f('dueBy-day'),
    month: f('dueBy-month'),
    year: f('dueBy-year'),
    ppPlus: f('ppPlus'),
    carriedFrom: f('carriedFrom'),
  }
}

/** Reads `targets-N-…`; the service checks what a target needs (DOMAIN.md PEP-12), this the form's own limits. */
export function readTargets(body: FormBody, problems: FormProblems) {
  const raw = Array.from({ length: MAX_TARGETS }, (_, i) => rawTarget(body, i)).filter((r) =>
    [r.area, r.description, r.successCriteria, r.owner, r.day, r.month, r.year, r.ppPlus].some(Boolean),
  )
  const targets: TargetInput[] = []
  const rows: TargetRow[] = []
  raw.forEach((r, i) => {
    const n = i + 1
    const at = (f: string) => `targets.${i}.${f}`
    // Read from the row's new place, so the date error points at the input the user will see.
    const moved: FormBody = {
      [`targets-${i}-dueBy-day`]: r.day,
      [`targets-${i}-dueBy-month`]: r.month,
      [`targets-${i}-dueBy-year`]: r.year,
    }
    const due = readDate(moved, at('dueBy'), `Target ${n}: the date it should be met by`, false, problems)
    const limits: Array<[keyof typeof r, string, number]> = [
      ['area', 'the area', 100],
      ['description', 'the target', 2000],
      ['successCriteria', 'how you will know it has been met', 2000],
      ['owner', 'who is responsible', 200],
    ]
    for (const [key, label, max] of limits)
      if (r[key].length > max) problems.add(at(key), tooLong(`Target ${n}: ${label}`, max))
    let pence: number | undefined
    if (r.ppPlus) {
      const p = penceOf(r.ppPlus)
      if (p === null || p > MAX_PP_PLUS_PENCE)
        problems.add(
          at('ppPlusRequestedPence'),
          `Target ${n}: enter the PP+ requested in pounds, like 250 or 250.50, up to £100,000`,
          `targets-${i}-ppPlus`,
        )
      else pence = p
    }
    problems.link(at('ppPlusRequestedPence'), `targets-${i}-ppPlus`)
    targets.push({
      area: r.area || null,
      description: r.description,
      successCriteria: r.successCriteria,
      owner: r.owner,
      dueBy: due.value ?? '',
      ppPlusRequestedPence: pence ?? 0,
      carriedFromTargetId: r.carriedFrom || null,
    })
    rows.push({ ...r, dueBy: due.parts })
  })
  return { targets, rows: padded(rows, BLANK_TARGET_ROWS, MAX_TARGETS, blankTarget) }
}

export type ReviewRow = { outcome: string; evidence: string }

export function reviewRowsOf(
  previousTargets: ReadonlyArray<{ id: string }>,
  held: ReadonlyArray<{ targetId: string; outcome: string; evidence: string }>,
): ReviewRow[] {
  return previousTargets.map((t) => {
    const r = held.find((h) => h.targetId === t.id)
    return { outcome: r?.outcome ?? '', evidence: r?.evidence ?? '' }
  })
}

/** Reads `reviews-N-outcome|evidence`, N being the previous target's place (as the service's errors number it). */
export function readReviews(
  body: FormBody,
  previousTargets: ReadonlyArray<{ id: string }>,
  problems: FormProblems,
) {
  const reviews: TargetReviewInput[] = []
  const rows = previousTargets.map((t, i) => {
    const row = { outcome: text(body, `reviews-${i}-outcome`), evidence: text(body, `reviews-${i}-evidence`) }
    const outcome = TARGET_OUTCOMES.find((o) => o === row.outcome)
    if ((row.evidence || row.outcome) && !outcome)
      problems.add(`reviews.${i}.outcome`, `Previous target ${i + 1}: choose met, partly met or not met`)
    if (row.evidence.length > 2000)
      problems.add(`reviews.${i}.evidence`, tooLong(`Previous target ${i + 1}: the evidence`, 2000))
    if (outcome) reviews.push({ targetId: t.id, outcome, evidence: row.evidence })
    return row
  })
  return { reviews, rows }
}
