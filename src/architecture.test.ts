import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// DESIGN.md "The shape in one picture": layers depend one way, and no module imports itself in a loop.
const src = path.dirname(fileURLToPath(import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return full.endsWith('.ts') && !full.endsWith('.test.ts') && !full.includes('test-support') ? [full] : []
  })
}

/** Relative imports of a file that are values (type-only imports cannot make a cycle at run time). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
    if (m[1]) continue
    found.push(path.resolve(path.dirname(file), m[2]!.replace(/\.js$/, '.ts')))
  }
  return found
}

const files = sourceFiles(src)
const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => files.includes(i))]))
const rel = (f: string) => path.relative(src, f)

describe('the architecture (DESIGN.md)', () => {
  it('has no import cycles', () => {
    const cycles: string[] = []
    const state = new Map<string, 'visiting' | 'done'>()
    const stack: string[] = []
    const visit = (f: string) => {
      state.set(f, 'visiting')
      stack.push(f)
      for (const next of graph.get(f) ?? []) {
        if (state.get(next) === 'visiting')
          cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' → '))
        else if (!state.has(next)) visit(next)
      }
      stack.pop()
      state.set(f, 'done')
    }
    for (const f of files) if (!state.has(f)) visit(f)
    expect(cycles).toEqual([])
  })

  it('keeps domain/ pure: it imports only from domain/', () => {
    const offenders = files
      .filter((f) => rel(f).startsWith('domain/'))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => !rel(i).startsWith('domain/'))
          .map((i) => `${rel(f)} → ${rel(i)}`),
      )
    expect(offenders).toEqual([])
  })

  it('lets only data/ and services/ reach the repositories', () => {
    const offenders = files
      .filter((f) => /^(web|api|cli|domain)\//.test(rel(f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => rel(i).startsWith('data/repositories/'))
          .map((i) => `${rel(f)} → ${rel(i)}`),
      )
    expect(offenders).toEqual([])
  })

  it('finds the modules it checks', () => {
    expect(files.length).toBeGreaterThan(50)
    expect([...graph.values()].flat().length).toBeGreaterThan(100)
  })
})
