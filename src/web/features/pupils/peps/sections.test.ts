import { describe, expect, it } from 'vitest'
import { FormProblems } from '../../../forms.js'
import { readFields } from './fields.js'
import { penceOf, poundsOf, readAttainment, readTargets } from './rows.js'
import { inputIdOf, sectionOfPath } from './error-links.js'
import { stateOf } from './section-state.js'
import { sectionsFor, type PepFacts } from './sections.js'

const facts = (over: Partial<PepFacts> = {}): PepFacts => ({
  kind: 'pep',
  phase: 'school_age',
  model: { meetingDate: '2026-11-10', phase: 'school_age', parentsConsentToVs: false },
  senProvision: 'N',
  targetCount: 0,
  previousTargetIds: [],
  reviews: [],
  ...over,
})
const section = (f: PepFacts, slug: string) => sectionsFor(f).find((s) => s.slug === slug)!

describe('the PEP form’s sections', () => {
  it('has the parents’ views only in a PLA support plan, and the review only when there were targets before', () => {
    expect(sectionsFor(facts()).map((s) => s.slug)).toEqual([
      'meeting',
      'child-voice',
      'education',
      'sen-wellbeing',
      'interests',
      'transitions',
      'aspirations',
      'targets',
      'next-meeting',
    ])
    const pla = sectionsFor(facts({ kind: 'pla_support_plan', previousTargetIds: ['t1'] })).map((s) => s.slug)
    expect(pla).toContain('parents-views')
    expect(pla).toContain('review')
  })

  it('asks by phase: career aspirations, the early years setting, or education, employment or training post-16', () => {
    expect(section(facts(), 'aspirations').title).toBe('Career aspirations')
    expect(section(facts({ phase: 'early_years' }), 'aspirations').title).toBe('Early years')
    const post16 = section(facts({ phase: 'post_16' }), 'aspirations')
    expect(post16.title).toBe('Education, employment or training')
    expect(post16.needed).toEqual(['post16.activity'])
  })

  it.each([
    ['nothing entered', {}, 'not_started'],
    ['what is going well only', { childVoice: { goingWell: 'Art' } }, 'in_progress'],
    ['the child’s own words', { childVoice: { ownWords: 'I like art' } }, 'completed'],
  ] as const)('the child’s voice with %s is %s', (_, content, state) => {
    const f = facts({ model: { ...facts().model, ...content } })
    expect(stateOf(section(f, 'child-voice'), f)).toBe(state)
  })

  it('needs the SEN provision described only for a child with SEN', () => {
    const model = { ...facts().model, wellbeing: 'Settled' }
    expect(stateOf(section(facts(), 'sen-wellbeing'), facts({ model }))).toBe('completed')
    expect(stateOf(section(facts(), 'sen-wellbeing'), facts({ model, senProvision: 'K' }))).toBe(
      'in_progress',
    )
  })

  it('completes the review when every previous target has an outcome with evidence', () => {
    const f = facts({
      previousTargetIds: ['a', 'b'],
      reviews: [{ targetId: 'a', evidence: 'Done' }],
    })
    expect(stateOf(section(f, 'review'), f)).toBe('in_progress')
    const done = { ...f, reviews: [...f.reviews, { targetId: 'b', evidence: 'Half' }] }
    expect(stateOf(section(done, 'review'), done)).toBe('completed')
  })

  it('finds the section and input of each error the service reports', () => {
    const all = sectionsFor(facts({ phase: 'post_16', previousTargetIds: ['a'] }))
    expect(sectionOfPath(all, 'childVoice.ownWords')?.slug).toBe('child-voice')
    expect(sectionOfPath(all, 'post16.activity')?.slug).toBe('aspirations')
    expect(sectionOfPath(all, 'targets.2.owner')?.slug).toBe('targets')
    expect(sectionOfPath(all, 'reviews.0.outcome')?.slug).toBe('review')
    expect(sectionOfPath(all, 'meetingDate')?.slug).toBe('meeting')
    expect(sectionOfPath(all, 'status')).toBeUndefined()
    expect(inputIdOf('targets.2.dueBy')).toBe('targets-2-dueBy-day')
    expect(inputIdOf('targets')).toBe('targets-0-description')
    expect(inputIdOf('post16.activity')).toBe('post16-activity')
  })
})

describe('reading the PEP form', () => {
  it.each([
    ['400', 40000],
    ['£1,250.50', 125050],
    ['0.5', 50],
    ['12.345', null],
    ['-5', null],
    ['lots', null],
  ] as const)('reads PP+ of %s pounds as %s pence', (pounds, pence) => {
    expect(penceOf(pounds)).toBe(pence)
  })

  it('shows pence as pounds', () => {
    expect(poundsOf(40000)).toBe('400')
    expect(poundsOf(40050)).toBe('400.50')
    expect(poundsOf(0)).toBe('')
  })

  it('drops empty targets and closes up the rest, so errors number the rows the user sees', () => {
    const problems = new FormProblems()
    const { targets, rows } = readTargets(
      {
        'targets-2-description': 'Attend every day',
        'targets-2-successCriteria': '97% by Easter',
        'targets-2-owner': 'Attendance officer',
        'targets-2-dueBy-day': '1',
        'targets-2-dueBy-month': '13',
        'targets-2-dueBy-year': '2027',
        'targets-2-ppPlus': '99.99',
      },
      problems,
    )
    expect(targets).toHaveLength(1)
    expect(targets[0]).toMatchObject({
      description: 'Attend every day',
      ppPlusRequestedPence: 9999,
      dueBy: '',
    })
    expect(problems.errors.map((e) => e.path)).toEqual(['targets.0.dueBy'])
    expect(problems.list().summary[0]!.href).toBe('#targets-0-dueBy-day')
    // The target, then two empty rows to add more.
    expect(rows.map((r) => r.description)).toEqual(['Attend every day', '', ''])
  })

  it('keeps attainment rows with something recorded, whatever their subject', () => {
    const problems = new FormProblems()
    const { attainment } = readAttainment(
      {
        'attainment-0-subject': 'English',
        'attainment-1-subject': 'Maths',
        'attainment-1-progress': 'below_expected',
        'attainment-2-progress': 'sideways',
      },
      problems,
    )
    expect(attainment.map((r) => r.subject)).toEqual(['Maths', ''])
    expect(problems.errors.map((e) => e.path)).toEqual(['attainment.1.subject', 'attainment.1.progress'])
  })

  it('refuses a choice that is not offered', () => {
    const problems = new FormProblems()
    const fields = sectionsFor(facts()).find((s) => s.slug === 'meeting')!.fields
    const { read } = readFields(
      {
        'meetingDate-day': '10',
        'meetingDate-month': '11',
        'meetingDate-year': '2026',
        'attendees-child': 'maybe',
      },
      fields,
      problems,
    )
    expect(read['meetingDate']).toBe('2026-11-10')
    expect(problems.errors).toEqual([
      { path: 'attendees.child', message: 'Choose one of the options for “Did the child take part?”' },
    ])
  })
})
