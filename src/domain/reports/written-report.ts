/**
 * The designated teacher's part of the report to governors (POL-27, GOV-2): the narrative and the
 * priorities for next year, and the report's life for each school year: a draft the DT writes, shared with
 * governors, then archived. Governors read the words only once shared; the numbers are always live.
 */

export type WrittenReportStatus = 'draft' | 'shared' | 'archived'

export const WRITTEN_REPORT_STATUS_LABELS = {
  draft: 'Draft: not shared with governors yet',
  shared: 'Shared with governors',
  archived: 'Archived',
} as const satisfies Record<WrittenReportStatus, string>

/** Room for a few pages of the DT's own words, not a book. */
export const NARRATIVE_MAX_LENGTH = 20_000

export type WrittenReportInput = { narrative: string; priorities: string }
export type WrittenReportProblem = { path: 'narrative' | 'priorities' | 'status'; message: string }

/** Tidied input: trimmed, with Windows line endings made plain. */
export function tidyWrittenReport(input: WrittenReportInput): WrittenReportInput {
  const tidy = (s: string) => s.replace(/\r\n?/g, '\n').trim()
  return { narrative: tidy(input.narrative), priorities: tidy(input.priorities) }
}

/** Saving the words: allowed until the report is archived, each within the limit. Either may be empty. */
export function saveProblems(status: WrittenReportStatus, input: WrittenReportInput): WrittenReportProblem[] {
  if (status === 'archived')
    return [{ path: 'status', message: 'This report is archived, so it cannot be changed' }]
  const problems: WrittenReportProblem[] = []
  if (input.narrative.length > NARRATIVE_MAX_LENGTH)
    problems.push({
      path: 'narrative',
      message: `The report must be ${NARRATIVE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
    })
  if (input.priorities.length > NARRATIVE_MAX_LENGTH)
    problems.push({
      path: 'priorities',
      message: `The priorities must be ${NARRATIVE_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
    })
  return problems
}

/** Sharing: only a draft, and only with both parts written, since governors read it as it is. */
export function shareProblems(
  status: WrittenReportStatus,
  words: { narrative: string | null; priorities: string | null },
): WrittenReportProblem[] {
  if (status === 'shared')
    return [{ path: 'status', message: 'This report is already shared with governors' }]
  if (status === 'archived')
    return [{ path: 'status', message: 'This report is archived, so it cannot be shared again' }]
  const problems: WrittenReportProblem[] = []
  if (!words.narrative?.trim())
    problems.push({ path: 'narrative', message: 'Write the report before you share it with governors' })
  if (!words.priorities?.trim())
    problems.push({
      path: 'priorities',
      message: 'Write the priorities for next year before you share the report',
    })
  return problems
}

/** Archiving: only a report that governors have had. */
export function archiveProblems(status: WrittenReportStatus): WrittenReportProblem[] {
  if (status === 'draft')
    return [{ path: 'status', message: 'Share the report with governors before you archive it' }]
  if (status === 'archived') return [{ path: 'status', message: 'This report is already archived' }]
  return []
}

/** Whether someone who may not write the report (a governor) may read the words yet. */
export const wordsVisibleToReaders = (status: WrittenReportStatus): boolean => status !== 'draft'
