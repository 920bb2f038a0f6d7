/**
 * Demo attendance (DEMO.md "Attendance by group"; DOMAIN.md ATT-6 to ATT-8, PD-6, PD-16): each pupil's
 * absence rate is drawn around their group's, then placed on the school days they were on roll as a mix of
 * codes a real register shows. Persistently absent pupils miss days in runs; unexplained absences are `N`
 * only in the last days (a school recodes them to `O` or a reason soon after).
 */
import { DEFAULT_NOTIFY_UNEXPLAINED_WITHIN_DAYS } from '../domain/attendance/alert-settings.js'
import type { Session } from '../domain/attendance/marks.js'
import { addDays, dayOfWeek, type IsoDate } from '../domain/calendar/dates.js'
import { isOpenOn, type EpisodeFacts } from '../domain/cohort/status.js'
import { createRng, type Rng } from './random.js'
import type { Phase } from './spec.js'

/**
 * The groups of DEMO.md's tables: CINO is a child in need with neither a protection plan nor care, CPPO a
 * child on a protection plan who is not looked after; a child in none of them is `other`.
 */
export type DemoGroup = 'cla' | 'cppo' | 'cino' | 'pla' | 'kinship' | 'other'
export const DEMO_GROUPS: ReadonlyArray<DemoGroup> = ['cla', 'cppo', 'cino', 'pla', 'kinship', 'other']

/** The pupil's group on `on`, from their current episodes (a looked-after child on a plan counts as CLA). */
export function groupOn(episodes: ReadonlyArray<EpisodeFacts>, on: IsoDate): DemoGroup {
  const open = new Set(episodes.filter((e) => isOpenOn(e, on)).map((e) => e.type))
  if (open.has('CLA')) return 'cla'
  if (open.has('CP')) return 'cppo'
  if (open.has('CIN')) return 'cino'
  if (open.has('PLA')) return 'pla'
  if (open.has('KINSHIP')) return 'kinship'
  return 'other'
}

/** Whether the group is told of unexplained absences (PD-15 "has a social worker"). */
export const hasSocialWorkerGroup = (g: DemoGroup): boolean => g === 'cla' || g === 'cppo' || g === 'cino'

/** Shares of sessions missed and of pupils persistently (≥ 10%) and severely (≥ 50%) absent (ATT-8). */
export type AbsenceRates = { absence: number; persistent: number; severe: number }

/**
 * DEMO.md "Attendance by group" (2024/25). Severe absence for all pupils, PLA and kinship is not in DEMO.md
 * [U]: about 1% in primary and 3.5% in secondary nationally, a little more for PLA and kinship. `other`
 * uses the all-pupils row: the groups are a few per cent of a school, so the whole school stays close to it.
 */
export const ABSENCE_RATES: Record<Phase, Record<DemoGroup, AbsenceRates>> = {
  primary: {
    other: { absence: 0.052, persistent: 0.135, severe: 0.008 },
    cla: { absence: 0.038, persistent: 0.075, severe: 0.008 },
    cino: { absence: 0.109, persistent: 0.343, severe: 0.033 },
    cppo: { absence: 0.13, persistent: 0.43, severe: 0.04 },
    pla: { absence: 0.065, persistent: 0.17, severe: 0.015 },
    kinship: { absence: 0.065, persistent: 0.18, severe: 0.015 },
  },
  secondary: {
    other: { absence: 0.086, persistent: 0.243, severe: 0.035 },
    cla: { absence: 0.12, persistent: 0.275, severe: 0.095 },
    cino: { absence: 0.255, persistent: 0.61, severe: 0.201 },
    cppo: { absence: 0.322, persistent: 0.698, severe: 0.278 },
    pla: { absence: 0.105, persistent: 0.3, severe: 0.05 },
    kinship: { absence: 0.11, persistent: 0.32, severe: 0.05 },
  },
}

/** A pupil's absence: under 10% (`low`), persistent but under 50%, or severe (ATT-8). */
export type AbsenceBand = 'low' | 'persistent' | 'severe'

// Rates are drawn inside these, a little way from the 10% and 50% lines, so rounding to whole sessions
// keeps each pupil on their side of them.
const BAND_RANGE: Record<AbsenceBand, readonly [number, number]> = {
  low: [0, 0.092],
  persistent: [0.108, 0.48],
  severe: [0.52, 0.92],
}
const SEVERE_MEAN = 0.66
const LOW_MEAN = 0.035

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

/**
 * The mean rate within each band so that the group's shares of persistent and severe absence and its
 * overall absence all come out as in the table: the severe and low means are fixed, the persistent one
 * makes up the rest (and when it cannot, the low one moves instead).
 */
export function bandMeans(r: AbsenceRates): Record<AbsenceBand, number> {
  const persistentOnly = r.persistent - r.severe
  const rest = (low: number) => r.absence - (1 - r.persistent) * low - r.severe * SEVERE_MEAN
  const persistent = clamp(persistentOnly > 0 ? rest(LOW_MEAN) / persistentOnly : 0.2, 0.12, 0.3)
  const low = clamp(
    (r.absence - persistentOnly * persistent - r.severe * SEVERE_MEAN) / (1 - r.persistent),
    0.005,
    0.08,
  )
  return { low, persistent, severe: SEVERE_MEAN }
}

/** A rate in the band's range whose mean over uniform `u` is `mean` (a power curve towards one end). */
function rateInBand(band: AbsenceBand, mean: number, u: number): number {
  const [lo, hi] = BAND_RANGE[band]
  const m = clamp(mean, lo + 0.002, hi - 0.002)
  const span = hi - lo
  if (m - lo <= span / 2) return lo + span * u ** (span / (m - lo) - 1)
  return hi - span * u ** (span / (hi - m) - 1)
}

/** What the register generator needs to know about one pupil. */
export type AttendanceProfile = {
  pupilId: string
  schoolId: string
  upn: string
  enrolledOn: IsoDate
  leftOn: IsoDate | null
  group: DemoGroup
  band: AbsenceBand
  /** The share of their possible sessions the pupil misses. */
  absenceRate: number
  /** Seeds the pupil's own generator, so their marks do not depend on anyone else's. */
  seed: number
  /** A child looked after or with a social worker who has an unexplained absence in the last days. */
  plantedUnexplained: boolean
}

export type ProfileInput = {
  id: string
  schoolId: string
  upn: string
  enrolledOn: IsoDate
  leftOn: IsoDate | null
  group: DemoGroup
}

/** How many children with a social worker have a fresh unexplained absence in each school. */
export const PLANTED_UNEXPLAINED = 3

/**
 * Each pupil's absence. Within a group the bands are apportioned and the rates spread evenly over the
 * band (stratified), so that even a group of seven children shows its table row rather than chance.
 */
export function buildAttendanceProfiles(
  rng: Rng,
  phase: Phase,
  pupils: ReadonlyArray<ProfileInput>,
  today: IsoDate,
): AttendanceProfile[] {
  const profiles = new Map<string, AttendanceProfile>()
  for (const group of DEMO_GROUPS) {
    const members = pupils.filter((p) => p.group === group)
    if (members.length === 0) continue
    const rates = ABSENCE_RATES[phase][group]
    const means = bandMeans(rates)
    const bands = rng.apportion<AbsenceBand>(
      [
        ['severe', rates.severe],
        ['persistent', rates.persistent - rates.severe],
        ['low', 1 - rates.persistent],
      ],
      members.length,
    )
    for (const band of ['low', 'persistent', 'severe'] as const) {
      const inBand = members.filter((_, i) => bands[i] === band)
      const us = rng.shuffle(inBand.map((_, i) => (i + rng.next()) / inBand.length))
      inBand.forEach((p, i) => {
        profiles.set(p.id, {
          pupilId: p.id,
          schoolId: p.schoolId,
          upn: p.upn,
          enrolledOn: p.enrolledOn,
          leftOn: p.leftOn,
          group,
          band,
          absenceRate: rateInBand(band, means[band], us[i]!),
          seed: rng.int(0, 0xffffffff),
          plantedUnexplained: false,
        })
      })
    }
  }
  // A few fresh unexplained absences for the alerts (PD-6): a child looked after first, when there is one.
  const onRoll = (p: AttendanceProfile) => p.enrolledOn < today && (p.leftOn === null || p.leftOn >= today)
  const withSocialWorker = rng.shuffle(
    [...profiles.values()].filter((p) => hasSocialWorkerGroup(p.group) && onRoll(p)),
  )
  const cla = withSocialWorker.find((p) => p.group === 'cla')
  const planted = [...(cla ? [cla] : []), ...withSocialWorker.filter((p) => p !== cla)].slice(
    0,
    PLANTED_UNEXPLAINED,
  )
  for (const p of planted) p.plantedUnexplained = true
  return pupils.map((p) => profiles.get(p.id)!)
}

type Spell = { code: string; days: readonly [number, number]; weight: number }

// The mix of absence, as spells of whole days (or `days: [0, 0]`: one session). Illness is most of it
// nationally; persistently absent pupils have more unexplained absence and lateness after the register closed.
const LOW_MIX: ReadonlyArray<Spell> = [
  { code: 'I', days: [1, 3], weight: 0.5 },
  { code: 'I', days: [0, 0], weight: 0.06 },
  { code: 'M', days: [0, 0], weight: 0.14 },
  { code: 'O', days: [0, 1], weight: 0.08 },
  { code: 'G', days: [3, 5], weight: 0.06 },
  { code: 'U', days: [0, 0], weight: 0.07 },
  { code: 'C', days: [1, 2], weight: 0.05 },
  { code: 'R', days: [1, 1], weight: 0.02 },
]
const HIGH_MIX: ReadonlyArray<Spell> = [
  { code: 'I', days: [1, 5], weight: 0.4 },
  { code: 'O', days: [1, 3], weight: 0.22 },
  { code: 'O', days: [0, 0], weight: 0.08 },
  { code: 'U', days: [0, 0], weight: 0.1 },
  { code: 'M', days: [0, 0], weight: 0.07 },
  { code: 'G', days: [3, 5], weight: 0.06 },
  { code: 'C', days: [1, 2], weight: 0.05 },
  { code: 'R', days: [1, 1], weight: 0.02 },
]
const SEVERE_MIX: ReadonlyArray<Spell> = [
  { code: 'I', days: [3, 15], weight: 0.4 },
  { code: 'O', days: [2, 10], weight: 0.45 },
  { code: 'U', days: [0, 0], weight: 0.05 },
  { code: 'M', days: [0, 0], weight: 0.05 },
  { code: 'C', days: [1, 3], weight: 0.05 },
]
const MIX: Record<AbsenceBand, ReadonlyArray<readonly [Spell, number]>> = {
  low: LOW_MIX.map((s) => [s, s.weight] as const),
  persistent: HIGH_MIX.map((s) => [s, s.weight] as const),
  severe: SEVERE_MIX.map((s) => [s, s.weight] as const),
}
/** Late before the register closed (`L`, present): a share of morning sessions. */
const LATE_SHARE: Record<AbsenceBand, number> = { low: 0.02, persistent: 0.06, severe: 0.08 }
/** A persistently absent pupil's next spell often runs on from the last one (ATT-8: absence comes in runs). */
const RUN_ON = 0.35
/** Unexplained absence on the last school days is still `N`; before that the school has recoded it. */
const N_SCHOOL_DAYS = 2

/**
 * What one pupil's register is made from. `fixed` holds the codes already decided for some days (a
 * suspension's `E`, or `B` or `K` once education is arranged).
 */
export type PupilRegisterInput = {
  profile: AttendanceProfile
  /** The school days of the period on which the pupil was on roll, in order. */
  days: ReadonlyArray<IsoDate>
  fixed?: ReadonlyMap<IsoDate, string> | undefined
  today: IsoDate
  /** The school days just before `today`, most recent last. */
  recentDays: ReadonlyArray<IsoDate>
}

const PRESENT_FIXED = new Set(['B', 'K', 'D'])
const isUnexplained = (code: string | null) => code === 'O' || code === 'N'

/** How many sessions a pupil in the band misses out of `sessions`, kept on the band's side of 10% and 50%. */
export function absentSessions(band: AbsenceBand, rate: number, sessions: number): number {
  const n = Math.round(rate * sessions)
  if (sessions < 20) return n
  const tenth = Math.ceil(sessions / 10)
  const half = Math.ceil(sessions / 2)
  if (band === 'low') return Math.min(n, tenth - 1)
  if (band === 'persistent') return clamp(n, tenth, half - 1)
  return Math.max(n, half)
}

/** The pupil's marks: `codes[2i]` is the morning of `days[i]`, `codes[2i + 1]` its afternoon. */
export function pupilRegister(input: PupilRegisterInput): string[] {
  const { profile, days, today } = input
  const rng = createRng(profile.seed)
  const sessions = days.length * 2
  const codes: Array<string | null> = new Array<string | null>(sessions).fill(null)
  let absent = 0
  days.forEach((d, i) => {
    const code = input.fixed?.get(d)
    if (code === undefined) return
    codes[2 * i] = codes[2 * i + 1] = code
    if (!PRESENT_FIXED.has(code)) absent += 2
  })

  let remaining = absentSessions(profile.band, profile.absenceRate, sessions) - absent
  let free = codes.filter((c) => c === null).length
  let lastEnd = -1
  for (let guard = 0; remaining > 0 && free > 0 && guard < 400; guard++) {
    const spell = rng.weighted(MIX[profile.band])
    const single = spell.days[1] === 0 || (spell.days[0] === 0 && rng.chance(0.5))
    const length = Math.min(remaining, single ? 1 : 2 * rng.int(Math.max(1, spell.days[0]), spell.days[1]))
    let start: number
    if (profile.band !== 'low' && lastEnd >= 0 && lastEnd < sessions && rng.chance(RUN_ON)) start = lastEnd
    else if (single) start = spell.code === 'U' ? 2 * rng.int(0, days.length - 1) : rng.int(0, sessions - 1)
    else start = 2 * pickDay(rng, days, profile.band)
    let placed = 0
    for (let s = start; s < sessions && placed < length && codes[s] === null; s++, placed++)
      codes[s] = spell.code
    if (placed > 0) lastEnd = start + placed
    remaining -= placed
    free -= placed
  }

  const late = LATE_SHARE[profile.band]
  const notifyFrom = addDays(today, -DEFAULT_NOTIFY_UNEXPLAINED_WITHIN_DAYS)
  const stillN = new Set(input.recentDays.slice(-N_SCHOOL_DAYS))
  const tellsSocialWorker = hasSocialWorkerGroup(profile.group)
  for (let s = 0; s < sessions; s++) {
    const d = days[s >> 1]!
    const code = codes[s] ?? null
    if (code === null) {
      const am = s % 2 === 0
      codes[s] = rng.chance(am ? late : late / 4) ? 'L' : am ? '/' : '\\'
    } else if (isUnexplained(code)) {
      // A child with a social worker: the school chased each recent absence the same day (PD-6), so only the
      // planted ones are still unexplained, and the alerts list a few tasks rather than dozens.
      if (tellsSocialWorker && d >= notifyFrom) codes[s] = 'I'
      else if (stillN.has(d)) codes[s] = 'N'
    }
  }
  if (profile.plantedUnexplained) plantUnexplained(rng, days, codes, input)
  return codes as string[]
}

/** Monday and Friday a little more often for a persistently absent pupil. */
function pickDay(rng: Rng, days: ReadonlyArray<IsoDate>, band: AbsenceBand): number {
  const i = rng.int(0, days.length - 1)
  if (band === 'low' || !rng.chance(0.3)) return i
  for (let j = i; j < Math.min(days.length, i + 5); j++) {
    const dow = dayOfWeek(days[j]!)
    if (dow === 1 || dow === 5) return j
  }
  return i
}

/** One or two sessions with no reason given yet, on one of the last school days the pupil was in school. */
function plantUnexplained(
  rng: Rng,
  days: ReadonlyArray<IsoDate>,
  codes: Array<string | null>,
  input: PupilRegisterInput,
) {
  const candidates = input.recentDays
    .slice(-3)
    .map((d) => days.indexOf(d))
    .filter((i) => i >= 0 && !input.fixed?.has(days[i]!))
  if (candidates.length === 0) return
  const i = rng.pick(candidates)
  if (rng.chance(0.6)) codes[2 * i] = codes[2 * i + 1] = 'N'
  else codes[2 * i + (rng.chance(0.5) ? 0 : 1)] = 'N'
}

export type DemoMark = { pupilId: string; upn: string; date: IsoDate; session: Session; code: string }
