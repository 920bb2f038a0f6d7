import { AsyncLocalStorage } from 'node:async_hooks'
import { sql, type SQL } from 'drizzle-orm'
import type { DataScope } from '../domain/access/scope.js'
import type { Db, Executor } from './db.js'

/**
 * Whose pupils a transaction may touch, for the row-level security policies (row-level-security.sql):
 * the actor's data scope and the day it is judged on (a Virtual School's scope depends on the day, PD-12).
 */
export type RowScope = { scope: DataScope; today: string | null }

/** Harbour itself (the command line, jobs, loading the demo): every row. */
export const SYSTEM_ROW_SCOPE: RowScope = { scope: { kind: 'all' }, today: null }

/** No pupil's rows. */
export const NO_PUPIL_ROWS: RowScope = { scope: { kind: 'none' }, today: null }

// A function rather than a value: a request's actor is known only once its session or token is read,
// after the request's scope was entered (web/middleware/row-scope.ts).
const current = new AsyncLocalStorage<() => RowScope>()

/** Runs `work` with `rowScope` as the scope of every transaction it opens. */
export function runWithRowScope<T>(rowScope: () => RowScope, work: () => T): T {
  return current.run(rowScope, work)
}

/** The scope for a transaction opened now: the request's, or Harbour's own outside any request. */
export function currentRowScope(): RowScope {
  const rowScope = current.getStore()
  return rowScope ? rowScope() : SYSTEM_ROW_SCOPE
}

type Settings = { scope: string; schoolId: string; userId: string; laCode: string }

function settingsOf(scope: DataScope): Settings {
  const none = { schoolId: '', userId: '', laCode: '' }
  switch (scope.kind) {
    case 'all':
      return { ...none, scope: 'all' }
    case 'school':
      return { ...none, scope: 'school', schoolId: scope.schoolId }
    case 'assigned':
      return { ...none, scope: 'assigned', schoolId: scope.schoolId, userId: scope.userId }
    case 'looked_after_by':
      return { ...none, scope: 'looked_after_by', laCode: scope.laCode }
    // Aggregates are counted by services that widen the scope for that one transaction (reports).
    case 'aggregates_only':
    case 'none':
      return { ...none, scope: 'none' }
  }
}

/**
 * ONE statement that sets every setting the policies read, local to the transaction (`is_local`), so
 * that nothing is left on a pooled connection. Every setting is written, so a later call replaces the
 * whole scope.
 */
export function rowScopeStatement(rowScope: RowScope): SQL {
  const s = settingsOf(rowScope.scope)
  return sql`select set_config('harbour.scope', ${s.scope}, true),
    set_config('harbour.school_id', ${s.schoolId}, true),
    set_config('harbour.user_id', ${s.userId}, true),
    set_config('harbour.la_code', ${s.laCode}, true),
    set_config('harbour.today', ${rowScope.today ?? ''}, true)`
}

/** Sets the scope of the rest of the transaction `tx`. */
export async function setRowScope(tx: Executor, rowScope: RowScope): Promise<void> {
  await tx.execute(rowScopeStatement(rowScope))
}

/**
 * Makes every `db.transaction(...)` start by setting the current row scope: one statement more per
 * transaction. Nested transactions (savepoints) keep the scope of the one they are in.
 */
export function scopeTransactions(db: Db): Db {
  const transaction = db.transaction.bind(db)
  const scoped: Db['transaction'] = (work, config) => {
    const rowScope = currentRowScope()
    return transaction(async (tx) => {
      await setRowScope(tx, rowScope)
      return work(tx)
    }, config)
  }
  db.transaction = scoped
  return db
}
