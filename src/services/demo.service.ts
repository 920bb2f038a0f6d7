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
  const [row] = await db.select({ n: count() }).from(pupils)
  const [flag] = await db.select().from(appSettings).where(eq(appSettings.key, 'demo'))
  if ((row?.n ?? 0) > 0 && flag?.value !== true) return null
  const summary = await loadDemo(db, options)
  await setSetting(db, 'demo', true)
  return summary
}
