/**
 * A school's attendance alert settings, read from `school.settings.attendanceAlerts` over the defaults.
 * A value that is missing or not sensible is the default, so a typing slip never switches an alert off.
 */
import { DEFAULT_ATTENDANCE_THRESHOLD, type AttendanceThreshold } from './alerts.js'

export type AttendanceAlertSettings = {
  /** DOMAIN.md ATT-9, PD-6: a local threshold, not statutory (default below 90% over 4 school weeks). */
  threshold: AttendanceThreshold
  /**
   * Product choice, not law: an unexplained absence older than this many days when it reaches Harbour (a
   * first import of last year's register) makes no task or email; a register kept up to date always does.
   */
  notifyUnexplainedWithinDays: number
}

export const DEFAULT_NOTIFY_UNEXPLAINED_WITHIN_DAYS = 14

export const DEFAULT_ATTENDANCE_ALERT_SETTINGS: AttendanceAlertSettings = {
  threshold: DEFAULT_ATTENDANCE_THRESHOLD,
  notifyUnexplainedWithinDays: DEFAULT_NOTIFY_UNEXPLAINED_WITHIN_DAYS,
}

function numberIn(value: unknown, min: number, max: number, whole: boolean): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null
  if (whole && !Number.isInteger(value)) return null
  return value >= min && value <= max ? value : null
}

/** The settings stored in `school.settings` (any JSON), with defaults for whatever is not set or not valid. */
export function attendanceAlertSettings(schoolSettings: unknown): AttendanceAlertSettings {
  const stored =
    typeof schoolSettings === 'object' && schoolSettings !== null
      ? (schoolSettings as Record<string, unknown>).attendanceAlerts
      : undefined
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {}
  const defaults = DEFAULT_ATTENDANCE_ALERT_SETTINGS
  return {
    threshold: {
      // A tenth of a percent is the finest the figures are shown to (ATT-7 rounding).
      percent: numberIn(s.thresholdPercent, 1, 100, false) ?? defaults.threshold.percent,
      weeks: numberIn(s.thresholdWeeks, 1, 39, true) ?? defaults.threshold.weeks,
    },
    notifyUnexplainedWithinDays:
      numberIn(s.notifyUnexplainedWithinDays, 0, 366, true) ?? defaults.notifyUnexplainedWithinDays,
  }
}
