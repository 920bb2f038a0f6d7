/**
 * Exclusion categories and reason codes (DOMAIN.md EX-16, EX-17, PD-8). The codes are a dated, versioned
 * table so that set B can be loaded once confirmed; a record keeps the code and the table version it used.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'

/** EX-16: permanent exclusion, suspension (fixed period), lunchtime suspension. */
export type ExclusionCategory = 'PERM' | 'SUSP' | 'LNCH'
export const EXCLUSION_CATEGORIES: ReadonlyArray<ExclusionCategory> = ['PERM', 'SUSP', 'LNCH']

export const EXCLUSION_CATEGORY_LABELS: Record<ExclusionCategory, string> = {
  PERM: 'Permanent exclusion',
  SUSP: 'Suspension',
  LNCH: 'Lunchtime suspension',
}

/** EX-16: at most 3 reasons per exclusion. */
export const MAX_REASONS = 3

export type ReasonCodeRow = {
  code: string
  /** In plain words for school staff; the census wording is in DOMAIN.md EX-17. */
  description: string
  validFrom: IsoDate
  /** The last day the code may be used; null while it is current. */
  validTo: IsoDate | null
  source: string
  tableVersion: string
}

export const SET_A_VERSION = 'A'

const SET_A_SOURCE =
  'DfE census exclusion reasons used from 2020/21 (set A, 16 codes), via Ealing Grid for Learning and ScholarPack (DOMAIN.md EX-17)'

// Set A has been used since about the 2020/21 school year (PH came in for COVID). It stays current until an
// administrator loads set B and closes these rows (PD-8), so validTo is null.
function setA(code: string, description: string): ReasonCodeRow {
  return {
    code,
    description,
    validFrom: '2020-08-01',
    validTo: null,
    source: SET_A_SOURCE,
    tableVersion: SET_A_VERSION,
  }
}

export const REASON_CODES_SET_A: ReadonlyArray<Readonly<ReasonCodeRow>> = [
  setA('PP', 'Physical assault against a pupil'),
  setA('PA', 'Physical assault against an adult'),
  setA('VP', 'Verbal abuse or threatening behaviour against a pupil'),
  setA('VA', 'Verbal abuse or threatening behaviour against an adult'),
  setA('OW', 'Using or threatening to use a weapon or a prohibited item'),
  setA('BU', 'Bullying'),
  setA('RA', 'Racist abuse'),
  setA('LG', 'Abuse about sexual orientation or gender identity'),
  setA('SM', 'Sexual misconduct'),
  setA('DA', 'Drugs or alcohol'),
  setA('DM', 'Damage to property'),
  setA('TH', 'Theft'),
  setA('DB', 'Persistent or general disruptive behaviour'),
  setA('MT', 'Misuse of social media or online technology'),
  setA('PH', 'Deliberately and repeatedly breaking public health rules, such as COVID-19 measures'),
  setA('DS', 'Abuse about disability'),
]

function normalise(code: string): string {
  return code.trim().toUpperCase()
}

function validOn(row: ReasonCodeRow, date: IsoDate): boolean {
  return row.validFrom <= date && (row.validTo === null || date <= row.validTo)
}

/** The row for `code` in use on `date`, or null when the code is unknown or not in use that day. */
export function reasonCodeOn(
  code: string,
  date: IsoDate,
  table: ReadonlyArray<ReasonCodeRow> = REASON_CODES_SET_A,
): ReasonCodeRow | null {
  const wanted = normalise(code)
  return table.find((r) => r.code === wanted && validOn(r, date)) ?? null
}

/** The codes in use on `date`, in table order: the choices to offer on a form. */
export function reasonCodesOn(
  date: IsoDate,
  table: ReadonlyArray<ReasonCodeRow> = REASON_CODES_SET_A,
): ReasonCodeRow[] {
  return table.filter((r) => validOn(r, date))
}

export type ReasonsCheck =
  { ok: true; rows: ReasonCodeRow[] } | { ok: false; problems: Array<{ field: string; message: string }> }

/** EX-16, PD-8: one to three different reason codes, each in use on the exclusion's start date. */
export function checkReasons(
  codes: ReadonlyArray<string>,
  date: IsoDate,
  table: ReadonlyArray<ReasonCodeRow> = REASON_CODES_SET_A,
): ReasonsCheck {
  const problems: Array<{ field: string; message: string }> = []
  if (codes.length === 0) {
    problems.push({ field: 'reasons', message: 'Choose at least one reason' })
  }
  if (codes.length > MAX_REASONS) {
    problems.push({ field: 'reasons', message: `Choose no more than ${MAX_REASONS} reasons` })
  }
  const rows: ReasonCodeRow[] = []
  const seen = new Set<string>()
  codes.forEach((raw, i) => {
    const code = normalise(raw)
    const field = `reasons.${i}`
    if (code === '') {
      problems.push({ field, message: 'Choose a reason from the list' })
      return
    }
    if (seen.has(code)) {
      problems.push({ field, message: `‘${code}’ is chosen more than once. Choose each reason only once` })
      return
    }
    seen.add(code)
    const row = reasonCodeOn(code, date, table)
    if (row) {
      rows.push(row)
    } else if (table.some((r) => r.code === code)) {
      problems.push({ field, message: `‘${code}’ was not a reason code in use on ${formatDate(date)}` })
    } else {
      problems.push({ field, message: `‘${code}’ is not a reason code. Choose one from the list` })
    }
  })
  return problems.length === 0 ? { ok: true, rows } : { ok: false, problems }
}
