import { describe, expect, it } from 'vitest'
import { barChart } from './bar-chart.js'

const chart = (values: Array<number | null>, others?: Array<number | null>) =>
  barChart({
    id: 'c',
    title: 'T',
    description: 'D',
    categories: values.map((_, i) => `Week ${i + 1}`),
    series: [
      { name: 'Attendance', values },
      ...(others ? [{ name: 'All other pupils', values: others }] : []),
    ],
  })

describe('barChart', () => {
  it('draws a bar for each value, as tall as its share of 100%, and none for a week without figures', () => {
    const c = chart([100, 50, null, 0])
    expect(c.bars.map((b) => [b.category, b.value])).toEqual([
      ['Week 1', 100],
      ['Week 2', 50],
      ['Week 4', 0],
    ])
    const [full, half, none] = c.bars
    expect(full!.height).toBe(c.plot.bottom - c.plot.top)
    expect(half!.height).toBe(full!.height / 2)
    expect(none!.height).toBe(0)
    expect(full!.y + full!.height).toBe(c.plot.bottom)
  })

  it('keeps a few bars at a readable size rather than stretching them across the page', () => {
    const c = chart([90])
    expect(c.width).toBe(640)
    expect(c.bars[0]!.width).toBeLessThanOrEqual(48)
  })

  it('puts two series side by side in each group, with a legend', () => {
    const c = chart([80, 90], [95, 96])
    expect(c.bars.map((b) => b.series)).toEqual([
      'Attendance',
      'All other pupils',
      'Attendance',
      'All other pupils',
    ])
    expect(c.bars[1]!.x).toBeGreaterThan(c.bars[0]!.x)
    expect(c.bars[2]!.x).toBeGreaterThan(c.bars[1]!.x + c.bars[1]!.width)
    expect(c.legend.map((l) => l.name)).toEqual(['Attendance', 'All other pupils'])
    expect(c.bars[0]!.colour).not.toBe(c.bars[1]!.colour)
  })

  it('labels every nth group when there are many', () => {
    const c = barChart({
      id: 'c',
      title: 'T',
      description: 'D',
      categories: Array.from({ length: 40 }, (_, i) => `Week ${i}`),
      labelEvery: 4,
      series: [{ name: 'A', values: Array.from({ length: 40 }, () => 90) }],
    })
    expect(c.categoryLabels).toHaveLength(10)
    expect(c.showValues).toBe(false)
  })
})
