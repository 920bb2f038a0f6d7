import { eq, like } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { appSettings } from '../schema/index.js'

export async function getSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key))
  return row?.value as T | undefined
}

export async function setSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await db
    .insert(appSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: new Date() } })
}

/** Reads a setting, creating it with `make()` the first time (safe when several instances start at once). */
export async function getOrCreateSetting<T>(db: Executor, key: string, make: () => T): Promise<T> {
  await db.insert(appSettings).values({ key, value: make() }).onConflictDoNothing()
  return (await getSetting<T>(db, key))!
}

/** Every setting whose key starts with `prefix`, as `[key, value]`. */
export async function getSettingsByPrefix<T>(db: Executor, prefix: string): Promise<Array<[string, T]>> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const rows = await db.select().from(appSettings).where(like(appSettings.key, pattern))
  return rows.map((r) => [r.key, r.value as T])
}

export async function deleteSetting(db: Executor, key: string): Promise<void> {
  await db.delete(appSettings).where(eq(appSettings.key, key))
}
