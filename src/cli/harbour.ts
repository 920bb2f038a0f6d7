#!/usr/bin/env node
import { Command } from 'commander'
import { openCliDatabase } from './database.js'
import { registerAdminCommands } from './admin-commands.js'

// The web app and the demo are loaded only by the commands that need them, so that an import or an admin
// command starts small: under Node 24 loading a module graph that size leaves some 200 MB behind.

const program = new Command()
program
  .name('harbour')
  .description('Harbour: the duties to children who have or had a social worker, in one place')
  .option(
    '--data-dir <dir>',
    'folder of the embedded database (default ./data; DATABASE_URL selects a server instead)',
  )
  .showHelpAfterError()

program
  .command('start')
  .description('migrate, then serve the web app and the API')
  .option('--port <port>', 'port to listen on (default: PORT, or 3000)')
  .option('--host <host>', 'address to listen on (default: HOST, or 127.0.0.1)')
  .option('--demo', 'load the synthetic demo schools first if the database is empty')
  .action(async (opts: { port?: string; host?: string; demo?: boolean }) => {
    const { startCommand } = await import('./start.js')
    await startCommand({ ...program.opts(), ...opts })
  })

program
  .command('migrate')
  .description('apply pending migrations and exit')
  .action(async () => {
    const database = await openCliDatabase(program.opts())
    await database.close()
    process.stdout.write('Migrations applied.\n')
  })

program
  .command('demo')
  .description('load the synthetic demo data (idempotent) and print the demo sign-in')
  .action(async () => {
    const { demoCommand } = await import('./demo.js')
    await demoCommand(program.opts())
  })

registerAdminCommands(program)

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`harbour: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
