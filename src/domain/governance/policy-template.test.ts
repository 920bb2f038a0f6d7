import { describe, expect, it } from 'vitest'
import {
  frozenSections,
  listOfNames,
  PLACEHOLDERS,
  POLICY_SECTION_MAX_CHARS,
  POLICY_SECTIONS,
  renderPolicy,
  sectionTextProblems,
  unknownPlaceholders,
  withSectionText,
  type PolicyFacts,
} from './policy-template.js'

const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  schoolName: 'Quayside Primary',
  schoolYear: 2026,
  people: {
    designated_teacher: ['Dee Teacher'],
    designated_governor: ['Gail Governor'],
    dsl: ['Sam Lead'],
    deputy_dsl: ['Dan Deputy', 'Devi Deputy'],
    csw_lead: ['Cass Lead'],
    senco: ['Sen Co'],
    mental_health_lead: ['Mel Health'],
  },
  virtualSchool: {
    laName: 'Hertfordshire',
    name: 'Hertfordshire Virtual School',
    email: 'virtualschool@hertfordshire.gov.uk',
    phone: '01992 556915',
    website: 'https://www.hertfordshire.gov.uk/virtualschool',
  },
  nextReviewOn: '2027-11-23',
  ...over,
})

const sectionText = (policy: ReturnType<typeof renderPolicy>, key: string) =>
  policy.sections.find((s) => s.key === key)!.text

describe('the model policy (issue 7 item 3)', () => {
  it('has the sections the seed policies share, in their order', () => {
    expect(POLICY_SECTIONS.map((s) => s.key)).toEqual([
      'purpose',
      'intention',
      'impact',
      'statutory-planning',
      'roles',
      'attendance',
      'admissions-and-transitions',
      'send',
      'safeguarding',
      'suspensions-and-exclusions',
      'alternative-provision',
      'multi-agency-working',
    ])
  })

  it('uses only words in curly brackets that it can fill in, and fits the length allowed', () => {
    for (const s of POLICY_SECTIONS) {
      expect(unknownPlaceholders(s.modelText), s.key).toEqual([])
      expect(s.modelText.length, s.key).toBeLessThanOrEqual(POLICY_SECTION_MAX_CHARS)
      expect(sectionTextProblems(s.modelText), s.key).toEqual([])
    }
  })
})

describe('renderPolicy', () => {
  it('names the people in each designated role and the Virtual School of the school’s LA (POL-1, POL-32)', () => {
    const policy = renderPolicy(POLICY_SECTIONS, {}, facts())
    const roles = sectionText(policy, 'roles')
    expect(roles).toContain('Everyone at Quayside Primary shares responsibility')
    expect(roles).toContain('in the 2026 to 2027 school year')
    expect(roles).toContain(
      '- designated teacher for looked-after and previously looked-after children: Dee Teacher',
    )
    expect(roles).toContain('- designated governor: Gail Governor')
    expect(roles).toContain(
      '- designated safeguarding lead and deputies: Sam Lead, with Dan Deputy and Devi Deputy (deputies)',
    )
    expect(roles).toContain('- lead for children with a social worker: Cass Lead')
    expect(roles).toContain('(SENCO): Sen Co')
    expect(roles).toContain('- senior mental health lead: Mel Health')
    const contacts = sectionText(policy, 'multi-agency-working')
    expect(contacts).toContain(
      'in the area of Hertfordshire. Its Virtual School, Hertfordshire Virtual School,',
    )
    expect(contacts).toContain('- email: virtualschool@hertfordshire.gov.uk')
    expect(contacts).toContain('- telephone: 01992 556915')
    expect(contacts).toContain('- website: https://www.hertfordshire.gov.uk/virtualschool')
    expect(contacts).toContain('Next review: 23 November 2027.')
    expect(policy.gaps).toEqual([])
    // Nothing is left in curly brackets.
    for (const s of policy.sections) expect(s.text, s.key).not.toMatch(/[{}]/)
  })

  it('says who is not yet named, and lists what the records lack', () => {
    const policy = renderPolicy(
      POLICY_SECTIONS,
      {},
      facts({
        people: { ...facts().people, designated_governor: [], dsl: [], deputy_dsl: [] },
        virtualSchool: {
          laName: 'Warwickshire',
          name: null,
          email: 'vs@warwickshire.example',
          phone: null,
          website: ' ',
        },
        nextReviewOn: null,
      }),
    )
    const roles = sectionText(policy, 'roles')
    expect(roles).toContain('- designated governor: not yet named')
    expect(roles).toContain('- designated safeguarding lead and deputies: not yet named')
    const contacts = sectionText(policy, 'multi-agency-working')
    expect(contacts).toContain('Its Virtual School, Warwickshire Virtual School,')
    expect(contacts).toContain('- telephone: not recorded')
    expect(contacts).toContain('- website: not recorded')
    expect(contacts).toContain('Next review: to be set when the governing board ratifies this policy.')
    expect(policy.gaps).toEqual([
      'No designated governor is in the register of designated roles today, so the policy says “not yet named”.',
      'No designated safeguarding lead is in the register of designated roles today, so the policy says “not yet named”.',
      'The Warwickshire Virtual School’s telephone number is not recorded. An administrator can add it to the local authority’s details.',
      'The Warwickshire Virtual School’s website is not recorded. An administrator can add it to the local authority’s details.',
    ])
  })

  it('names deputies alone when there is no lead, and a school whose LA is not in the directory', () => {
    const policy = renderPolicy(
      POLICY_SECTIONS,
      {},
      facts({ people: { ...facts().people, dsl: [], deputy_dsl: ['Dan Deputy'] }, virtualSchool: null }),
    )
    expect(sectionText(policy, 'roles')).toContain('safeguarding lead and deputies: Dan Deputy (deputy)')
    expect(sectionText(policy, 'multi-agency-working')).toContain('in the area of not recorded')
    expect(policy.gaps).toEqual([
      'The school’s local authority is not in Harbour’s directory. An administrator can add it with its Virtual School’s details.',
      'The Virtual School’s email address is not recorded. An administrator can add it to the local authority’s details.',
      'The Virtual School’s telephone number is not recorded. An administrator can add it to the local authority’s details.',
      'The Virtual School’s website is not recorded. An administrator can add it to the local authority’s details.',
    ])
  })

  it('uses the school’s own wording for a section it changed, placeholders filled in, whatever their case', () => {
    const edits = {
      attendance: 'At {School}, {senco} and {  designated   teacher } check attendance weekly.',
    }
    const policy = renderPolicy(POLICY_SECTIONS, edits, facts())
    const attendance = policy.sections.find((s) => s.key === 'attendance')!
    expect(attendance).toMatchObject({
      text: 'At Quayside Primary, Sen Co and Dee Teacher check attendance weekly.',
      template: edits.attendance,
      edited: true,
    })
    expect(policy.sections.filter((s) => s.edited).map((s) => s.key)).toEqual(['attendance'])
  })

  it('does not count the model text, stored as it was ratified, as the school’s own wording', () => {
    const stored = frozenSections(POLICY_SECTIONS, { send: 'Our own SEND text.' })
    expect(Object.keys(stored)).toEqual(POLICY_SECTIONS.map((s) => s.key))
    const policy = renderPolicy(POLICY_SECTIONS, stored, facts())
    expect(policy.sections.filter((s) => s.edited).map((s) => s.key)).toEqual(['send'])
  })

  it('leaves a word in curly brackets it does not know as it was typed', () => {
    const policy = renderPolicy(POLICY_SECTIONS, { purpose: 'See {the annex}.' }, facts())
    expect(sectionText(policy, 'purpose')).toBe('See {the annex}.')
  })
})

describe('changing a section', () => {
  it('stores the school’s text, and nothing once it is back to Harbour’s wording', () => {
    const edited = withSectionText(POLICY_SECTIONS, {}, 'attendance', '  Our text.\r\nSecond line.  \n')
    expect(edited).toEqual({ attendance: 'Our text.\nSecond line.' })
    const model = POLICY_SECTIONS.find((s) => s.key === 'attendance')!.modelText
    expect(withSectionText(POLICY_SECTIONS, edited, 'attendance', model.replace(/\n/g, '\r\n'))).toEqual({})
    expect(withSectionText(POLICY_SECTIONS, { ...edited, send: 'x' }, 'attendance', null)).toEqual({
      send: 'x',
    })
  })

  it.each([
    ['', 'Enter the text of this section'],
    ['  \n  ', 'Enter the text of this section'],
    ['x'.repeat(POLICY_SECTION_MAX_CHARS + 1), 'The section must be 10,000 characters or fewer'],
    [
      'Ask {head teacher} or {deputy head}.',
      'Harbour cannot fill in {head teacher}, {deputy head}. Use only the words in curly brackets listed on this page, or remove the brackets',
    ],
  ])('refuses %j', (text, message) => {
    expect(sectionTextProblems(text)).toEqual([message])
  })

  it('accepts text of exactly the length allowed, and every placeholder the page lists', () => {
    expect(sectionTextProblems('x'.repeat(POLICY_SECTION_MAX_CHARS))).toEqual([])
    expect(sectionTextProblems(PLACEHOLDERS.map((p) => `{${p.name}}`).join(' '))).toEqual([])
  })
})

describe('listOfNames', () => {
  it.each([
    [[], ''],
    [['Ann'], 'Ann'],
    [['Ann', 'Bo'], 'Ann and Bo'],
    [['Ann', 'Bo', 'Cy'], 'Ann, Bo and Cy'],
  ])('%j → %j', (names, text) => {
    expect(listOfNames(names)).toBe(text)
  })
})
