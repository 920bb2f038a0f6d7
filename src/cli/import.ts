import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { Command } from 'commander'
import {
  importAttendance,
  ImportRejectedError,
  type ImportAttendanceResult,
} from '../services/attendance-import.service.js'
import { NotFoundError } from '../services/errors.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

/** `harbour import …`: files from a school's MIS. */
export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('import records from files')
  imports
    .command('attendance')
    .description('import attendance marks from a CSV file (upn,date,session,code), all or nothing')
    .argument('<file>', 'the CSV file, as the MIS exported it')
    .requiredOption('--school <urn>', 'the school’s URN')
    .action(async (file: string, opts: { school: string }) =>
      withDatabase(program, { urn: '--school' }, async (ctx) => {
        const size = await fileSize(file)
        const progress = progressReporter(size, process.stderr)
        try {
          const result = await importAttendance(ctx, SYSTEM_ACTOR, {
            schoolUrn: opts.school,
            source: 'cli',
            fileName: path.basename(file),
            input: createReadStream(file),
            onProgress: (p) => progress.update(p.bytesRead),
            onStep: (step) => {
              if (step === 'read') progress.note('Every line is fine: saving the marks…')
            },
          })
          progress.done()
          process.stdout.write(summaryOf(result))
        } catch (error) {
          progress.done()
          if (error instanceof NotFoundError) throw new Error(`There is no school with URN ${opts.school}`)
          if (!(error instanceof ImportRejectedError)) throw error
          for (const problem of error.problems) process.stderr.write(`harbour: ${problem.message}\n`)
          process.stderr.write('harbour: nothing was imported: correct the file and run the command again\n')
          process.exitCode = 1
        }
      }),
    )
}

async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error(`${file} is not a file`)
    return info.size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`There is no file ${file}`)
    throw error
  }
}

export function summaryOf(r: ImportAttendanceResult): string {
  return (
    `Imported ${r.imported.toLocaleString('en-GB')} marks: ${r.added.toLocaleString('en-GB')} new, ` +
    `${r.superseded.toLocaleString('en-GB')} replacing an earlier mark (kept in history), ` +
    `${r.unchanged.toLocaleString('en-GB')} unchanged.\n`
  )
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`

/**
 * Bytes read out of the file's size: a bar redrawn in place on a terminal, or a plain line at every tenth
 * when the output goes to a file or another program.
 */
export function progressReporter(size: number, out: NodeJS.WriteStream) {
  const width = 30
  let lastShown = -1
  let shown = false
  return {
    update(bytesRead: number) {
      const fraction = size > 0 ? Math.min(1, bytesRead / size) : 1
      if (out.isTTY) {
        const percent = Math.floor(fraction * 100)
        if (percent === lastShown) return
        lastShown = percent
        const filled = Math.round(fraction * width)
        out.write(
          `\rReading [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ` +
            `${megabytes(bytesRead)} of ${megabytes(size)}`,
        )
        shown = true
        return
      }
      const tenth = Math.floor(fraction * 10)
      if (tenth === lastShown) return
      lastShown = tenth
      out.write(`Read ${megabytes(bytesRead)} of ${megabytes(size)} (${tenth * 10}%)\n`)
    },
    done() {
      if (shown) out.write('\n')
      shown = false
    },
    /** A line of its own, under the bar. */
    note(text: string) {
      if (shown) out.write('\n')
      shown = false
      out.write(`${text}\n`)
    },
  }
}
