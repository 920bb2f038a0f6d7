import { loadDemoIfEmpty } from '../services/demo.service.js'
import { openCliDatabase, type GlobalOptions } from './database.js'

export async function demoCommand(options: GlobalOptions): Promise<void> {
  const database = await openCliDatabase(options)
  try {
    const summary = await loadDemoIfEmpty(database.db)
    if (!summary) {
      process.stderr.write(
        'This database already holds pupils that are not demo data; the demo was not loaded.\n',
      )
      process.exitCode = 1
      return
    }
    for (const s of summary.schools)
      process.stdout.write(
        `${s.name} (URN ${s.urn}): ${s.pupils} pupils, ${s.cla} looked after, ${s.pla} previously looked after, ` +
          `${s.cswCurrent} with a social worker, ${s.cswEver6} ever-6, ${s.kinship} kinship\n`,
      )
    process.stdout.write(
      `\nDemo sign-in: ${summary.signIn.email} with the password ${summary.signIn.password}\n`,
    )
  } finally {
    await database.close()
  }
}
