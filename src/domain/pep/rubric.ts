/**
 * A Virtual School's own quality rubric for approving PEPs (issue 4 item 3): the levels a PEP is rated at,
 * each saying whether a PEP at that level may be approved. The default is DEFAULT_RUBRIC (workflow.ts).
 */
import type { Problem } from '../cohort/episode-rules.js'
import { TEXT_LIMITS } from '../input/text-limits.js'
import type { RubricLevel } from './workflow.js'

/** A rubric is a short scale: a longer one is no longer a rating anyone applies the same way. */
export const RUBRIC_MAX_LEVELS = 5

/**
 * A level's value is stored on each approved PEP and used in the dashboard's filter (`?rating=`), so it is a
 * short slug: lower-case letters, digits, hyphens and underscores, up to 30 characters, starting with a letter
 * or digit.
 */
export const RUBRIC_VALUE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,29}$/

/** A level as entered, its text trimmed. */
export function tidyRubricLevel(level: RubricLevel): RubricLevel {
  return {
    value: level.value.trim(),
    label: level.label.trim(),
    criteria: level.criteria.trim(),
    approvable: level.approvable,
  }
}

/** Checks a rubric entered by a Virtual School head. Paths are `rubric.N.field`, N counting from 0. */
export function validateRubric(levels: ReadonlyArray<RubricLevel>): Problem[] {
  const errors: Problem[] = []
  if (levels.length === 0) {
    errors.push({ path: 'rubric', message: 'Enter at least one quality rating' })
    return errors
  }
  if (levels.length > RUBRIC_MAX_LEVELS)
    errors.push({ path: 'rubric', message: `Enter at most ${RUBRIC_MAX_LEVELS} quality ratings` })
  const seen = new Set<string>()
  levels.forEach((level, i) => {
    const name = `rating ${i + 1}`
    const at = (field: keyof RubricLevel) => `rubric.${i}.${field}`
    if (!level.value) errors.push({ path: at('value'), message: `Enter a short name for ${name}` })
    else if (!RUBRIC_VALUE_PATTERN.test(level.value))
      errors.push({
        path: at('value'),
        message: `The short name for ${name} must be up to 30 lower-case letters, numbers or hyphens, like good`,
      })
    else if (seen.has(level.value))
      errors.push({ path: at('value'), message: `The short name for ${name} is used by another rating` })
    seen.add(level.value)
    if (!level.label) errors.push({ path: at('label'), message: `Enter a label for ${name}` })
    else if (level.label.length > TEXT_LIMITS.shortText)
      errors.push({
        path: at('label'),
        message: `The label for ${name} must be ${TEXT_LIMITS.shortText} characters or fewer`,
      })
    if (!level.criteria)
      errors.push({ path: at('criteria'), message: `Enter what a PEP at ${name} looks like` })
    else if (level.criteria.length > TEXT_LIMITS.reason)
      errors.push({
        path: at('criteria'),
        message: `What a PEP at ${name} looks like must be ${TEXT_LIMITS.reason} characters or fewer`,
      })
  })
  // Issue 4 item 3: a rubric with no level that can be approved would leave every PEP unapprovable.
  if (!levels.some((l) => l.approvable))
    errors.push({ path: 'rubric', message: 'At least one rating must let a PEP be approved' })
  return errors
}
