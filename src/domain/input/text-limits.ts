// Issue 3, "Bad input and attack": every free-text field takes at most so many characters, so an
// overlong one is refused plainly (a form error, or a 422 naming the field), never stored or a 500.
export const TEXT_LIMITS = {
  /** A person's given, family or preferred name; a contact's or a user's name. */
  name: 100,
  /** A contact's organisation, a school's or a local authority's name. */
  organisation: 200,
  /** The longest an email address can be (RFC 5321). */
  email: 254,
  /** A web address. */
  website: 500,
  /** A school's phase, a document's title, who saw it: a few words. */
  shortText: 200,
  /** Why an episode was corrected or withdrawn, why a school was closed. */
  reason: 1000,
  /** A note on a status or a change of placement. */
  note: 2000,
  /** A note on a task done: a line or two on what was done. */
  taskNote: 1000,
} as const

export type TextKind = keyof typeof TEXT_LIMITS

export type TextField = {
  path: string
  /** How the message names the field, starting with a capital: "First name". */
  label: string
  value: string | null | undefined
  kind: TextKind
}

export type TextProblem = { path: string; message: string }

/** The fields longer than their limit, each with the message the GOV.UK pattern gives. */
export function overlongFields(fields: readonly TextField[]): TextProblem[] {
  return fields
    .filter((f) => (f.value?.length ?? 0) > TEXT_LIMITS[f.kind])
    .map((f) => ({ path: f.path, message: `${f.label} must be ${TEXT_LIMITS[f.kind]} characters or fewer` }))
}
