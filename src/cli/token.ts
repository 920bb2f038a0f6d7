import type { Command } from 'commander'
import { createApiToken, SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens')
  token
    .command('create')
    .description('print a new API token for a user: the token alone, on one line')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--label <label>', 'what the token is for, like "MIS export"')
    .action(async (opts: { email: string; label?: string }) =>
      withDatabase(program, {}, async (ctx) => {
        process.stdout.write(`${await createApiToken(ctx, SYSTEM_ACTOR, opts.email, opts.label)}\n`)
      }),
    )
}
