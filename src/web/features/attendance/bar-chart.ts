/**
 * A bar chart of percentages drawn on the server as SVG (DESIGN.md "charts": accessible, printable, no script).
 * This builds the shapes; bar-chart.njk draws them. The chart is one image to assistive technology (role="img"
 * with a title and a description) and the page shows the same numbers in a table beside it.
 */

export type ChartSeries = { name: string; values: ReadonlyArray<number | null> }

export type BarChartInput = {
  id: string
  title: string
  description: string
  /** One label a group of bars (a week, a half-term). */
  categories: ReadonlyArray<string>
  /** Short labels under the axis; every `labelEvery`th is shown so they do not overlap. */
  shortCategories?: ReadonlyArray<string>
  labelEvery?: number
  series: ReadonlyArray<ChartSeries>
}

export type Bar = {
  x: number
  y: number
  width: number
  height: number
  colour: string
  /** What the bar stands for, as the table beside the chart says it. */
  category: string
  series: string
  value: number
  text: string
}

// GOV.UK Frontend's blue and dark grey: apart on every kind of colour vision and against white.
const COLOURS = ['#1d70b8', '#505a5f']
const TEXT = '#0b0c0c'
const GRID = '#b1b4b6'

const PLOT_TOP = 16
const PLOT_HEIGHT = 200
const LEFT = 44
const RIGHT = 8
const AXIS_LABELS = 36
const LEGEND_LINE = 22
/** The drawing is at least this wide, so that a chart of a few bars is not blown up to fill the column. */
const MIN_WIDTH = 640
/** The narrowest a group of bars may be, and the widest a bar. */
const MIN_GROUP = 20
const MAX_BAR = 48

function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`
}

export function barChart(input: BarChartInput) {
  const seriesCount = Math.max(1, input.series.length)
  const groups = Math.max(1, input.categories.length)
  const width = Math.max(MIN_WIDTH, LEFT + groups * MIN_GROUP * seriesCount + RIGHT)
  const groupWidth = (width - LEFT - RIGHT) / groups
  const barWidth = Math.min(MAX_BAR, (groupWidth * 0.75) / seriesCount)
  const legend = input.series.length > 1 ? input.series.length * LEGEND_LINE + 8 : 0
  const height = PLOT_TOP + PLOT_HEIGHT + AXIS_LABELS + legend
  const round = (n: number) => Math.round(n * 10) / 10
  const yOf = (percent: number) => PLOT_TOP + PLOT_HEIGHT * (1 - Math.min(100, Math.max(0, percent)) / 100)
  const bars: Bar[] = []
  input.categories.forEach((category, c) => {
    const first = LEFT + c * groupWidth + (groupWidth - seriesCount * barWidth) / 2
    input.series.forEach((s, i) => {
      const value = s.values[c]
      if (value === null || value === undefined) return
      const y = yOf(value)
      bars.push({
        x: round(first + i * barWidth),
        y: round(y),
        width: round(barWidth - 2),
        height: round(PLOT_TOP + PLOT_HEIGHT - y),
        colour: COLOURS[i % COLOURS.length]!,
        category,
        series: s.name,
        value,
        text: formatPercent(value),
      })
    })
  })
  const every = Math.max(1, input.labelEvery ?? 1)
  const short = input.shortCategories ?? input.categories
  return {
    id: input.id,
    title: input.title,
    description: input.description,
    width,
    height,
    text: TEXT,
    grid: GRID,
    plot: { left: LEFT, right: width - RIGHT, top: PLOT_TOP, bottom: PLOT_TOP + PLOT_HEIGHT },
    ticks: [0, 25, 50, 75, 100].map((p) => ({ y: yOf(p), label: `${p}%` })),
    bars,
    // Values written above the bars only when there is room for them.
    showValues: groupWidth / seriesCount >= 32,
    categoryLabels: input.categories.flatMap((_, c) =>
      c % every === 0 ? [{ x: round(LEFT + c * groupWidth + groupWidth / 2), text: short[c] ?? '' }] : [],
    ),
    labelY: PLOT_TOP + PLOT_HEIGHT + 18,
    // One line each, under the axis: a cohort's name can be long.
    legend:
      input.series.length > 1
        ? input.series.map((s, i) => ({
            x: LEFT,
            y: PLOT_TOP + PLOT_HEIGHT + AXIS_LABELS + i * LEGEND_LINE,
            colour: COLOURS[i % COLOURS.length]!,
            name: s.name,
          }))
        : [],
  }
}

export type BarChart = ReturnType<typeof barChart>
