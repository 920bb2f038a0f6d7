import { describe, expect, it } from 'vitest'
import { attendanceAlertSettings, DEFAULT_ATTENDANCE_ALERT_SETTINGS } from './alert-settings.js'

describe('a school’s attendance alert settings (ATT-9: a local threshold, not statutory)', () => {
  it.each<[string, unknown]>([
    ['no settings', {}],
    ['settings that are not an object', 'below 90'],
    ['null', null],
    ['alert settings that are not an object', { attendanceAlerts: 95 }],
  ])('are the defaults (below 90%% over 4 school weeks) for %s', (_, stored) => {
    expect(attendanceAlertSettings(stored)).toEqual(DEFAULT_ATTENDANCE_ALERT_SETTINGS)
    expect(DEFAULT_ATTENDANCE_ALERT_SETTINGS).toEqual({
      threshold: { percent: 90, weeks: 4 },
      notifyUnexplainedWithinDays: 14,
    })
  })

  it('reads what the school set', () => {
    expect(
      attendanceAlertSettings({
        attendanceAlerts: { thresholdPercent: 95, thresholdWeeks: 6, notifyUnexplainedWithinDays: 3 },
      }),
    ).toEqual({ threshold: { percent: 95, weeks: 6 }, notifyUnexplainedWithinDays: 3 })
  })

  it.each<[string, Record<string, unknown>]>([
    ['a percentage over 100', { thresholdPercent: 120 }],
    ['a percentage as text', { thresholdPercent: '95' }],
    ['no weeks', { thresholdWeeks: 0 }],
    ['part of a week', { thresholdWeeks: 2.5 }],
    ['a negative window for absences', { notifyUnexplainedWithinDays: -1 }],
  ])('keeps the default in place of %s', (_, alerts) => {
    expect(attendanceAlertSettings({ attendanceAlerts: alerts })).toEqual(DEFAULT_ATTENDANCE_ALERT_SETTINGS)
  })
})
