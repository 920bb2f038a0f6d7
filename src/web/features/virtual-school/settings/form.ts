import { RUBRIC_MAX_LEVELS } from '../../../../domain/pep/rubric.js'
import type { PepScheduleSettings } from '../../../../domain/pep/settings.js'
import type {
  VirtualSchoolSettings,
  VirtualSchoolSettingsInput,
} from '../../../../services/virtual-school-settings.service.js'
import { text, type FormBody } from '../../../forms.js'

type RubricRow = { value: string; label: string; criteria: string; approvable: boolean }

/** What the form shows: what was typed, as typed, with the rubric always as RUBRIC_MAX_LEVELS rows. */
export type SettingsFormValues = {
  version: string
  cadence: string
  customDueMonths: string[]
  changeReviewDays: string
  changeReviewClock: string
  includeShortBreaks: boolean
  minimumAge: string
  rubric: RubricRow[]
  claDayOneProvision: boolean
}

const BLANK_ROW: RubricRow = { value: '', label: '', criteria: '', approvable: false }

const fillRows = (rows: RubricRow[]): RubricRow[] => [
  ...rows,
  ...Array.from({ length: Math.max(0, RUBRIC_MAX_LEVELS - rows.length) }, () => ({ ...BLANK_ROW })),
]

export function valuesOf(settings: VirtualSchoolSettings): SettingsFormValues {
  const s = settings.schedule
  return {
    version: String(settings.version),
    cadence: s.cadence,
    customDueMonths: s.customDueMonths.map(String),
    changeReviewDays: String(s.changeReviewDays),
    changeReviewClock: s.changeReviewClock,
    includeShortBreaks: s.includeShortBreaks,
    minimumAge: String(s.minimumAge),
    rubric: fillRows(settings.rubric.map((l) => ({ ...l }))),
    claDayOneProvision: settings.claDayOneProvision,
  }
}

const listOf = (body: FormBody, name: string): string[] => [body[name] ?? []].flat()

// A whole number as typed; anything else goes to the service as NaN, which it refuses with its message.
const wholeNumber = (typed: string) => (/^\d{1,3}$/.test(typed) ? Number(typed) : Number.NaN)

/**
 * Reads the form. Rubric rows left blank are ignored, and the rest close up in order, so that "rating 2" in a
 * message is the second row the page shows back.
 */
export function readSettingsForm(body: FormBody): {
  values: SettingsFormValues
  input: VirtualSchoolSettingsInput
  version: number
} {
  const rows: RubricRow[] = []
  for (let i = 0; i < RUBRIC_MAX_LEVELS; i++) {
    const row = {
      value: text(body, `rubric-${i}-value`),
      label: text(body, `rubric-${i}-label`),
      criteria: text(body, `rubric-${i}-criteria`),
      approvable: text(body, `rubric-${i}-approvable`) === 'yes',
    }
    if (row.value || row.label || row.criteria) rows.push(row)
  }
  const values: SettingsFormValues = {
    version: text(body, 'version'),
    cadence: text(body, 'cadence'),
    customDueMonths: listOf(body, 'customDueMonths'),
    changeReviewDays: text(body, 'changeReviewDays'),
    changeReviewClock: text(body, 'changeReviewClock'),
    includeShortBreaks: text(body, 'includeShortBreaks') === 'yes',
    minimumAge: text(body, 'minimumAge'),
    rubric: fillRows(rows),
    // A checkbox: left unticked, the browser sends nothing, which is "off".
    claDayOneProvision: text(body, 'claDayOneProvision') === 'yes',
  }
  // What was chosen goes to the service as chosen (an unknown cadence, NaN days): its rules say what is wrong.
  const schedule = {
    cadence: values.cadence,
    customDueMonths: values.customDueMonths.map(wholeNumber),
    changeReviewDays: wholeNumber(values.changeReviewDays),
    changeReviewClock: values.changeReviewClock,
    includeShortBreaks: values.includeShortBreaks,
    minimumAge: wholeNumber(values.minimumAge),
  } as PepScheduleSettings
  return {
    values,
    input: { schedule, rubric: rows, claDayOneProvision: values.claDayOneProvision },
    version: wholeNumber(values.version || '0'),
  }
}

/** Where each of the service's error paths is on the page, for the error summary's links. */
export const FIELD_IDS: Record<string, string> = {
  'schedule.cadence': 'cadence',
  'schedule.customDueMonths': 'customDueMonths',
  'schedule.changeReviewDays': 'changeReviewDays',
  'schedule.changeReviewClock': 'changeReviewClock',
  'schedule.minimumAge': 'minimumAge',
  claDayOneProvision: 'claDayOneProvision',
}
