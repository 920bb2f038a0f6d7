import type { Command } from 'commander'
import { formatDate } from '../domain/calendar/dates.js'
import { retentionReport } from '../services/retention.service.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { withDatabase } from './run.js'

type Report = Awaited<ReturnType<typeof retentionReport>>

/** The report as text: the counts, then one line per record past its retention date, tab-separated. */
export function formatRetentionReport(report: Report): string {
  const { counts } = report
  const lines = [
    `Records past their retention date on ${formatDate(report.today)}: ${counts.due} ` +
      `(${counts.dueCareRecords} looked after or with a social worker, ${counts.dueBySchedule} by a school’s schedule)`,
    `Left, and not yet due: ${counts.notYetDue}`,
    `Left a school with no retention schedule set: ${counts.noSchedule}`,
  ]
  for (const school of report.schoolsWithoutSchedule)
    lines.push(`No retention schedule set for ${school}: nothing of its other pupils is deleted`)
  if (report.due.length) {
    lines.push(
      '',
      ['kept until', 'pupil id', 'UPN', 'name', 'school URN', 'last day on roll', 'why'].join('\t'),
    )
    for (const r of report.due)
      lines.push([r.decision.dueOn, r.pupilId, r.upn, r.name, r.schoolUrn, r.leftOn, r.reason].join('\t'))
  }
  return `${lines.join('\n')}\n`
}

/** `harbour retention report`: DOMAIN.md PD-13's report, for every school (audited, as Harbour). */
export function registerRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('how long pupils’ records are kept (PD-13)')
  retention
    .command('report')
    .description('list the records past their retention date, with the reason and the date')
    .action(async () =>
      withDatabase(program, {}, async (ctx) => {
        process.stdout.write(formatRetentionReport(await retentionReport(ctx, SYSTEM_ACTOR)))
      }),
    )
}
