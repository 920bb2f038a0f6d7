import type { Command } from 'commander'
import { resetTwoFactor, setTwoFactorRequiredForAll } from '../services/two-factor.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

export function registerTwoFactorCommands(program: Command): void {
  const twoFactor = program.command('two-factor').description('two-factor sign-in')
  twoFactor
    .command('reset')
    .description(
      'turn off two-factor sign-in for someone who lost their phone and recovery codes; ' +
        'if their role requires it, they set it up again when they next sign in',
    )
    .requiredOption('--email <email>', 'the user')
    .action(async (opts: { email: string }) =>
      withDatabase(program, { email: '--email' }, async (ctx) => {
        await resetTwoFactor(ctx, SYSTEM_ACTOR, opts.email)
        process.stdout.write(`Two-factor sign-in is off for ${opts.email.trim().toLowerCase()}.\n`)
      }),
    )
  twoFactor
    .command('require')
    .description(
      'make two-factor sign-in mandatory for every user of a school (--off: only the roles that always need it)',
    )
    .requiredOption('--school <urn>', 'the school')
    .option('--off', 'stop requiring it of everyone')
    .action(async (opts: { school: string; off?: boolean }) =>
      withDatabase(program, {}, async (ctx) => {
        await setTwoFactorRequiredForAll(ctx, SYSTEM_ACTOR, opts.school, !opts.off)
        process.stdout.write(
          `School ${opts.school}: two-factor sign-in ${opts.off ? 'is required only of the roles that always need it' : 'is required of everyone'}.\n`,
        )
      }),
    )
}
