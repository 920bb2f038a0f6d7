import type { Command } from 'commander'
import { createSchool } from '../services/schools.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

export function registerSchoolCommands(program: Command): void {
  const school = program.command('school').description('schools')
  school
    .command('create')
    .description('create a school; prints its URN')
    .requiredOption('--urn <urn>', 'unique reference number, 6 digits')
    .requiredOption('--laestab <laestab>', 'LA code and establishment number, 7 digits')
    .requiredOption('--name <name>', 'the school’s name')
    .option('--phase <phase>', 'primary, secondary, …')
    .action(async (opts: { urn: string; laestab: string; name: string; phase?: string }) =>
      withDatabase(program, {}, async (ctx) => {
        const created = await createSchool(ctx, SYSTEM_ACTOR, opts)
        process.stdout.write(`${created.urn}\n`)
      }),
    )
}
