import { describe, expect, it } from 'vitest'
import { checkPlacementChange, groupPlacementChanges } from './placement-changes.js'

const TODAY = '2026-06-15'
const open = { startDate: '2025-01-10', endDate: null }
const ended = { startDate: '2024-01-10', endDate: '2025-03-31' }

describe('checkPlacementChange (DOMAIN.md PEP-7)', () => {
  it.each([
    ['on the day the episode started', open, '2025-01-10'],
    ['today', open, TODAY],
    ['on the last day of an ended episode', ended, '2025-03-31'],
  ])('accepts a change %s', (_, episode, changedOn) => {
    expect(checkPlacementChange({ changedOn, kind: 'placement' }, episode, TODAY)).toEqual([])
  })

  it.each([
    ['no date', open, '', /Enter the date of the change/],
    ['a date that is not real', open, '2025-02-30', /must be a real date/],
    ['a date before the episode started', open, '2025-01-09', /on or after .* 10 January 2025/],
    ['a date after the episode ended', ended, '2025-04-01', /on or before .* 31 March 2025/],
    ['a date in the future', open, '2026-06-16', /today or in the past/],
  ])('refuses %s at path changedOn', (_, episode, changedOn, message) => {
    const errors = checkPlacementChange({ changedOn, kind: 'school' }, episode, TODAY)
    expect(errors.map((e) => e.path)).toEqual(['changedOn'])
    expect(errors[0]!.message).toMatch(message)
  })

  it('refuses a kind that is neither placement nor school, with the date checked too', () => {
    const errors = checkPlacementChange({ changedOn: '2025-01-01', kind: 'home' }, open, TODAY)
    expect(errors.map((e) => e.path)).toEqual(['kind', 'changedOn'])
  })
})

describe('groupPlacementChanges', () => {
  const change = (changedOn: string) => ({ changedOn })

  it('puts each change under the CLA episode that covers its date, and keeps the rest apart', () => {
    const episodes = [
      { id: 'old', type: 'CLA', startDate: '2020-01-01', endDate: '2021-12-31' },
      { id: 'now', type: 'CLA', startDate: '2024-01-10', endDate: null },
      { id: 'cin', type: 'CIN', startDate: '2022-01-01', endDate: null },
    ]
    const { byEpisode, outside } = groupPlacementChanges(episodes, [
      change('2021-12-31'),
      change('2022-06-01'),
      change('2024-01-10'),
    ])
    expect(byEpisode.get('old')).toEqual([change('2021-12-31')])
    expect(byEpisode.get('now')).toEqual([change('2024-01-10')])
    expect(byEpisode.has('cin')).toBe(false)
    expect(outside).toEqual([change('2022-06-01')])
  })
})
