import type { Command } from 'commander'
import { grantSection, revokeSection, SECTIONS } from '../services/sections.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

type SectionOptions = { email: string; section: string }

/** `harbour section grant|revoke`: explicit grants to read a section (DESIGN.md access layer 3). */
export function registerSectionCommands(program: Command): void {
  const section = program
    .command('section')
    .description('explicit grants to read a section of pupils’ records that a role does not give')
  const options = (c: Command) =>
    c
      .requiredOption('--email <email>', 'the user')
      .requiredOption('--section <section>', `one of: ${SECTIONS.join(', ')}`)
  options(section.command('grant').description('let a user read the section (audited)')).action(
    async (opts: SectionOptions) =>
      withDatabase(program, {}, async (ctx) => {
        await grantSection(ctx, SYSTEM_ACTOR, opts.email, opts.section)
        process.stdout.write(`${opts.email} may read ${opts.section}.\n`)
      }),
  )
  options(section.command('revoke').description('end a user’s grant to the section (audited)')).action(
    async (opts: SectionOptions) =>
      withDatabase(program, {}, async (ctx) => {
        const ended = await revokeSection(ctx, SYSTEM_ACTOR, opts.email, opts.section)
        process.stdout.write(
          ended
            ? `${opts.email} may no longer read ${opts.section}.\n`
            : `${opts.email} had no such grant.\n`,
        )
      }),
  )
}
