/**
 * A small seeded pseudo-random generator (mulberry32) for the demo data: the same seed gives the
 * same schools, pupils and histories. Not for anything secret.
 */

export type Rng = {
  /** A float in [0, 1). */
  next(): number
  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  pick<T>(items: ReadonlyArray<T>): T
  /** One value, each with its relative weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T
  /**
   * `k` values in random order, in proportion to their weights: each value gets its whole share and
   * the places left over are drawn by the fractions left, so small counts still look representative.
   */
  apportion<T>(entries: ReadonlyArray<readonly [T, number]>, k: number): T[]
  /** A shuffled copy. */
  shuffle<T>(items: ReadonlyArray<T>): T[]
  /** `n` different items in random order (all of them when `n` is larger). */
  sample<T>(items: ReadonlyArray<T>, n: number): T[]
  /** The number of successes in `n` trials of probability `p`. */
  binomial(n: number, p: number): number
  /** A generator of its own, from the seed and a label, so one part of the data can change without shifting the rest. */
  fork(label: string): Rng
}

/** 32-bit FNV-1a, to turn a seed and a label into a new seed. */
export function hashSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`)
    return min + Math.floor(next() * (max - min + 1))
  }
  const pick = <T>(items: ReadonlyArray<T>): T => {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[int(0, items.length - 1)] as T
  }
  const shuffle = <T>(items: ReadonlyArray<T>): T[] => {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i)
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
  const weighted = <T>(entries: ReadonlyArray<readonly [T, number]>): T => {
    const total = entries.reduce((sum, [, w]) => sum + w, 0)
    if (entries.length === 0 || total <= 0) throw new RangeError('weighted needs a positive weight')
    let r = next() * total
    for (const [value, w] of entries) {
      r -= w
      if (r < 0) return value
    }
    return entries[entries.length - 1]![0]
  }
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    weighted,
    apportion<T>(entries: ReadonlyArray<readonly [T, number]>, k: number): T[] {
      const total = entries.reduce((sum, [, w]) => sum + w, 0)
      const out: T[] = []
      let left = entries.map(([value, w]) => {
        const share = (k * w) / total
        for (let i = 0; i < Math.floor(share); i++) out.push(value)
        return [value, share - Math.floor(share)] as const
      })
      while (out.length < k && left.some(([, f]) => f > 0)) {
        const value = weighted(left.filter(([, f]) => f > 0))
        out.push(value)
        left = left.map(([v, f]) => [v, v === value ? 0 : f] as const)
      }
      return shuffle(out)
    },
    shuffle,
    sample: (items, n) => shuffle(items).slice(0, Math.max(0, n)),
    binomial(n, p) {
      let k = 0
      for (let i = 0; i < n; i++) if (next() < p) k++
      return k
    },
    fork: (label) => createRng(hashSeed(seed, label)),
  }
}
