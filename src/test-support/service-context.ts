import { expect } from 'vitest'
import type { ServiceContext } from '../services/context.js'
import { RuleBrokenError, type FieldError } from '../services/errors.js'
import type { TestDatabase } from './test-db.js'

/** "Now" in service tests: a fixed instant, so dates and due days never depend on when the suite runs. */
export const FIXED_NOW = new Date('2026-11-23T10:00:00Z')
export const FIXED_TODAY = '2026-11-23'

export function fixedContext(database: TestDatabase, now: Date = FIXED_NOW): ServiceContext {
  return { db: database.db, now: () => now }
}

/** Awaits a call that must break a rule, and returns the errors it reported. */
export async function brokenRules(call: Promise<unknown>): Promise<FieldError[]> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RuleBrokenError)
  return (error as RuleBrokenError).errors
}

/** The paths of the errors a rule-breaking call reported, in order. */
export async function brokenPaths(call: Promise<unknown>): Promise<string[]> {
  return (await brokenRules(call)).map((e) => e.path)
}
