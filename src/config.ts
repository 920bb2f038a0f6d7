import { z } from 'zod'

const schema = z.object({
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  HARBOUR_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SESSION_SECRET: z.string().min(32).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Harbour <harbour@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  // Issue 3 item 2: account protection. Wrong passwords before a lock, and how long the lock lasts.
  LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // A signed-in session ends after this long without use, and this long after sign-in however busy.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  // Behind a TLS-terminating proxy: which proxies to believe about the client's address and protocol
  // (X-Forwarded-For, X-Forwarded-Proto). `true` (every hop), a number of hops, or addresses/CIDRs
  // separated by commas. Leave `false` when Harbour faces the browser itself.
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, context) => {
      const parsed = parseTrustProxy(value)
      if (parsed === undefined)
        context.addIssue({
          code: 'custom',
          message: 'must be true, false, a number of hops, or addresses/CIDRs separated by commas',
        })
      return parsed ?? false
    }),
})

/** Fastify's `trustProxy`: everyone, nobody, these addresses, or the nearest `n` hops. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean)

/** `TRUST_PROXY` as Fastify's `trustProxy`; undefined when it is none of the forms allowed. */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const v = value.trim().toLowerCase()
  if (v === '' || v === 'false') return false
  if (v === 'true') return true
  if (/^\d+$/.test(v)) {
    const hops = Number(v)
    return (_address: string, hop: number) => hop < hops
  }
  const list = v.split(',').map((s) => s.trim())
  return list.every(
    (s) => /^[0-9a-f.:]+(\/\d{1,3})?$/.test(s) || ['loopback', 'linklocal', 'uniquelocal'].includes(s),
  )
    ? list
    : undefined
}

export type Config = z.infer<typeof schema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Harbour cannot start: the environment is not valid\n${lines.join('\n')}`)
  }
  return parsed.data
}
