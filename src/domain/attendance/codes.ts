/**
 * The national attendance codes as a dated table (DOMAIN.md ATT-6, PD-16). The 2024 regulations took
 * effect on 19 August 2024: `H`, `F`, `J` and the single `Y` were withdrawn that day, and `C1`, `C2`,
 * `J1`, `K`, `Q` and `Y1`-`Y7` came in. Codes that carried on have no `validFrom`.
 */
import { addDays, formatDate, type IsoDate } from '../calendar/dates.js'

export type AttendanceTreatment = 'present' | 'authorised' | 'unauthorised' | 'not_counted'

export type AttendanceCode = {
  code: string
  /** Plain words for school staff (our wording, not the regulations'). */
  meaning: string
  treatment: AttendanceTreatment
  /** First day the code may be used; absent when it was in use before the 2024 codes. */
  validFrom?: IsoDate
  /** Last day the code may be used (inclusive); absent while it is still in use. */
  validTo?: IsoDate
  /** For a withdrawn code, what to use instead. */
  replacedBy?: string
}

/** The day the 2024 codes took effect (SI 2024/208). */
export const CODES_2024_FROM: IsoDate = '2024-08-19'
const OLD_CODES_TO: IsoDate = '2024-08-18'

const NEW_2024 = { validFrom: CODES_2024_FROM }
const WITHDRAWN_2024 = { validTo: OLD_CODES_TO }

export const ATTENDANCE_CODES: ReadonlyArray<Readonly<AttendanceCode>> = [
  { code: '/', meaning: 'Present (morning symbol, accepted for either session)', treatment: 'present' },
  { code: '\\', meaning: 'Present (afternoon symbol, accepted for either session)', treatment: 'present' },
  { code: 'L', meaning: 'Late, but arrived before the register closed', treatment: 'present' },
  {
    code: 'K',
    meaning: 'Attending education arranged by the local authority, away from this school',
    treatment: 'present',
    ...NEW_2024,
  },
  { code: 'V', meaning: 'Educational visit or trip run by the school', treatment: 'present' },
  { code: 'P', meaning: 'Approved sporting activity', treatment: 'present' },
  { code: 'W', meaning: 'Work experience', treatment: 'present' },
  {
    code: 'B',
    meaning: 'Other approved educational activity, supervised (not remote learning)',
    treatment: 'present',
  },
  {
    code: 'D',
    meaning: 'Dual registered: attending the other school or provision',
    treatment: 'not_counted',
  },
  {
    code: 'C1',
    meaning: 'Leave for a licensed performance or employment abroad',
    treatment: 'authorised',
    ...NEW_2024,
  },
  { code: 'M', meaning: 'Leave for a medical or dental appointment', treatment: 'authorised' },
  { code: 'J1', meaning: 'Leave for an interview (job or education)', treatment: 'authorised', ...NEW_2024 },
  { code: 'S', meaning: 'Study leave', treatment: 'authorised' },
  { code: 'X', meaning: 'Below compulsory school age and not required to attend', treatment: 'not_counted' },
  { code: 'C2', meaning: 'Leave: part-time timetable', treatment: 'authorised', ...NEW_2024 },
  { code: 'C', meaning: 'Leave in exceptional circumstances, agreed by the head', treatment: 'authorised' },
  {
    code: 'T',
    meaning: 'Parent travelling for work (for example a Traveller family)',
    treatment: 'authorised',
  },
  { code: 'R', meaning: 'Religious observance', treatment: 'authorised' },
  { code: 'I', meaning: 'Ill (not a medical appointment)', treatment: 'authorised' },
  { code: 'E', meaning: 'Suspended or excluded, with no alternative provision', treatment: 'authorised' },
  // DOMAIN.md ATT-6 [U]: `Q` is grouped with the Y codes, so it is not counted until confirmed.
  {
    code: 'Q',
    meaning: 'Unable to attend: access arrangements not made (for example no transport)',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y1',
    meaning: 'Unable to attend: the usual transport was not available',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y2',
    meaning: 'Unable to attend: widespread travel disruption',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y3',
    meaning: 'Unable to attend: part of the school could not be used',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y4',
    meaning: 'Unable to attend: the whole school closed unexpectedly',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y5',
    meaning: 'Unable to attend: held in criminal justice detention',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y6',
    meaning: 'Unable to attend: public health guidance or law',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  {
    code: 'Y7',
    meaning: 'Unable to attend: another unavoidable reason',
    treatment: 'not_counted',
    ...NEW_2024,
  },
  { code: 'G', meaning: 'Holiday not agreed by the school', treatment: 'unauthorised' },
  { code: 'N', meaning: 'Absent: reason not yet given', treatment: 'unauthorised' },
  { code: 'O', meaning: 'Absent: other or unknown reason', treatment: 'unauthorised' },
  { code: 'U', meaning: 'Arrived after the register closed', treatment: 'unauthorised' },
  { code: 'Z', meaning: 'Prospective pupil, not yet on the admission register', treatment: 'not_counted' },
  { code: '#', meaning: 'Planned whole-school closure', treatment: 'not_counted' },
  // DOMAIN.md PD-16: the codes withdrawn in August 2024 keep their old treatment for earlier dates.
  {
    code: 'H',
    meaning: 'Holiday agreed by the school (withdrawn in 2024)',
    treatment: 'authorised',
    ...WITHDRAWN_2024,
    replacedBy: 'C',
  },
  {
    code: 'F',
    meaning: 'Extended family holiday, agreed (withdrawn in 2024)',
    treatment: 'authorised',
    ...WITHDRAWN_2024,
    replacedBy: 'C',
  },
  {
    code: 'J',
    meaning: 'Interview (withdrawn in 2024)',
    treatment: 'authorised',
    ...WITHDRAWN_2024,
    replacedBy: 'J1',
  },
  {
    code: 'Y',
    meaning: 'Unable to attend due to exceptional circumstances (withdrawn in 2024)',
    treatment: 'not_counted',
    ...WITHDRAWN_2024,
    replacedBy: 'Y1 to Y7',
  },
]

const BY_CODE: ReadonlyMap<string, Readonly<AttendanceCode>> = new Map(
  ATTENDANCE_CODES.map((c) => [c.code, c]),
)

/** Codes are written in capitals; a cell may carry spaces or a lower-case letter. */
export function normaliseCode(raw: string): string {
  return raw.trim().toUpperCase()
}

/** The table entry for a code, whatever the date; undefined when there is no such code. */
export function attendanceCode(code: string): Readonly<AttendanceCode> | undefined {
  return BY_CODE.get(normaliseCode(code))
}

/** The statistical treatment of a code (ATT-6, ATT-7). Throws on a code that is not in the table. */
export function treatmentOf(code: string): AttendanceTreatment {
  const entry = attendanceCode(code)
  if (entry === undefined) throw new RangeError(`Unknown attendance code ${JSON.stringify(code)}`)
  return entry.treatment
}

export type CodeOnResult =
  | { ok: true; entry: Readonly<AttendanceCode> }
  | { ok: false; problem: 'unknown_code' | 'not_valid_on_date'; message: string }

/** DOMAIN.md PD-16: a code must be valid on the mark's date. Messages are lower-case, to follow "Line 7: ". */
export function codeOn(code: string, date: IsoDate): CodeOnResult {
  const shown = normaliseCode(code)
  const entry = BY_CODE.get(shown)
  if (entry === undefined) {
    return { ok: false, problem: 'unknown_code', message: `unknown attendance code ${quoted(code)}` }
  }
  const on = formatDate(date)
  if (entry.validFrom !== undefined && date < entry.validFrom) {
    return {
      ok: false,
      problem: 'not_valid_on_date',
      message: `attendance code "${shown}" is not valid on ${on}: in use only from ${formatDate(entry.validFrom)}`,
    }
  }
  if (entry.validTo !== undefined && date > entry.validTo) {
    const instead = entry.replacedBy === undefined ? '' : ` (use ${entry.replacedBy} instead)`
    return {
      ok: false,
      problem: 'not_valid_on_date',
      message: `attendance code "${shown}" is not valid on ${on}: withdrawn on ${formatDate(addDays(entry.validTo, 1))}${instead}`,
    }
  }
  return { ok: true, entry }
}

/** The codes in use on a date, in table order (for a key to the marks). */
export function codesInUseOn(date: IsoDate): Array<Readonly<AttendanceCode>> {
  return ATTENDANCE_CODES.filter((c) => codeOn(c.code, date).ok)
}

// DOMAIN.md PD-6: only N and O are unexplained. U arrived late and G's reason is known.
export function isUnexplainedAbsence(code: string): boolean {
  const c = normaliseCode(code)
  return c === 'N' || c === 'O'
}

/** DOMAIN.md PD-16: the only codes that may fall on a day that is not a school day. */
export function allowedOnClosedDay(code: string): boolean {
  return /^(#|Y[1-7])$/.test(normaliseCode(code))
}

/** A cell quoted for a message, cut short so a stray paragraph does not fill the error list. */
export function quoted(raw: string, max = 40): string {
  const text = raw.length > max ? `${raw.slice(0, max)}…` : raw
  return `"${text}"`
}
