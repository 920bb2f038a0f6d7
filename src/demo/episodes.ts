/**
 * Demo cohort histories: dated CLA, PLA, CIN, CP and kinship episodes at the shares in DEMO.md,
 * with the rules of DOMAIN.md DEF-13 (never CLA and PLA on the same day; end dates inclusive),
 * CL-1 (legal statuses), PD-3 (ever-6), PD-5 (PLA routes and evidence) and PD-15 (kinship overlaps).
 * Every date is within the child's life and never after `today`.
 */
import { v7 as uuidv7 } from 'uuid'
import type { placementChanges, statusEpisodes } from '../data/schema/index.js'
import { addDays, addYears, daysBetween, formatDate, maxIso, type IsoDate } from '../domain/calendar/dates.js'
import type { ClaLegalStatus, KinshipArrangement, PlaRoute } from '../domain/cohort/codes.js'
import { isShortBreakStatus } from '../domain/cohort/codes.js'
import { statusOn } from '../domain/cohort/status.js'
import {
  CIN_CATEGORIES,
  CLA_STATUSES,
  COHORT_RATES,
  CP_CATEGORIES,
  drawCount,
  LEFT_CARE,
  OTHER_LAS,
  PLA_DOCUMENTS,
  PLA_ROUTES,
  PLACEMENT_NOTES,
  UNLISTED_LA,
} from './cohort-mix.js'
import { dateBetween, type DemoPupil } from './pupils.js'
import type { Rng } from './random.js'
import type { Phase } from './spec.js'

export type EpisodeRow = typeof statusEpisodes.$inferInsert & { id: string; pupilId: string }
export type PlacementChangeRow = typeof placementChanges.$inferInsert

/** What the rest of the generator needs to know about each cohort pupil. */
export type CohortFacts = {
  cla?: { episodeId: string; legalStatus: ClaLegalStatus; laCode: string; careStart: IsoDate }
  pla?: { route: PlaRoute; orderDate: IsoDate; hasEvidence: boolean }
  cinCurrent?: { start: IsoDate }
  cpCurrent?: { start: IsoDate }
  kinship?: { arrangement: KinshipArrangement; start: IsoDate }
  ever6: boolean
}

export type CohortContext = {
  rng: Rng
  today: IsoDate
  phase: Phase
  schoolId: string
  laCode: string
  recordedBy: string
  /** Shown as `seenBy` on PLA evidence (PD-5). */
  evidenceSeenBy: string
}

export type CohortResult = {
  episodes: EpisodeRow[]
  placementChanges: PlacementChangeRow[]
  facts: Map<string, CohortFacts>
}

export function buildCohorts(ctx: CohortContext, onRoll: ReadonlyArray<DemoPupil>): CohortResult {
  const { rng, today } = ctx
  const rates = COHORT_RATES[ctx.phase]
  const n = onRoll.length
  const episodes: EpisodeRow[] = []
  const changes: PlacementChangeRow[] = []
  const facts = new Map<string, CohortFacts>()
  const factsOf = (p: DemoPupil): CohortFacts => {
    let f = facts.get(p.id)
    if (!f) facts.set(p.id, (f = { ever6: false }))
    return f
  }
  const add = (
    p: DemoPupil,
    e: Omit<EpisodeRow, 'id' | 'pupilId' | 'schoolId'> & { id?: string },
  ): EpisodeRow => {
    const row: EpisodeRow = {
      id: uuidv7(),
      pupilId: p.id,
      schoolId: ctx.schoolId,
      recordedBy: ctx.recordedBy,
      ...e,
    }
    episodes.push(row)
    return row
  }
  const ago = (p: DemoPupil, min: number, max: number): IsoDate =>
    maxIso(p.dateOfBirth, addDays(today, -rng.int(min, Math.max(min, max))))
  const ageDays = (p: DemoPupil): number => daysBetween(p.dateOfBirth, today)

  /** A child protection plan that ended the day before `nextStart` (a step-up into care or a step-down). */
  const cpBefore = (p: DemoPupil, nextStart: IsoDate): void => {
    const end = addDays(nextStart, -1)
    if (end < p.dateOfBirth) return
    const start = maxIso(p.dateOfBirth, addDays(end, -rng.int(60, 400)))
    add(p, { type: 'CP', startDate: start, endDate: end, cpCategory: rng.weighted(CP_CATEGORIES) })
  }
  const cinBefore = (p: DemoPupil, nextStart: IsoDate): void => {
    const end = addDays(nextStart, -1)
    if (end < p.dateOfBirth) return
    const start = maxIso(p.dateOfBirth, addDays(end, -rng.int(60, 500)))
    add(p, { type: 'CIN', startDate: start, endDate: end, cinCategory: rng.weighted(CIN_CATEGORIES) })
  }

  let pool = rng.shuffle(onRoll)
  const take = (count: number, ok: (p: DemoPupil) => boolean = () => true): DemoPupil[] => {
    const chosen = pool.filter(ok).slice(0, count)
    const ids = new Set(chosen.map((p) => p.id))
    pool = pool.filter((p) => !ids.has(p.id))
    return chosen
  }

  // Children looked after now.
  const cla = take(drawCount(rng, n, rates.cla))
  const statuses = rng.apportion(CLA_STATUSES, cla.length)
  const las = rng.apportion(
    [
      [ctx.laCode, 0.8],
      [OTHER_LAS[0]!, 0.075],
      [OTHER_LAS[1]!, 0.075],
      [UNLISTED_LA, 0.05],
    ] as const,
    cla.length,
  )
  // Make sure the demo shows the less common cases when there are enough children to show them.
  if (cla.length >= 3 && !las.some((la) => OTHER_LAS.includes(la))) las[1] = rng.pick(OTHER_LAS)
  if (ctx.phase === 'secondary' && cla.length >= 5 && !las.includes(UNLISTED_LA)) las[3] = UNLISTED_LA
  if (cla.length >= 5 || (cla.length > 0 && rng.chance(0.1))) {
    // Short breaks are arranged by the child's own LA, usually the school's.
    const home = las.lastIndexOf(ctx.laCode)
    statuses[home >= 0 ? home : cla.length - 1] = rng.pick(['V3', 'V4'] as const)
  }
  cla.forEach((p, i) => claHistory(p, statuses[i]!, las[i]!))

  function claHistory(p: DemoPupil, legalStatus: ClaLegalStatus, laCode: string): void {
    const spans: Record<ClaLegalStatus, [number, number]> = {
      C1: [14, 240], C2: [120, 3650], E1: [30, 500], V2: [7, 900], V3: [60, 1500], V4: [60, 1500],
      J1: [7, 120], J2: [2, 60], J3: [30, 300], L1: [1, 20], L2: [1, 20], L3: [1, 20], D1: [30, 500],
    } // prettier-ignore
    const [min, max] = spans[legalStatus]
    const start = ago(p, min, Math.min(max, ageDays(p) - 30))
    const current = add(p, {
      type: 'CLA',
      startDate: start,
      endDate: null,
      legalStatus,
      responsibleLaCode: laCode,
    })
    // SSDA903 starts a new episode when the legal status changes: an interim order before a full one.
    let careStart = start
    const earlier: ClaLegalStatus | null =
      legalStatus === 'C2' && rng.chance(0.6)
        ? 'C1'
        : legalStatus === 'C1' && rng.chance(0.3)
          ? 'V2'
          : legalStatus === 'E1'
            ? 'C2'
            : null
    if (earlier && start > p.dateOfBirth) {
      const end = addDays(start, -1)
      careStart = maxIso(
        p.dateOfBirth,
        addDays(end, -rng.int(earlier === 'V2' ? 7 : 120, earlier === 'C2' ? 700 : 300)),
      )
      add(p, {
        type: 'CLA',
        startDate: careStart,
        endDate: end,
        legalStatus: earlier,
        responsibleLaCode: laCode,
      })
    }
    const shortBreak = isShortBreakStatus(legalStatus)
    if (!shortBreak && rng.chance(0.5)) cpBefore(p, careStart)
    if (!shortBreak && daysBetween(start, today) > 60) {
      const moves = rng.weighted([[0, 0.45], [1, 0.3], [2, 0.17], [3, 0.08]] as const) // prettier-ignore
      for (let m = 0; m < moves; m++) {
        changes.push({
          episodeId: current.id,
          pupilId: p.id,
          changedOn: dateBetween(rng, addDays(start, 14), addDays(today, -1)),
          kind: 'placement',
          note: rng.pick(PLACEMENT_NOTES),
          recordedBy: ctx.recordedBy,
        })
      }
    }
    if (!shortBreak && p.enrolledOn > start && p.enrolledOn <= today) {
      changes.push({ episodeId: current.id, pupilId: p.id, changedOn: p.enrolledOn, kind: 'school', note: 'Started at this school', recordedBy: ctx.recordedBy }) // prettier-ignore
    }
    // DEMO.md: 16% of children looked after live in kinship foster care (formal kinship, PD-15).
    if (!shortBreak && rng.chance(0.16)) {
      const kinshipStart = dateBetween(rng, start, today)
      add(p, { type: 'KINSHIP', startDate: kinshipStart, endDate: null, arrangement: 'formal', note: 'Kinship foster care' }) // prettier-ignore
      factsOf(p).kinship = { arrangement: 'formal', start: kinshipStart }
    }
    factsOf(p).cla = { episodeId: current.id, legalStatus, laCode, careStart }
  }

  // Children previously looked after (PD-5), some with the CLA episode they left care from.
  for (const p of take(drawCount(rng, n, rates.pla))) {
    const route = rng.weighted(PLA_ROUTES)
    const age = ageDays(p)
    const orderDate =
      route === 'adoption'
        ? addDays(p.dateOfBirth, rng.int(300, Math.max(301, Math.min(1800, age - 60))))
        : route === 'adopted_abroad'
          ? addDays(p.dateOfBirth, rng.int(365, Math.max(366, Math.min(2200, age - 60))))
          : addDays(p.dateOfBirth, rng.int(180, Math.max(181, Math.min(4000, age - 60))))
    const recordedCare = { adoption: 0.7, sgo: 0.55, cao: 0.4, adopted_abroad: 0 }[route]
    if (route !== 'adopted_abroad' && rng.chance(recordedCare)) {
      // DEF-13: the CLA episode ends on an earlier day than the order that starts the PLA episode.
      const end = addDays(orderDate, -1)
      const start = maxIso(p.dateOfBirth, addDays(end, -rng.int(200, 900)))
      const legalStatus: ClaLegalStatus = route === 'adoption' ? 'E1' : rng.chance(0.65) ? 'C2' : 'V2'
      const laCode = rng.chance(0.6) ? ctx.laCode : rng.pick([...OTHER_LAS, UNLISTED_LA])
      add(p, { type: 'CLA', startDate: start, endDate: end, legalStatus, responsibleLaCode: laCode, note: `Ceased: ${rng.pick(LEFT_CARE[route])}` }) // prettier-ignore
      if (rng.chance(0.4)) cpBefore(p, start)
    }
    const hasEvidence = rng.chance(0.9)
    const evidence = hasEvidence
      ? { document: PLA_DOCUMENTS[route], seenOn: dateBetween(rng, maxIso(orderDate, p.enrolledOn), today), seenBy: ctx.evidenceSeenBy } // prettier-ignore
      : null
    add(p, { type: 'PLA', startDate: orderDate, endDate: null, route, evidence, note: hasEvidence ? null : 'Declared by the parent; evidence not yet seen' }) // prettier-ignore
    factsOf(p).pla = { route, orderDate, hasEvidence }
    // Most special guardians and child arrangements carers are relatives or friends: formal kinship.
    if ((route === 'sgo' && rng.chance(0.85)) || (route === 'cao' && rng.chance(0.8))) {
      add(p, {
        type: 'KINSHIP',
        startDate: orderDate,
        endDate: null,
        arrangement: 'formal',
        note: PLA_DOCUMENTS[route],
      })
      factsOf(p).kinship = { arrangement: 'formal', start: orderDate }
    }
  }

  // Protection plans now, some stepped up from a child in need plan.
  for (const p of take(drawCount(rng, n, rates.cp))) {
    const start = ago(p, 7, 500)
    add(p, { type: 'CP', startDate: start, endDate: null, cpCategory: rng.weighted(CP_CATEGORIES) })
    if (rng.chance(0.25)) cinBefore(p, start)
    factsOf(p).cpCurrent = { start }
  }
  // Child in need plans now, some stepped down from a protection plan.
  for (const p of take(drawCount(rng, n, rates.cin))) {
    const start = ago(p, 14, 800)
    add(p, { type: 'CIN', startDate: start, endDate: null, cinCategory: rng.weighted(CIN_CATEGORIES) })
    if (rng.chance(0.3)) cpBefore(p, start)
    factsOf(p).cinCurrent = { start }
  }

  // Ever-6 (PD-3): top up with plans that ended within the last six years.
  const windowStart = addYears(today, -6)
  const byPupil = new Map<string, EpisodeRow[]>()
  for (const e of episodes) byPupil.set(e.pupilId, [...(byPupil.get(e.pupilId) ?? []), e])
  const isEver6 = (p: DemoPupil): boolean =>
    statusOn(
      (byPupil.get(p.id) ?? []).map((e) => ({
        type: e.type,
        startDate: e.startDate,
        endDate: e.endDate ?? null,
      })),
      today,
    ).cswEver6
  const already = onRoll.filter(isEver6)
  for (const p of already) factsOf(p).ever6 = true
  const wanted = drawCount(rng, n, rates.ever6) - already.length
  for (const p of take(Math.max(0, wanted), (q) => !byPupil.has(q.id))) {
    const end = dateBetween(
      rng,
      maxIso(addDays(windowStart, 1), addDays(p.dateOfBirth, 120)),
      addDays(today, -14),
    )
    const pattern = rng.weighted([['cin', 0.6], ['cp', 0.15], ['step-down', 0.15], ['twice', 0.1]] as const) // prettier-ignore
    const start = maxIso(p.dateOfBirth, addDays(end, -rng.int(60, 600)))
    if (pattern === 'cp')
      add(p, { type: 'CP', startDate: start, endDate: end, cpCategory: rng.weighted(CP_CATEGORIES) })
    else add(p, { type: 'CIN', startDate: start, endDate: end, cinCategory: rng.weighted(CIN_CATEGORIES) })
    if (pattern === 'step-down') cpBefore(p, start)
    if (pattern === 'twice' && daysBetween(p.dateOfBirth, start) > 400) {
      cinBefore(p, addDays(start, -rng.int(90, 365)))
    }
    factsOf(p).ever6 = true
  }
  // A few plans that ended more than six years ago: CSW once, but not ever-6 now.
  const oldEnough = (q: DemoPupil): boolean => daysBetween(q.dateOfBirth, windowStart) > 400
  for (const p of take(Math.round(n * (ctx.phase === 'secondary' ? 0.01 : 0.005)), oldEnough)) {
    const end = dateBetween(rng, addDays(p.dateOfBirth, 200), addDays(windowStart, -1))
    const start = maxIso(p.dateOfBirth, addDays(end, -rng.int(60, 400)))
    add(p, { type: 'CIN', startDate: start, endDate: end, cinCategory: rng.weighted(CIN_CATEGORIES) })
  }

  // Kinship (DEF-7, DEF-11): top up the formal kinship above with informal and unknown arrangements.
  const kinshipSoFar = [...facts.values()].filter((f) => f.kinship).length
  const noCare = (q: DemoPupil): boolean => !facts.get(q.id)?.cla && !facts.get(q.id)?.pla
  const kinshipPool = rng.shuffle(onRoll.filter((q) => noCare(q) && !facts.get(q.id)?.kinship))
  for (const p of kinshipPool.slice(0, Math.max(0, drawCount(rng, n, rates.kinship) - kinshipSoFar))) {
    const arrangement = rng.weighted([['informal', 0.5], ['formal', 0.25], ['unknown', 0.25]] as const) // prettier-ignore
    const start = dateBetween(rng, p.dateOfBirth, addDays(today, -14))
    const note = arrangement === 'formal' ? rng.pick(['Special guardianship order to a grandparent', 'Child arrangements order to an aunt']) : null // prettier-ignore
    add(p, { type: 'KINSHIP', startDate: start, endDate: null, arrangement, note })
    factsOf(p).kinship = { arrangement, start }
  }

  correctOneEpisode(rng, episodes)
  return { episodes, placementChanges: changes, facts }
}

/**
 * History is never overwritten (DESIGN.md "Data conventions"): one current CIN episode had its start
 * date corrected, so the demo shows a superseded row next to the row that replaced it.
 */
function correctOneEpisode(rng: Rng, episodes: EpisodeRow[]): void {
  const candidates = episodes.filter((e) => e.type === 'CIN' && e.endDate === null)
  if (candidates.length === 0) return
  const old = rng.pick(candidates)
  const fixed: EpisodeRow = {
    ...old,
    id: uuidv7(),
    supersedesId: old.id,
    note: `Start date corrected: it was entered as ${formatDate(addDays(old.startDate, 7))}`,
  }
  old.startDate = addDays(old.startDate, 7)
  old.supersededById = fixed.id
  episodes.push(fixed)
}
