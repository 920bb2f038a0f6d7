import type { Command } from 'commander'
import { ROLES } from '../domain/access/roles.js'
import { createUser, SYSTEM_ACTOR } from '../services/users.service.js'
import { readStdin, withDatabase } from './run.js'

type UserOptions = {
  email: string
  name: string
  role: string
  school?: string
  la?: string
  passwordStdin?: boolean
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('users')
  user
    .command('create')
    .description(
      'create a user with one role in one school (or, for Virtual School roles, one local authority)',
    )
    .requiredOption('--email <email>', 'their email address, which they sign in with')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--school <urn>', 'the school they work in (an admin without it administers every school)')
    .option('--la <code>', 'the local authority a Virtual School user works for, 3 digits')
    .option('--password-stdin', 'read their password from stdin (at least 12 characters)')
    .action(async (opts: UserOptions) => {
      const password = opts.passwordStdin ? await readStdin() : null
      if (opts.passwordStdin && !password) {
        process.stderr.write('harbour: --password-stdin: stdin held no password\n')
        process.exitCode = 1
        return
      }
      await withDatabase(
        program,
        { schoolUrn: '--school', laCode: '--la', password: '--password-stdin' },
        async (ctx) => {
          const created = await createUser(ctx, SYSTEM_ACTOR, {
            email: opts.email,
            name: opts.name,
            role: opts.role,
            schoolUrn: opts.school ?? null,
            laCode: opts.la ?? null,
            password,
          })
          const where =
            opts.la && created.laCode
              ? `, LA ${created.laCode}`
              : opts.school
                ? `, school ${opts.school}`
                : ''
          process.stdout.write(`Created ${created.email} (${created.role}${where}).\n`)
          if (!password)
            process.stdout.write(
              'They have no password yet, so they cannot sign in to the web pages; an API token works ' +
                `(harbour token create --email ${created.email}).\n`,
            )
        },
      )
    })
}
