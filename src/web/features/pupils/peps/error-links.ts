import type { FieldError } from '../../../../services/errors.js'
import type { ErrorList, FormProblems } from '../../../forms.js'
import { inputsOf } from './fields.js'
import type { Section, SectionSlug } from './sections.js'

/**
 * The error summary for a PEP page. An error about the section on screen links to its input (as FormProblems
 * says); one about another section links to that section's page and input; one about the PEP as a whole (its
 * status) to the PEP itself.
 */
export function linkedErrors(
  problems: FormProblems,
  sections: readonly Section[],
  pepUrl: string,
  current: SectionSlug | null,
): ErrorList {
  const list = problems.list()
  return {
    byField: list.byField,
    summary: problems.errors.map((e, i) => ({
      text: e.message,
      href: hrefFor(e, sections, pepUrl, current) ?? list.summary[i]!.href,
    })),
  }
}

function hrefFor(e: FieldError, sections: readonly Section[], pepUrl: string, current: SectionSlug | null) {
  if (e.path === 'status') return pepUrl
  const section = sectionOfPath(sections, e.path)
  if (!section) return current ? null : `${pepUrl}/edit`
  if (section.slug === current) return null
  return `${pepUrl}/edit/${section.slug}#${inputIdOf(e.path)}`
}

/** The section an error path (the service's, or the form's) belongs to. */
export function sectionOfPath(sections: readonly Section[], path: string): Section | undefined {
  const top = path.split('.')[0]!
  if (top === 'targets') return sections.find((s) => s.slug === 'targets')
  if (top === 'reviews') return sections.find((s) => s.slug === 'review')
  if (top === 'attainment') return sections.find((s) => s.slug === 'education')
  return sections.find((s) => inputsOf(s.fields).some((f) => f.path === path || f.path.startsWith(`${top}.`)))
}

/** The id of the input an error path points at. */
export function inputIdOf(path: string): string {
  if (path === 'targets') return 'targets-0-description'
  if (/^(meetingDate|nextMeetingDate|targets\.\d+\.dueBy)$/.test(path))
    return `${path.replace(/\./g, '-')}-day`
  return path.replace(/\./g, '-')
}
