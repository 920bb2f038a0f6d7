import type { Command } from 'commander'
import type { Database } from '../data/db.js'
import type { ServiceContext } from '../services/context.js'
import { ForbiddenError, NotFoundError, RuleBrokenError } from '../services/errors.js'
import { openCliDatabase, systemContext, type GlobalOptions } from './database.js'

/** How a field a service names is given on the command line, for error messages. */
export type OptionNames = Record<string, string>

/** The messages for an error, one line each, naming the command-line option where there is one. */
export function errorLines(error: unknown, options: OptionNames = {}): string[] {
  if (error instanceof RuleBrokenError)
    return error.errors.map((e) => {
      const option = options[e.path] ?? (e.path ? `--${e.path}` : '')
      return option ? `${option}: ${e.message}` : e.message
    })
  if (error instanceof ForbiddenError || error instanceof NotFoundError) return [error.message]
  if (error instanceof Error) return [error.message]
  return [String(error)]
}

/**
 * Runs a command's work on the database named by `--data-dir` or `DATABASE_URL` (migrated first),
 * then closes it. A failure is printed to stderr, one line per problem, and the exit code is 1.
 */
export async function withDatabase(
  program: Command,
  options: OptionNames,
  work: (ctx: ServiceContext, database: Database) => Promise<void>,
): Promise<void> {
  let database: Database | undefined
  try {
    database = await openCliDatabase(program.opts<GlobalOptions>())
    await work(systemContext(database), database)
  } catch (error) {
    for (const line of errorLines(error, options)) process.stderr.write(`harbour: ${line}\n`)
    process.exitCode = 1
  } finally {
    await database?.close()
  }
}

/** Everything on stdin, without the one line break that ends it. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}
