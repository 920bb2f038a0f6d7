import { count, eq } from 'drizzle-orm'
import type { Db } from '../data/db.js'
import { appSettings, pupils } from '../data/schema/index.js'
import { setSetting } from '../data/repositories/settings.repository.js'
import { loadDemo, type DemoSummary } from '../demo/generate.js'

/**
 * Loads the synthetic demo schools into an empty database and marks it as a demonstration,
 * which shows the banner on every page. A database holding real pupils is never touched.
 */
export async function loadDemoIfEmpty(
  db: Db,
  options: Parameters<typeof loadDemo>[1] = {},
): Promise<DemoSummary | null> {
  // In a transaction: outside one, row-level security would count no pupils, and a database of real
  // pupils would look empty.
  const [[row], [flag]] = await db.transaction(async (tx) => [
    await tx.select({ n: count() }).from(pupils),
    await tx.select().from(appSettings).where(eq(appSettings.key, 'demo')),
  ])
  if ((row?.n ?? 0) > 0 && flag?.value !== true) return null
  const summary = await loadDemo(db, options)
  await setSetting(db, 'demo', true)
  return summary
}
