import {
  rubricFromStored,
  scheduleSettingsFromStored,
  suspensionSettingsFromStored,
} from '../domain/pep/stored-settings.js'
import { can } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import { tidyRubricLevel, validateRubric } from '../domain/pep/rubric.js'
import {
  validatePepScheduleSettings,
  validateVirtualSchoolSuspensionSettings,
  type PepScheduleSettings,
} from '../domain/pep/settings.js'
import type { RubricLevel } from '../domain/pep/workflow.js'
import * as repo from '../data/repositories/peps.repository.js'
import { findLocalAuthority } from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError } from './errors.js'

/**
 * What a Virtual School sets for itself: its PEP schedule (PD-1, PD-4, PEP-7, PEP-9), quality rubric, and whether
 * it expects education from the first day of a looked after child's suspension (PD-7, EX-8).
 */
export type VirtualSchoolSettingsInput = {
  schedule: PepScheduleSettings
  rubric: RubricLevel[]
  /** Left out, it stays as it is (API clients written before it existed). */
  claDayOneProvision?: boolean
}

type SettingsValues = Required<VirtualSchoolSettingsInput>

export type VirtualSchoolSettings = SettingsValues & {
  laCode: string
  laName: string | null
  /** 0 while the Virtual School has saved nothing and the defaults apply. Send it back with a change. */
  version: number
  /** Whether the actor may change them (the Virtual School head) or only read them (an adviser). */
  mayChange: boolean
}

export type SettingsChange = { field: string; from: unknown; to: unknown }

/**
 * A Virtual School's settings are its own: the actor's LA or nothing, and another LA's look like no LA at all
 * (DESIGN.md "Access control": out of scope is 404, never 403).
 */
function requireOwnVirtualSchool(actor: Actor, laCode: string): void {
  if (!actor.laCode || actor.laCode !== laCode) throw new NotFoundError('virtual school')
}

function settingsFromStored(stored: Record<string, unknown>): SettingsValues {
  return {
    schedule: tidySchedule(scheduleSettingsFromStored(stored)),
    rubric: rubricFromStored(stored).map(tidyRubricLevel),
    claDayOneProvision: suspensionSettingsFromStored(stored).claDayOneProvision,
  }
}

// Months in school-year order, September first, as the page lists them.
const schoolYearPosition = (month: number) => (month + 3) % 12

/** Only the known fields, in a fixed order; the custom months only for a custom cadence. */
function tidySchedule(s: PepScheduleSettings): PepScheduleSettings {
  return {
    cadence: s.cadence,
    customDueMonths:
      s.cadence === 'custom'
        ? [...s.customDueMonths].sort((a, b) => schoolYearPosition(a) - schoolYearPosition(b))
        : [],
    changeReviewDays: s.changeReviewDays,
    changeReviewClock: s.changeReviewClock,
    includeShortBreaks: s.includeShortBreaks === true,
    minimumAge: s.minimumAge,
  }
}

/** What differs, field by field, for the audit trail: each schedule setting, the rubric as a whole, day one. */
function changesBetween(before: SettingsValues, after: SettingsValues): SettingsChange[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  const changes: SettingsChange[] = []
  for (const key of Object.keys(after.schedule) as Array<keyof PepScheduleSettings>)
    if (!same(before.schedule[key], after.schedule[key]))
      changes.push({ field: `schedule.${key}`, from: before.schedule[key], to: after.schedule[key] })
  if (!same(before.rubric, after.rubric))
    changes.push({ field: 'rubric', from: before.rubric, to: after.rubric })
  if (before.claDayOneProvision !== after.claDayOneProvision)
    changes.push({
      field: 'claDayOneProvision',
      from: before.claDayOneProvision,
      to: after.claDayOneProvision,
    })
  return changes
}

/** A Virtual School's PEP settings and rubric, the defaults where it has set none. Not pupil data: not audited. */
export async function getVirtualSchoolSettings(
  ctx: ServiceContext,
  actor: Actor,
  laCode: string | null = actor.laCode,
): Promise<VirtualSchoolSettings> {
  authorise(actor, 'virtual_school:read')
  if (!laCode) throw new NotFoundError('virtual school')
  requireOwnVirtualSchool(actor, laCode)
  return ctx.db.transaction(async (tx) => {
    const row = await repo.virtualSchoolSettingsRow(tx, laCode)
    const la = await findLocalAuthority(tx, laCode)
    return {
      ...settingsFromStored(row?.settings ?? {}),
      laCode,
      laName: la?.name ?? null,
      version: row?.version ?? 0,
      mayChange: can(actor.role, 'virtual_school:configure'),
    }
  })
}

/**
 * Saves a Virtual School's settings (issue 4 items 1 and 3): the schedule every PEP due date of its children
 * follows from now on, the rubric its approvals are rated with, and whether suspensions of its children are
 * recorded with the day-one warning (PD-7, EX-8). `version` is the one read (0 when none
 * was stored); a stale one is a ConflictError (409). Audited with what changed; saving no change writes nothing.
 */
export async function saveVirtualSchoolSettings(
  ctx: ServiceContext,
  actor: Actor,
  laCode: string,
  input: VirtualSchoolSettingsInput,
  version: number,
): Promise<{ version: number; changes: SettingsChange[] }> {
  authorise(actor, 'virtual_school:configure')
  requireOwnVirtualSchool(actor, laCode)
  const schedule = tidySchedule(input.schedule)
  const rubric = input.rubric.map(tidyRubricLevel)
  const dayOne = input.claDayOneProvision
  const errors = [
    ...validatePepScheduleSettings(schedule).map((e) => ({ ...e, path: `schedule.${e.path}` })),
    ...validateRubric(rubric),
    ...(dayOne === undefined ? [] : validateVirtualSchoolSuspensionSettings({ claDayOneProvision: dayOne })),
  ]
  if (errors.length) throw new RuleBrokenError(errors)
  return ctx.db.transaction(async (tx) => {
    const row = await repo.virtualSchoolSettingsRow(tx, laCode)
    if ((row?.version ?? 0) !== version) throw new ConflictError()
    const before = settingsFromStored(row?.settings ?? {})
    const wanted: SettingsValues = {
      schedule,
      rubric,
      claDayOneProvision: dayOne ?? before.claDayOneProvision,
    }
    const changes = changesBetween(before, wanted)
    if (changes.length === 0) return { version, changes }
    // Other keys in the stored settings, from later features, are kept as they are.
    const saved = await repo.saveVirtualSchoolSettings(tx, laCode, { ...row?.settings, ...wanted }, version)
    if (saved === null) throw new ConflictError()
    await audit(tx, actor, 'virtual_school.settings_changed', {
      entity: 'virtual_school_setting',
      entityId: laCode,
      details: { laCode, changes },
    })
    return { version: saved, changes }
  })
}
