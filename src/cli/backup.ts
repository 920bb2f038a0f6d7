import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { backupToFile, restoreFromFile } from '../services/backup.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write a consistent backup of all data to FILE (gzip’d JSON lines)')
    .argument('<file>', 'the backup file to write')
    .action(async (file: string) =>
      withDatabase(program, {}, async (ctx) => {
        const summary = await backupToFile(ctx, SYSTEM_ACTOR, path.resolve(file))
        process.stdout.write(`Backed up ${summary.rows} rows from ${summary.tables} tables to ${file}.\n`)
      }),
    )

  program
    .command('restore')
    .description('restore a backup into an empty database (all or nothing)')
    .argument('<file>', 'a file written by harbour backup')
    .action(async (file: string) => {
      // Before the database is opened (and, for a new folder, created).
      if (!existsSync(file)) {
        process.stderr.write(`harbour: There is no file ${file}\n`)
        process.exitCode = 1
        return
      }
      await withDatabase(program, {}, async (ctx) => {
        const summary = await restoreFromFile(ctx, SYSTEM_ACTOR, path.resolve(file))
        process.stdout.write(`Restored ${summary.rows} rows into ${summary.tables} tables from ${file}.\n`)
      })
    })
}
