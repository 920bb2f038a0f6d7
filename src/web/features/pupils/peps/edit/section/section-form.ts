import { formatDate } from '../../../../../../domain/calendar/dates.js'
import type { PepDetail, PepInput } from '../../../../../../services/peps.service.js'
import { FormProblems, type FormBody } from '../../../../../forms.js'
import { displayValue, formValuesOf, inputsOf, readFields, setAt, type FormValue } from '../../fields.js'
import { factsOf, type Row } from '../../present.js'
import {
  attainmentRowsOf,
  OUTCOME_TEXT,
  PROGRESS_TEXT,
  readAttainment,
  readReviews,
  readTargets,
  reviewRowsOf,
  targetRowsOf,
  type AttainmentRow,
  type ReviewRow,
  type TargetRow,
} from '../../rows.js'
import { inputIdOf } from '../../error-links.js'
import type { Section } from '../../sections.js'

/** What a section's form shows: its fields' values and, for the sections with lists, the rows. */
export type SectionValues = {
  fields: Record<string, FormValue>
  attainment: AttainmentRow[]
  targets: TargetRow[]
  reviews: ReviewRow[]
}

/** Fields that are the PEP's own columns rather than its content. */
const PEP_COLUMNS = new Set(['meetingDate', 'nextMeetingDate', 'phase', 'parentsConsentToVs'])

export function heldValues(section: Section, d: PepDetail): SectionValues {
  const facts = factsOf(d)
  return {
    fields: formValuesOf(section.fields, facts.model),
    attainment:
      section.special === 'attainment' ? attainmentRowsOf(d.pep.content['attainment'] as never) : [],
    targets: section.special === 'targets' ? targetRowsOf(d.targets) : [],
    reviews: section.special === 'review' ? reviewRowsOf(d.previousTargets, d.reviews) : [],
  }
}

/**
 * Reads a section's form: the change for `updatePep` (each section sends whole top-level parts of the content,
 * which the service puts in place of the ones held), the values to show again, and what was entered in words,
 * so that a refused save (409) can show the user what they typed.
 */
export function readSection(section: Section, body: FormBody, d: PepDetail) {
  const problems = new FormProblems()
  for (const f of inputsOf(section.fields)) problems.link(f.path, inputIdOf(f.path))
  const { read, values } = readFields(body, section.fields, problems)
  const input: Partial<PepInput> = {}
  const content: Record<string, unknown> = {}
  const entered: Row[] = []
  for (const f of inputsOf(section.fields)) {
    const v = read[f.path]
    entered.push({ key: f.label, value: displayValue(f, v) })
    if (!PEP_COLUMNS.has(f.path)) setAt(content, f.path, v ?? undefined)
    else if (f.path === 'meetingDate' && typeof v === 'string') input.meetingDate = v
    else if (f.path === 'nextMeetingDate') input.nextMeetingDate = typeof v === 'string' ? v : null
    else if (f.path === 'phase' && (v === 'early_years' || v === 'school_age' || v === 'post_16'))
      input.phase = v
    else if (f.path === 'parentsConsentToVs') input.parentsConsentToVs = v === true
  }
  const next = read['nextMeetingDate']
  if (typeof next === 'string' && next <= d.pep.meetingDate)
    problems.add(
      'nextMeetingDate',
      `The next meeting must be after this one, on ${formatDate(d.pep.meetingDate)}`,
    )
  const out: SectionValues = { fields: values, attainment: [], targets: [], reviews: [] }
  if (section.special === 'attainment') {
    const a = readAttainment(body, problems)
    content['attainment'] = a.attainment
    out.attainment = a.rows
    a.attainment.forEach((r) =>
      entered.push({
        key: r.subject || 'Subject not given',
        value: [
          r.current && `Working at: ${r.current}`,
          r.expected && `Expected: ${r.expected}`,
          r.progress && `Progress: ${PROGRESS_TEXT[r.progress]}`,
        ]
          .filter(Boolean)
          .join('; '),
      }),
    )
  }
  if (section.special === 'targets') {
    const t = readTargets(body, problems)
    input.targets = t.targets
    out.targets = t.rows
    t.targets.forEach((target, i) =>
      entered.push({
        key: `Target ${i + 1}`,
        value: [
          target.description,
          `How you will know: ${target.successCriteria}`,
          `Who: ${target.owner}`,
          `By: ${target.dueBy || 'no date'}`,
          `PP+ requested: ${t.rows[i]!.ppPlus || '0'} pounds`,
        ].join('\n'),
      }),
    )
  }
  if (section.special === 'review') {
    const r = readReviews(body, d.previousTargets, problems)
    input.reviews = r.reviews
    out.reviews = r.rows
    r.rows.forEach((row, i) =>
      entered.push({
        key: `Previous target ${i + 1}`,
        value: `${OUTCOME_TEXT[row.outcome as keyof typeof OUTCOME_TEXT] ?? 'Not reviewed'}${row.evidence ? `\n${row.evidence}` : ''}`,
      }),
    )
  }
  if (Object.keys(content).length) input.content = content
  return { input, values: out, problems, entered }
}
