import type { SupportPlanInput } from '../../../../../services/attendance-plans.service.js'
import type { AttendanceFormContext } from '../../../../../services/attendance-views.service.js'
import type { FieldError } from '../../../../../services/errors.js'
import { FormProblems, type DateParts, type FormBody } from '../../../../forms.js'
import { asText, dateParts, readDate, text } from '../form-helpers.js'

type SupportPlanRow = AttendanceFormContext['supportPlans'][number]

export type ActionRow = { action: string; who: string; by: DateParts }

export type SupportPlanValues = {
  concern: string
  actions: ActionRow[]
  peopleInvolved: string
  startedOn: DateParts
  reviewDate: DateParts
}

/** Room for this many actions on a new plan; an existing plan shows its own and one more. */
const NEW_ACTION_ROWS = 3
/** The most action rows a form is read for. */
const MAX_ACTION_ROWS = 20

const blankRow = (): ActionRow => ({ action: '', who: '', by: dateParts(null) })

export function planValues(plan?: SupportPlanRow, today?: string): SupportPlanValues {
  if (!plan)
    return {
      concern: '',
      actions: Array.from({ length: NEW_ACTION_ROWS }, blankRow),
      peopleInvolved: '',
      startedOn: dateParts(today ?? null),
      reviewDate: dateParts(null),
    }
  const actions = plan.actions.map((a) => ({
    action: asText(a.action),
    who: asText(a.who),
    by: dateParts(typeof a.by === 'string' ? a.by : null),
  }))
  return {
    concern: plan.concern,
    actions: [...actions, blankRow()],
    peopleInvolved: plan.peopleInvolved.join('\n'),
    startedOn: dateParts(plan.startedOn),
    reviewDate: dateParts(plan.reviewDate),
  }
}

const isBlank = (row: ActionRow) => !row.action && !row.who && !row.by.day && !row.by.month && !row.by.year

/**
 * Reads the plan form. Rows left empty are dropped; the service's errors about the rows it was sent are
 * pointed back at the rows on the page (`rewrite`).
 */
export function readSupportPlanForm(body: FormBody) {
  const problems = new FormProblems({ concern: 'concern', peopleInvolved: 'peopleInvolved' })
  const rows: ActionRow[] = []
  const sent: Array<{ row: number; action: SupportPlanInput['actions'][number] }> = []
  for (let i = 0; i < MAX_ACTION_ROWS && body[`actions-${i}-action`] !== undefined; i++) {
    const parts: DateParts = {
      day: text(body, `actions-${i}-by-day`),
      month: text(body, `actions-${i}-by-month`),
      year: text(body, `actions-${i}-by-year`),
    }
    const row = { action: text(body, `actions-${i}-action`), who: text(body, `actions-${i}-who`), by: parts }
    rows.push(row)
    if (isBlank(row)) continue
    const by = readDate(body, problems, `actions-${i}-by`, 'date it will be done by', true)
    sent.push({ row: i, action: { action: row.action, who: row.who, by: by.iso } })
  }
  const startedOn = readDate(body, problems, 'startedOn', 'date the plan starts', true)
  const reviewDate = readDate(body, problems, 'reviewDate', 'review date', true)
  problems.link('actions', 'actions-0-action')
  const peopleInvolved = text(body, 'peopleInvolved')
  const values: SupportPlanValues = {
    concern: text(body, 'concern'),
    actions: rows.length ? rows : [blankRow()],
    peopleInvolved,
    startedOn: startedOn.parts,
    reviewDate: reviewDate.parts,
  }
  const input: SupportPlanInput = {
    concern: values.concern,
    actions: sent.map((s) => s.action),
    peopleInvolved: peopleInvolved
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    startedOn: startedOn.iso,
    reviewDate: reviewDate.iso,
  }
  const rewrite = (e: FieldError): FieldError => {
    const match = /^actions\.(\d+)\.(action|who|by)$/.exec(e.path)
    if (match) {
      const row = sent[Number(match[1])]?.row ?? 0
      const path = `actions-${row}-${match[2]}`
      if (match[2] === 'by') problems.link(path, `${path}-day`)
      return { ...e, path }
    }
    if (e.path.startsWith('peopleInvolved.')) return { ...e, path: 'peopleInvolved' }
    return e
  }
  return { values, input, problems, rewrite }
}
