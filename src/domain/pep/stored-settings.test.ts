import { describe, expect, it } from 'vitest'
import { DEFAULT_PEP_SCHEDULE_SETTINGS } from './settings.js'
import { scheduleSettingsFromStored, suspensionSettingsFromStored } from './stored-settings.js'

describe('a Virtual School’s stored settings', () => {
  it('reads the schedule over the defaults', () => {
    expect(scheduleSettingsFromStored({ schedule: { minimumAge: 3 } })).toEqual({
      ...DEFAULT_PEP_SCHEDULE_SETTINGS,
      minimumAge: 3,
    })
  })

  it.each<[string, Record<string, unknown>, boolean]>([
    ['nothing stored', {}, false],
    ['turned on', { claDayOneProvision: true }, true],
    ['turned off', { claDayOneProvision: false }, false],
    ['anything but true', { claDayOneProvision: 'true' }, false],
  ])('reads day-one provision (PD-7, EX-8): %s', (_, stored, on) => {
    expect(suspensionSettingsFromStored(stored)).toEqual({ claDayOneProvision: on })
  })
})
