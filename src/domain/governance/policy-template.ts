/**
 * The school's policy generated from its records (issue 7 item 3, DOMAIN.md POL-1, POL-28, POL-32): each
 * section's text, the school's own wording where it changed one, with the words in curly brackets filled
 * in from the named roles, the Virtual School's contacts and the review date. Nothing is stored filled in,
 * so the policy names whoever holds each role today.
 */
import { formatDate, type IsoDate } from '../calendar/dates.js'
import type { PolicySectionKey, PolicySectionTemplate } from './policy-model-text.js'
import { DESIGNATED_ROLE_NAMES, type DesignatedRole } from './roles.js'

export { POLICY_SECTIONS, isPolicySectionKey } from './policy-model-text.js'
export type { PolicySectionKey, PolicySectionTemplate } from './policy-model-text.js'

/** The longest a section may be: a few pages of print. */
export const POLICY_SECTION_MAX_CHARS = 10_000

export type VirtualSchoolFacts = {
  laName: string
  name: string | null
  email: string | null
  phone: string | null
  website: string | null
}

/** What the policy is filled in from: the school, who holds each designated role today, its LA's Virtual School. */
export type PolicyFacts = {
  schoolName: string
  schoolYear: number
  /** The holders of each role on the day the policy is shown, earliest appointed first. */
  people: Record<DesignatedRole, readonly string[]>
  /** The Virtual School of the school's own LA (POL-32); null when the LA is not in the directory. */
  virtualSchool: VirtualSchoolFacts | null
  nextReviewOn: IsoDate | null
}

type Filled = { text: string } | { missing: string; gap: string }

/** "Ann", "Ann and Bo", "Ann, Bo and Cy". */
export function listOfNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`
}

function person(role: DesignatedRole) {
  return (f: PolicyFacts): Filled =>
    f.people[role].length
      ? { text: listOfNames(f.people[role]) }
      : {
          missing: 'not yet named',
          gap: `No ${DESIGNATED_ROLE_NAMES[role].inSentence} is in the register of designated roles today, so the policy says “not yet named”.`,
        }
}

function safeguardingLeads(f: PolicyFacts): Filled {
  const lead = f.people.dsl
  const deputies = f.people.deputy_dsl
  if (!lead.length && !deputies.length) return person('dsl')(f)
  if (!deputies.length) return { text: listOfNames(lead) }
  const deputiesText = `${listOfNames(deputies)} (${deputies.length === 1 ? 'deputy' : 'deputies'})`
  return { text: lead.length ? `${listOfNames(lead)}, with ${deputiesText}` : deputiesText }
}

function virtualSchoolDetail(detail: 'email' | 'phone' | 'website', label: string) {
  return (f: PolicyFacts): Filled => {
    const value = f.virtualSchool?.[detail]?.trim()
    if (value) return { text: value }
    const whose = f.virtualSchool ? `${f.virtualSchool.laName} Virtual School’s` : 'Virtual School’s'
    return {
      missing: 'not recorded',
      gap: `The ${whose} ${label} is not recorded. An administrator can add it to the local authority’s details.`,
    }
  }
}

const NO_LA: Filled = {
  missing: 'not recorded',
  gap: 'The school’s local authority is not in Harbour’s directory. An administrator can add it with its Virtual School’s details.',
}

/** Each word in curly brackets the policy understands, with what it stands for (shown beside the text box). */
export const PLACEHOLDERS: ReadonlyArray<{ name: string; means: string; fill: (f: PolicyFacts) => Filled }> =
  [
    { name: 'school', means: 'the school’s name', fill: (f) => ({ text: f.schoolName }) },
    {
      name: 'school year',
      means: 'the current school year, like “2026 to 2027”',
      fill: (f) => ({ text: `${f.schoolYear} to ${f.schoolYear + 1}` }),
    },
    {
      name: 'designated teacher',
      means: 'who is the designated teacher',
      fill: person('designated_teacher'),
    },
    {
      name: 'designated governor',
      means: 'who is the designated governor',
      fill: person('designated_governor'),
    },
    {
      name: 'safeguarding leads',
      means: 'the designated safeguarding lead and any deputies',
      fill: safeguardingLeads,
    },
    {
      name: 'lead for children with a social worker',
      means: 'who leads for children with a social worker',
      fill: person('csw_lead'),
    },
    { name: 'SENCO', means: 'who is the SENCO', fill: person('senco') },
    {
      name: 'mental health lead',
      means: 'who is the senior mental health lead',
      fill: person('mental_health_lead'),
    },
    {
      name: 'local authority',
      means: 'the school’s local authority',
      fill: (f) => (f.virtualSchool ? { text: f.virtualSchool.laName } : NO_LA),
    },
    {
      name: 'virtual school',
      means: 'the name of the local authority’s Virtual School',
      fill: (f) =>
        f.virtualSchool
          ? { text: f.virtualSchool.name?.trim() || `${f.virtualSchool.laName} Virtual School` }
          : NO_LA,
    },
    {
      name: 'virtual school email',
      means: 'its email address',
      fill: virtualSchoolDetail('email', 'email address'),
    },
    {
      name: 'virtual school phone',
      means: 'its telephone number',
      fill: virtualSchoolDetail('phone', 'telephone number'),
    },
    { name: 'virtual school website', means: 'its website', fill: virtualSchoolDetail('website', 'website') },
    {
      name: 'next review date',
      means: 'when the policy is next due for review',
      fill: (f) =>
        f.nextReviewOn
          ? { text: formatDate(f.nextReviewOn) }
          : { missing: 'to be set when the governing board ratifies this policy', gap: '' },
    },
  ]

const PLACEHOLDER_PATTERN = /\{([^{}\n]{1,80})\}/g
const canonical = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase()
const BY_NAME = new Map(PLACEHOLDERS.map((p) => [canonical(p.name), p]))

/** The words in curly brackets in `text` that the policy does not understand, as typed. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = [...text.matchAll(PLACEHOLDER_PATTERN)]
    .map((m) => m[1]!)
    .filter((name) => !BY_NAME.has(canonical(name)))
  return [...new Set(unknown)]
}

/** The same text for comparing: line endings and trailing spaces do not make a section the school's own. */
export function normaliseSectionText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
}

/** What is wrong with a section's new text, as messages for the text box; empty when it can be saved. */
export function sectionTextProblems(text: string): string[] {
  const normalised = normaliseSectionText(text)
  if (!normalised) return ['Enter the text of this section']
  if (normalised.length > POLICY_SECTION_MAX_CHARS)
    return [`The section must be ${POLICY_SECTION_MAX_CHARS.toLocaleString('en-GB')} characters or fewer`]
  const unknown = unknownPlaceholders(normalised)
  if (unknown.length)
    return [
      `Harbour cannot fill in ${unknown.map((u) => `{${u}}`).join(', ')}. Use only the words in curly brackets listed on this page, or remove the brackets`,
    ]
  return []
}

export type RenderedSection = {
  key: PolicySectionKey
  title: string
  /** The text with every placeholder filled in. */
  text: string
  /** The text before filling in, as the school's text box shows it. */
  template: string
  /** Whether the school's wording differs from Harbour's model text. */
  edited: boolean
}

export type RenderedPolicy = {
  sections: RenderedSection[]
  /** What the records lack for the policy to be complete ("No designated governor is in the register…"). */
  gaps: string[]
}

/** Fills the placeholders of one text; `gaps` collects what the records lack. */
export function fillPlaceholders(text: string, facts: PolicyFacts, gaps: Set<string>): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    const placeholder = BY_NAME.get(canonical(name))
    if (!placeholder) return whole
    const filled = placeholder.fill(facts)
    if ('text' in filled) return filled.text
    if (filled.gap) gaps.add(filled.gap)
    return filled.missing
  })
}

/**
 * The policy as a document: the template's sections in order, each the school's own wording where it
 * has one (`edits`, by section key) or the model text, filled in from `facts`.
 */
export function renderPolicy(
  template: readonly PolicySectionTemplate[],
  edits: Readonly<Record<string, string>>,
  facts: PolicyFacts,
): RenderedPolicy {
  const gaps = new Set<string>()
  const sections = template.map((s) => {
    const own = edits[s.key]
    const text = own ?? s.modelText
    return {
      key: s.key,
      title: s.title,
      text: fillPlaceholders(text, facts, gaps),
      template: text,
      edited: own !== undefined && normaliseSectionText(own) !== normaliseSectionText(s.modelText),
    }
  })
  return { sections, gaps: [...gaps] }
}

/**
 * The sections to store after one section changes: the school's text where it differs from the model,
 * and nothing for a section back to Harbour's wording (`text` null or the model text).
 */
export function withSectionText(
  template: readonly PolicySectionTemplate[],
  edits: Readonly<Record<string, string>>,
  key: PolicySectionKey,
  text: string | null,
): Record<string, string> {
  const next: Record<string, string> = { ...edits }
  const model = template.find((s) => s.key === key)?.modelText ?? ''
  const own = text === null ? null : normaliseSectionText(text)
  if (own === null || own === normaliseSectionText(model)) delete next[key]
  else next[key] = own
  return next
}

/**
 * The full wording of every section, for a version being ratified: a ratified version is never changed,
 * so it keeps its words even when a later Harbour improves the model text. Placeholders stay as they are.
 */
export function frozenSections(
  template: readonly PolicySectionTemplate[],
  edits: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(template.map((s) => [s.key, edits[s.key] ?? s.modelText]))
}
