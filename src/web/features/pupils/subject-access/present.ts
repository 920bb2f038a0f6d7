import { formatDate } from '../../../../domain/calendar/dates.js'
import type { ExportedSection, SubjectAccessExport } from '../../../../services/subject-access.service.js'
import {
  SUBJECT_ACCESS_SECTIONS,
  type FieldValue,
  type SubjectAccessSection,
} from '../../../../services/subject-access/sections.js'

const INSTANT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/London',
})

/** A value in words: a code with its label, a date the GOV.UK way, an instant in UK time. */
export function showValue(value: FieldValue, codes: Record<string, string> | undefined): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  const text = String(value)
  const label = codes?.[text]
  if (label !== undefined) return label
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text)
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) return INSTANT.format(new Date(text))
  return text
}

type Row = { key: { text: string }; value: { text: string } | { html: string } }

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** Text as typed: line breaks kept (a message, a note), everything else escaped. */
function valueOf(text: string): Row['value'] {
  return text.includes('\n') ? { html: escapeHtml(text).replace(/\r?\n/g, '<br>') } : { text }
}

function recordsOf(section: ExportedSection, def: SubjectAccessSection) {
  const fields = Object.entries(def.fields)
  return section.records.map((record, i) => ({
    title: section.records.length > 1 ? `${def.title}: ${i + 1} of ${section.records.length}` : def.title,
    // An empty field holds nothing about the pupil: left out, so the page is as short as it can be.
    rows: fields
      .filter(([name]) => record[name] !== null && record[name] !== undefined && record[name] !== '')
      .map(([name, label]): Row => ({
        key: { text: label },
        value: valueOf(showValue(record[name]!, def.codes?.[name])),
      })),
  }))
}

/** The export as the page (and its PDF) shows it: each section's records under their labels. */
export function presentExport(data: SubjectAccessExport) {
  return data.sections.map((section) => {
    const def = SUBJECT_ACCESS_SECTIONS.find((s) => s.key === section.key)!
    const columns = Object.entries(def.fields)
    return {
      key: section.key,
      title: section.title,
      description: section.description,
      withheld: section.withheld,
      layout: def.layout,
      count: section.records.length,
      columns: columns.map(([, label]) => label),
      rows: section.records.map((r) =>
        columns.map(([name]) => showValue(r[name] ?? null, def.codes?.[name])),
      ),
      records: recordsOf(section, def),
    }
  })
}
