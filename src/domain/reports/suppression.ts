/**
 * Statistical suppression for governors and other aggregate views (DOMAIN.md PD-11): a measure over
 * fewer than the threshold of pupils is withheld with the note "fewer than 3 pupils".
 */

export const DEFAULT_SUPPRESSION_THRESHOLD = 3

export type WithheldNote = `fewer than ${number} pupils`
export type Withheld = { withheld: WithheldNote }
/** A shown value, or the note saying why it is withheld. */
export type Measure = number | Withheld

export const withheldNote = (threshold: number): WithheldNote => `fewer than ${threshold} pupils`

export function isWithheld(measure: Measure): measure is Withheld {
  return typeof measure === 'object'
}

/**
 * A school may make the threshold stricter, never looser: anything under the default, or not a
 * whole number, is the default (PD-11 "threshold configurable per school").
 */
export function suppressionThreshold(configured: unknown): number {
  return typeof configured === 'number' &&
    Number.isInteger(configured) &&
    configured >= DEFAULT_SUPPRESSION_THRESHOLD
    ? configured
    : DEFAULT_SUPPRESSION_THRESHOLD
}

/**
 * A measure (a percentage, an average) computed over `n` pupils: shown when there are at least
 * `threshold` of them, else withheld. Counts of a whole cohort do not go through here: PD-11 and
 * POL-26 say governors are always told how many.
 */
export function suppress(measure: number, n: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): Measure {
  return n >= threshold ? measure : { withheld: withheldNote(threshold) }
}

/**
 * A cell of a breakdown identifies children when it holds some pupils but fewer than the threshold.
 * An empty cell identifies nobody, so 0 does not withhold a breakdown (the total is shown anyway).
 */
export function isSmallCell(n: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  return n > 0 && n < threshold
}

/**
 * A breakdown of counts (by year group, LA, SEN: rows × measures). PD-11: a measure whose breakdown
 * has any small cell is withheld in every row, because one shown cell and the total would give the
 * hidden one away. Returns the rows with each measure shown or withheld, and the measures withheld.
 */
export function suppressBreakdown<K extends string, R extends Record<K, number>>(
  rows: ReadonlyArray<R>,
  measures: ReadonlyArray<K>,
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): { rows: Array<Omit<R, K> & Record<K, Measure>>; withheld: K[] } {
  const withheld = measures.filter((m) => rows.some((r) => isSmallCell(r[m], threshold)))
  const note: Withheld = { withheld: withheldNote(threshold) }
  return {
    rows: rows.map((r) => {
      const out: Record<string, unknown> = { ...r }
      for (const m of withheld) out[m] = { ...note }
      return out as Omit<R, K> & Record<K, Measure>
    }),
    withheld,
  }
}
