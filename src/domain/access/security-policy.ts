import { DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout.js'
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './session-lifetime.js'

/** The installation's account-protection settings (config.ts: LOCKOUT_*, SESSION_*). */
export type SecurityPolicy = { lockout: LockoutPolicy; session: SessionPolicy }

export const DEFAULT_SECURITY: SecurityPolicy = { lockout: DEFAULT_LOCKOUT, session: DEFAULT_SESSION_POLICY }
