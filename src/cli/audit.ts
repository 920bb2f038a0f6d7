import type { Command } from 'commander'
import { verifyAudit } from '../services/audit.service.js'
import { withDatabase } from './run.js'

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log')
  audit
    .command('verify')
    .description("check the audit log's hash chain: exit 0 when intact, 1 with the first broken event")
    .action(async () =>
      withDatabase(program, {}, async (ctx) => {
        const broken = await verifyAudit(ctx)
        if (broken) {
          process.stderr.write(`harbour: the audit log is broken at event ${broken.seq}: ${broken.reason}\n`)
          process.exitCode = 1
          return
        }
        process.stdout.write('The audit log is intact.\n')
      }),
    )
}
