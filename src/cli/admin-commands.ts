import { registerAuditCommands } from './audit.js'
import type { Command } from 'commander'
import { registerBackupCommands } from './backup.js'
import { registerImportCommands } from './import.js'
import { registerSchoolCommands } from './school.js'
import { registerSectionCommands } from './section.js'
import { registerTokenCommands } from './token.js'
import { registerUserCommands } from './user.js'
import { registerTwoFactorCommands } from './two-factor.js'
import { registerRetentionCommands } from './retention.js'

/** school create, user create, token create, backup, restore (and audit verify): each in its own module. */
export function registerAdminCommands(program: Command): void {
  registerSchoolCommands(program)
  registerUserCommands(program)
  registerTokenCommands(program)
  registerBackupCommands(program)
  registerAuditCommands(program)
  registerSectionCommands(program)
  registerTwoFactorCommands(program)
  registerRetentionCommands(program)
  registerImportCommands(program)
}
