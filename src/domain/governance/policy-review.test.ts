import { describe, expect, it } from 'vitest'
import { checkRatification, reviewReminderDueOn, reviewStatus } from './policy-review.js'

const TODAY = '2026-11-23'

describe('ratifying the policy (DOMAIN.md POL-28)', () => {
  it('sets the next review a year after ratification by default', () => {
    expect(
      checkRatification(
        { ratifiedOn: '2026-11-20', ratifiedBy: ' Full governing board ', nextReviewOn: null },
        TODAY,
      ),
    ).toEqual({
      ok: true,
      value: { ratifiedOn: '2026-11-20', ratifiedBy: 'Full governing board', nextReviewOn: '2027-11-20' },
    })
  })

  it('accepts a review exactly three years on, and a policy ratified on 29 February', () => {
    expect(
      checkRatification({ ratifiedOn: '2026-11-20', ratifiedBy: 'Board', nextReviewOn: '2029-11-20' }, TODAY),
    ).toMatchObject({ ok: true, value: { nextReviewOn: '2029-11-20' } })
    // CAL-5: 29 February plus a year is the last day of February.
    expect(
      checkRatification({ ratifiedOn: '2024-02-29', ratifiedBy: 'Board', nextReviewOn: null }, TODAY),
    ).toMatchObject({ ok: true, value: { nextReviewOn: '2025-02-28' } })
  })

  it('refuses a review more than three years after ratification, saying the latest date allowed', () => {
    expect(
      checkRatification({ ratifiedOn: '2026-11-20', ratifiedBy: 'Board', nextReviewOn: '2029-11-21' }, TODAY),
    ).toEqual({
      ok: false,
      problems: [
        {
          path: 'nextReviewOn',
          message:
            'The policy must be reviewed at least every 3 years. Choose a next review date on or before 20 November 2029',
        },
      ],
    })
  })

  it.each([
    [
      { ratifiedOn: '2026-11-24', ratifiedBy: 'Board', nextReviewOn: null },
      'ratifiedOn',
      'The date the policy was ratified must be today or in the past',
    ],
    [
      { ratifiedOn: '2026-11-20', ratifiedBy: '  ', nextReviewOn: null },
      'ratifiedBy',
      'Enter who ratified the policy, for example “Full governing board”',
    ],
    [
      { ratifiedOn: '2026-11-20', ratifiedBy: 'x'.repeat(201), nextReviewOn: null },
      'ratifiedBy',
      'Who ratified the policy must be 200 characters or fewer',
    ],
    [
      { ratifiedOn: '2026-11-20', ratifiedBy: 'Board', nextReviewOn: '2026-11-20' },
      'nextReviewOn',
      'The next review date must be after the date the policy was ratified',
    ],
  ])('refuses %j', (input, path, message) => {
    expect(checkRatification(input, TODAY)).toEqual({ ok: false, problems: [{ path, message }] })
  })
})

describe('the review reminder', () => {
  it('is due 4 weeks before the review date, or today when that day has passed', () => {
    expect(reviewReminderDueOn('2027-11-20', TODAY)).toBe('2027-10-23')
    expect(reviewReminderDueOn('2026-12-01', TODAY)).toBe(TODAY)
  })

  it.each([
    [null, 'not_ratified'],
    ['2027-11-20', 'in_date'],
    ['2026-12-22', 'in_date'],
    ['2026-12-21', 'due_soon'],
    [TODAY, 'due_soon'],
    ['2026-11-22', 'overdue'],
  ])('a review on %s is %s', (nextReviewOn, status) => {
    expect(reviewStatus(nextReviewOn, TODAY)).toBe(status)
  })
})
