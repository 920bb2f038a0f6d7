import { describe, expect, it } from 'vitest'
import { RUBRIC_MAX_LEVELS, tidyRubricLevel, validateRubric } from './rubric.js'
import { DEFAULT_RUBRIC, type RubricLevel } from './workflow.js'

const level = (value: string, approvable = true, over: Partial<RubricLevel> = {}): RubricLevel => ({
  value,
  label: `${value.charAt(0).toUpperCase()}${value.slice(1)}`,
  criteria: `What a ${value} PEP looks like`,
  approvable,
  ...over,
})

const OFSTED_STYLE = [level('outstanding'), level('good'), level('inadequate', false)]

describe('validateRubric (issue 4 item 3)', () => {
  it.each<[string, RubricLevel[]]>([
    ['the default red, amber and green', [...DEFAULT_RUBRIC]],
    ['outstanding, good and inadequate', OFSTED_STYLE],
    ['a single level that can be approved', [level('approved')]],
    ['five levels', ['a', 'b', 'c', 'd', 'e'].map((v) => level(v))],
    ['slugs with digits, hyphens and underscores', [level('level-1'), level('level_2'), level('3')]],
  ])('accepts %s', (_, rubric) => {
    expect(validateRubric(rubric)).toEqual([])
  })

  it.each<[string, RubricLevel[], string[], RegExp]>([
    ['no levels', [], ['rubric'], /at least one quality rating/],
    ['no level that can be approved', [level('good', false), level('poor', false)], ['rubric'], /approved/],
    [
      'the same short name twice',
      [level('good'), level('fair'), level('good', false)],
      ['rubric.2.value'],
      /rating 3 is used by another rating/,
    ],
    ['a short name with capitals', [level('Good')], ['rubric.0.value'], /lower-case/],
    ['a short name with spaces', [level('requires improvement')], ['rubric.0.value'], /lower-case/],
    ['a short name of 31 characters', [level('a'.repeat(31))], ['rubric.0.value'], /up to 30/],
    [
      'a blank short name',
      [level('good'), level('', true, { label: 'Fair' })],
      ['rubric.1.value'],
      /short name for rating 2/,
    ],
    ['a blank label', [level('good', true, { label: '' })], ['rubric.0.label'], /label for rating 1/],
    [
      'blank criteria',
      [level('good', true, { criteria: '' })],
      ['rubric.0.criteria'],
      /what a PEP at rating 1 looks like/,
    ],
    [
      'a label over 200 characters',
      [level('good', true, { label: 'x'.repeat(201) })],
      ['rubric.0.label'],
      /200 characters or fewer/,
    ],
    [
      'criteria over 1,000 characters',
      [level('good', true, { criteria: 'x'.repeat(1001) })],
      ['rubric.0.criteria'],
      /1000 characters or fewer/,
    ],
    [
      `more than ${RUBRIC_MAX_LEVELS} levels`,
      ['a', 'b', 'c', 'd', 'e', 'f'].map((v) => level(v)),
      ['rubric'],
      /at most 5/,
    ],
  ])('refuses %s', (_, rubric, paths, message) => {
    const errors = validateRubric(rubric)
    expect(errors.map((e) => e.path)).toEqual(paths)
    expect(errors[0]!.message).toMatch(message)
  })

  it('reports every problem at once, each at its level', () => {
    const errors = validateRubric([level('good', false, { label: '' }), level('good', false)])
    expect(errors.map((e) => e.path)).toEqual(['rubric.0.label', 'rubric.1.value', 'rubric'])
  })
})

describe('tidyRubricLevel', () => {
  it('trims what was typed and keeps whether it can be approved', () => {
    expect(
      tidyRubricLevel({ value: ' good ', label: ' Good\n', criteria: '  Clear ', approvable: false }),
    ).toEqual({ value: 'good', label: 'Good', criteria: 'Clear', approvable: false })
  })
})
