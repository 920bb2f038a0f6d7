import {
  DEFAULT_PEP_SCHEDULE_SETTINGS,
  DEFAULT_VIRTUAL_SCHOOL_SUSPENSION_SETTINGS,
  type PepScheduleSettings,
  type VirtualSchoolSuspensionSettings,
} from './settings.js'
import { DEFAULT_RUBRIC, type RubricLevel } from './workflow.js'

// A Virtual School's stored settings (virtual_school_setting.settings): `schedule` over the defaults (PD-1, PD-4,
// PEP-9), `rubric`, or the default rubric, and `claDayOneProvision` (PD-7, EX-8). The one place that knows these keys.

export function scheduleSettingsFromStored(stored: Record<string, unknown>): PepScheduleSettings {
  const schedule = (stored['schedule'] ?? {}) as Partial<PepScheduleSettings>
  return { ...DEFAULT_PEP_SCHEDULE_SETTINGS, ...schedule }
}

export function rubricFromStored(stored: Record<string, unknown>): ReadonlyArray<RubricLevel> {
  const rubric = stored['rubric'] as RubricLevel[] | undefined
  return rubric && rubric.length ? rubric : DEFAULT_RUBRIC
}

/** PD-7, EX-8: only a stored `true` turns the day-one expectation on. */
export function suspensionSettingsFromStored(
  stored: Record<string, unknown>,
): VirtualSchoolSuspensionSettings {
  return {
    ...DEFAULT_VIRTUAL_SCHOOL_SUSPENSION_SETTINGS,
    claDayOneProvision: stored['claDayOneProvision'] === true,
  }
}
