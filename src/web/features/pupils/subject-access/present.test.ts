import { describe, expect, it } from 'vitest'
import type { SubjectAccessExport } from '../../../../services/subject-access.service.js'
import { presentExport, showValue } from './present.js'

describe('showValue', () => {
  it.each([
    [null, undefined, ''],
    [true, undefined, 'Yes'],
    [false, undefined, 'No'],
    ['2014-05-01', undefined, '1 May 2014'],
    ['2026-07-01T09:30:00.000Z', undefined, '1 July 2026 at 10:30'],
    ['CLA', { CLA: 'Looked after (CLA)' }, 'Looked after (CLA)'],
    [7, { '7': 'Year 7' }, 'Year 7'],
    ['Something else', { CLA: 'Looked after (CLA)' }, 'Something else'],
  ] as const)('shows %o as %s', (value, codes, words) => {
    expect(showValue(value, codes)).toBe(words)
  })
})

describe('presentExport', () => {
  const data = (records: Array<Record<string, string | null>>): SubjectAccessExport => ({
    pupil: {} as SubjectAccessExport['pupil'],
    generatedAt: '2026-11-23T10:00:00.000Z',
    generatedBy: 'Sam Lead',
    sections: [
      { key: 'messages', title: 'Emails about the child', description: '', records, withheld: null },
    ],
  })

  it('keeps the line breaks of free text, escaping everything else, and leaves out empty fields', () => {
    const [section] = presentExport(
      data([
        {
          toAddress: 'a@b.example',
          subject: 'Hi',
          body: 'Line one\n<b>two</b>',
          status: 'sent',
          createdAt: null,
          sentAt: null,
        },
      ]),
    )
    expect(section!.records[0]!.rows).toEqual([
      { key: { text: 'To' }, value: { text: 'a@b.example' } },
      { key: { text: 'Subject' }, value: { text: 'Hi' } },
      { key: { text: 'Message' }, value: { html: 'Line one<br>&lt;b&gt;two&lt;/b&gt;' } },
      { key: { text: 'Sent?' }, value: { text: 'Sent' } },
    ])
  })
})
