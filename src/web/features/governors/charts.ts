/**
 * Server-drawn SVG bar charts for the report to governors (DESIGN.md "charts": accessible, printable, no
 * script). Each chart is an image with a title and a description; the table beside it holds the real
 * figures. Nothing in a chart links anywhere: there is no child behind a bar to open (PD-11).
 */

/** One bar: a value shown, or withheld / not available (no bar, and the text says why). */
export type BarInput = {
  label: string
  value: number | null
  text: string
  withheld?: boolean
  series?: 0 | 1
}

export type ChartBar = {
  label: string
  text: string
  series: 0 | 1
  y: number
  width: number
  /** Where the label sits (the first bar of a group carries the group's label). */
  showLabel: boolean
}

export type BarChart = {
  id: string
  title: string
  description: string
  width: number
  height: number
  labelWidth: number
  barHeight: number
  bars: ChartBar[]
  legend: string[]
}

const WIDTH = 640
const LABEL_WIDTH = 220
const BAR_HEIGHT = 20
const GAP = 6
const GROUP_GAP = 14
/** Room to the right of the longest bar for its figure. */
const VALUE_ROOM = 110

/**
 * Bars in groups (one group per label; two series side by side for a comparison), scaled to `max` (100
 * for percentages) or to the largest value.
 */
export function barChart(
  spec: { id: string; title: string; description: string; max?: number; legend?: string[] },
  groups: ReadonlyArray<ReadonlyArray<BarInput>>,
): BarChart {
  const values = groups.flat().map((b) => b.value ?? 0)
  const max = spec.max ?? Math.max(1, ...values)
  const plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
  const bars: ChartBar[] = []
  let y = GAP
  for (const group of groups) {
    group.forEach((b, i) => {
      bars.push({
        label: b.label,
        // Beside a bar, a short word for a figure that is not shown; the table says why in full.
        text: b.withheld ? 'withheld' : b.value === null ? 'none' : b.text,
        series: b.series ?? 0,
        y,
        width: b.value === null ? 0 : Math.max(b.value > 0 ? 1 : 0, Math.round((b.value / max) * plot)),
        showLabel: i === 0,
      })
      y += BAR_HEIGHT + GAP
    })
    y += GROUP_GAP - GAP
  }
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    width: WIDTH,
    height: y,
    labelWidth: LABEL_WIDTH,
    barHeight: BAR_HEIGHT,
    bars,
    legend: spec.legend ?? [],
  }
}
