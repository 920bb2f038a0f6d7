/**
 * What the suspension services read before they decide: the pupil's status, the school's calendar and settings,
 * and the pupil's suspensions, turned into the plain data domain/exclusions works on.
 */
import { schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import { addSchoolDays, type SchoolCalendar } from '../domain/calendar/school-calendar.js'
import { statusOn, type PupilStatus } from '../domain/cohort/status.js'
import type { SuspensionSettings } from '../domain/exclusions/check-suspension.js'
import { suspensionSchoolDays, type RecordedSuspension } from '../domain/exclusions/days.js'
import { reasonCodeOn } from '../domain/exclusions/reason-codes.js'
import { suspensionSettingsFromStored } from '../domain/pep/stored-settings.js'
import type { Executor } from '../data/db.js'
import * as pupilsRepo from '../data/repositories/pupils.repository.js'
import { findSchoolById, type SchoolRow } from '../data/repositories/schools.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { virtualSchoolSettingsFor } from '../data/repositories/peps.repository.js'
import type { LetterFacts } from './suspension-letters.js'
import { loadCalendar } from './schools.service.js'

export type SuspensionPupil = {
  id: string
  schoolId: string
  givenName: string
  familyName: string
  preferredName: string | null
  enrolledOn: string | null
  leftOn: string | null
  senProvision: string
}

/** On roll on `date`: enrolled by then (or since before Harbour knew) and not yet left (`leftOn` is the last day). */
export function isOnRoll(pupil: Pick<SuspensionPupil, 'enrolledOn' | 'leftOn'>, date: IsoDate): boolean {
  return (
    (pupil.enrolledOn === null || pupil.enrolledOn <= date) && (pupil.leftOn === null || pupil.leftOn >= date)
  )
}

export function pupilName(p: Pick<SuspensionPupil, 'givenName' | 'familyName' | 'preferredName'>): string {
  return `${p.preferredName || p.givenName} ${p.familyName}`
}

/** A stored suspension as domain/exclusions sees it (DESIGN.md: days are kept in halves). */
export function toRecorded(row: repo.SuspensionRow): RecordedSuspension {
  return {
    category: row.category,
    startDate: row.startDate,
    days: row.halfDays === null ? 0 : row.halfDays / 2,
    cancelled: row.status === 'cancelled',
  }
}

export function daysOf(row: Pick<repo.SuspensionRow, 'halfDays'>): number | null {
  return row.halfDays === null ? null : row.halfDays / 2
}

/** Where the school's letters say representations go, and where notices to the board and the LA are emailed. */
export type SchoolExclusionContacts = {
  representationsTo: string | null
  governingBoardEmail: string | null
  localAuthorityEmail: string | null
}

const textSetting = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null)

/**
 * Read from the school's settings: `representationsTo` (the clerk to the governing board's address),
 * `governingBoardEmail` and `localAuthorityExclusionsEmail`. Until a school sets them the letters are drafts
 * that say what is missing, and nothing is emailed to those recipients.
 */
export function schoolExclusionContacts(settings: Record<string, unknown>): SchoolExclusionContacts {
  return {
    representationsTo: textSetting(settings.representationsTo),
    governingBoardEmail: textSetting(settings.governingBoardEmail),
    localAuthorityEmail: textSetting(settings.localAuthorityExclusionsEmail),
  }
}

/** PD-7: the risk assessment from the 2nd suspension (per school); EX-8: day-one provision (per Virtual School). */
export function suspensionSettingsOf(
  schoolSettings: Record<string, unknown>,
  vsSettings: Record<string, unknown>,
): Partial<SuspensionSettings> {
  const from = schoolSettings.riskAssessmentFromSuspension
  return {
    ...(typeof from === 'number' && Number.isInteger(from) && from >= 1
      ? { riskAssessmentFromSuspension: from }
      : {}),
    ...(suspensionSettingsFromStored(vsSettings).claDayOneProvision ? { claDayOneProvision: true } : {}),
  }
}

export type SuspensionFacts = {
  status: PupilStatus
  calendar: SchoolCalendar
  school: SchoolRow
  /** The pupil's suspensions at this school around the date's school year (the year before and after too). */
  suspensions: repo.SuspensionRow[]
}

/** The facts about a pupil on `on` (a suspension's start date): status, calendar, school and suspensions. */
export async function loadSuspensionFacts(
  tx: Executor,
  pupil: Pick<SuspensionPupil, 'id' | 'schoolId'>,
  on: IsoDate,
): Promise<SuspensionFacts> {
  const year = schoolYearOf(on)
  const episodes = await pupilsRepo.currentEpisodesOf(tx, [pupil.id])
  const { calendar } = await loadCalendar(tx, pupil.schoolId)
  const school = await findSchoolById(tx, pupil.schoolId)
  const rows = await repo.suspensionsOfPupilInYears(tx, pupil.id, [year - 1, year, year + 1])
  return {
    status: statusOn(episodes, on),
    calendar,
    school: school!,
    // CAL-3: a suspension's days are the excluding school's; another school's are not in its calendar.
    suspensions: rows.filter((r) => r.schoolId === pupil.schoolId),
  }
}

export async function virtualSchoolSettingsOf(tx: Executor, status: PupilStatus) {
  return status.responsibleLaCode ? virtualSchoolSettingsFor(tx, status.responsibleLaCode) : {}
}

/** The obligations of one suspension as the letters need them: the board's requirement and day 6. */
function boardAndDay6(obligations: ReadonlyArray<Pick<repo.ObligationRow, 'kind' | 'dueBy'>>) {
  const mustMeet = obligations.find((o) => o.kind === 'governing_board_must_meet')
  const onRequest = obligations.find((o) => o.kind === 'governing_board_meet_if_requested')
  const day6 = obligations.find((o) => o.kind === 'arrange_day6_provision')
  return {
    board: mustMeet
      ? { requirement: 'must_meet' as const, dueBy: mustMeet.dueBy }
      : onRequest
        ? { requirement: 'meet_if_requested' as const, dueBy: onRequest.dueBy }
        : { requirement: 'consider_representations' as const, dueBy: null },
    day6From: day6?.dueBy ?? null,
  }
}

type Day6Stored = { where?: unknown; hours?: unknown; from?: unknown }

export function day6DetailsOf(stored: Record<string, unknown> | null) {
  const d = (stored ?? {}) as Day6Stored
  return typeof d.where === 'string' && typeof d.hours === 'string' && typeof d.from === 'string'
    ? { where: d.where, hours: d.hours, from: d.from }
    : null
}

/** Everything a letter about `row` says, from the stored suspension and its obligations. */
export function letterFactsFor(input: {
  row: repo.SuspensionRow
  obligations: ReadonlyArray<Pick<repo.ObligationRow, 'kind' | 'dueBy'>>
  pupil: Pick<SuspensionPupil, 'givenName' | 'familyName' | 'preferredName'>
  school: Pick<SchoolRow, 'name' | 'settings'>
  calendar: SchoolCalendar
  headteacherName: string
}): LetterFacts {
  const { row, calendar } = input
  const days = daysOf(row)
  const schoolDays =
    row.category === 'PERM' || days === null
      ? []
      : suspensionSchoolDays(calendar, { startDate: row.startDate, days }).days.map((d) => d.date)
  const last = schoolDays.at(-1)
  const { board, day6From } = boardAndDay6(input.obligations)
  return {
    pupilName: pupilName(input.pupil),
    schoolName: input.school.name,
    category: row.category,
    startDate: row.startDate,
    days,
    lunchtime: row.lunchtime,
    schoolDays,
    returnsOn: last ? addSchoolDays(calendar, last, 1) : null,
    reasons: row.reasons.map((code) => ({
      code,
      description: reasonCodeOn(code, row.startDate)?.description ?? code,
    })),
    details: row.details,
    board,
    day6: day6From ? { from: day6From, details: day6DetailsOf(row.day6Provision) } : null,
    representationsTo: schoolExclusionContacts(input.school.settings).representationsTo,
    headteacherName: input.headteacherName,
  }
}
