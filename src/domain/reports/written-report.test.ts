import { describe, expect, it } from 'vitest'
import {
  archiveProblems,
  NARRATIVE_MAX_LENGTH,
  saveProblems,
  shareProblems,
  tidyWrittenReport,
  wordsVisibleToReaders,
} from './written-report.js'

const words = { narrative: 'A good year for the group.', priorities: 'Attendance in Year 9.' }

describe('the DT’s report to governors: draft → shared → archived (POL-27)', () => {
  it('tidies what was typed: trimmed, with plain line breaks', () => {
    expect(tidyWrittenReport({ narrative: '  One.\r\nTwo.\r\n ', priorities: '\n' })).toEqual({
      narrative: 'One.\nTwo.',
      priorities: '',
    })
  })

  it('saves a draft or a shared report, empty parts included, but not an archived one', () => {
    expect(saveProblems('draft', { narrative: '', priorities: '' })).toEqual([])
    expect(saveProblems('shared', words)).toEqual([])
    expect(saveProblems('archived', words)).toEqual([
      { path: 'status', message: 'This report is archived, so it cannot be changed' },
    ])
  })

  it('refuses words over the limit, saying which', () => {
    const long = 'x'.repeat(NARRATIVE_MAX_LENGTH + 1)
    expect(saveProblems('draft', { narrative: long, priorities: 'x'.repeat(NARRATIVE_MAX_LENGTH) })).toEqual([
      { path: 'narrative', message: 'The report must be 20,000 characters or fewer' },
    ])
    expect(saveProblems('draft', { narrative: '', priorities: long }).map((p) => p.path)).toEqual([
      'priorities',
    ])
  })

  it('shares only a draft with both parts written', () => {
    expect(shareProblems('draft', words)).toEqual([])
    expect(shareProblems('draft', { narrative: ' ', priorities: null }).map((p) => p.path)).toEqual([
      'narrative',
      'priorities',
    ])
    expect(shareProblems('shared', words)[0]!.message).toBe('This report is already shared with governors')
    expect(shareProblems('archived', words).map((p) => p.path)).toEqual(['status'])
  })

  it('archives only a shared report', () => {
    expect(archiveProblems('shared')).toEqual([])
    expect(archiveProblems('draft')[0]!.message).toBe('Share the report with governors before you archive it')
    expect(archiveProblems('archived').map((p) => p.path)).toEqual(['status'])
  })

  it('lets readers who cannot write it see the words once shared, and still once archived', () => {
    expect([
      wordsVisibleToReaders('draft'),
      wordsVisibleToReaders('shared'),
      wordsVisibleToReaders('archived'),
    ]).toEqual([false, true, true])
  })
})
