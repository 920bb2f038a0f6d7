import type { Actor } from '../domain/access/scope.js'
import { DEFAULT_SUSPENSION_SETTINGS } from '../domain/exclusions/check-suspension.js'
import { overlongFields } from '../domain/input/text-limits.js'
import { mergeSchoolSettingsIfVersion } from '../data/repositories/school-settings.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ConflictError, RuleBrokenError, type FieldError } from './errors.js'
import { requireSchool } from './schools.service.js'
import { schoolExclusionContacts, suspensionSettingsOf } from './suspension-facts.js'

/**
 * What a school sets for its suspension letters and duties (DOMAIN.md EX-9, PD-7): where parents send
 * representations, where notices to the governing board and the local authority are emailed, and from which
 * suspension in a school year a risk assessment is due.
 */
export type SuspensionSettingsInput = {
  representationsTo: string | null
  governingBoardEmail: string | null
  localAuthorityExclusionsEmail: string | null
  riskAssessmentFromSuspension: number
}

/** The most a school may wait for a risk assessment: a later one would not be "after multiple suspensions". */
export const MAX_RISK_ASSESSMENT_FROM = 10

const isEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)

function settingsOf(stored: Record<string, unknown>): SuspensionSettingsInput {
  const contacts = schoolExclusionContacts(stored)
  return {
    representationsTo: contacts.representationsTo,
    governingBoardEmail: contacts.governingBoardEmail,
    localAuthorityExclusionsEmail: contacts.localAuthorityEmail,
    riskAssessmentFromSuspension:
      suspensionSettingsOf(stored, {}).riskAssessmentFromSuspension ??
      DEFAULT_SUSPENSION_SETTINGS.riskAssessmentFromSuspension,
  }
}

/** The school's suspension settings, the defaults where it has set none. Not pupil data: not audited. */
export async function getSuspensionSettings(ctx: ServiceContext, actor: Actor, urn: string) {
  authorise(actor, 'suspension:configure')
  const school = await requireSchool(ctx.db, actor, urn)
  return {
    school: { urn: school.urn, name: school.name },
    version: school.version,
    settings: settingsOf(school.settings),
  }
}

function problemsWith(input: SuspensionSettingsInput): FieldError[] {
  const errors: FieldError[] = overlongFields([
    { path: 'representationsTo', label: 'The address', value: input.representationsTo, kind: 'reason' },
    {
      path: 'governingBoardEmail',
      label: 'The email address',
      value: input.governingBoardEmail,
      kind: 'email',
    },
    {
      path: 'localAuthorityExclusionsEmail',
      label: 'The email address',
      value: input.localAuthorityExclusionsEmail,
      kind: 'email',
    },
  ])
  for (const path of ['governingBoardEmail', 'localAuthorityExclusionsEmail'] as const) {
    const value = input[path]
    if (value && !isEmail(value) && !errors.some((e) => e.path === path))
      errors.push({
        path,
        message: 'Enter an email address in the correct format, like clerk@school.example',
      })
  }
  const from = input.riskAssessmentFromSuspension
  if (!Number.isInteger(from) || from < 1 || from > MAX_RISK_ASSESSMENT_FROM)
    errors.push({
      path: 'riskAssessmentFromSuspension',
      message: `Enter a whole number from 1 to ${MAX_RISK_ASSESSMENT_FROM}, like 2 for the second suspension`,
    })
  return errors
}

/** Saves the school's suspension settings; an empty address removes it. A stale version is a conflict. */
export async function saveSuspensionSettings(
  ctx: ServiceContext,
  actor: Actor,
  urn: string,
  version: number,
  input: SuspensionSettingsInput,
) {
  authorise(actor, 'suspension:configure')
  const tidy: SuspensionSettingsInput = {
    representationsTo: input.representationsTo?.trim() || null,
    governingBoardEmail: input.governingBoardEmail?.trim() || null,
    localAuthorityExclusionsEmail: input.localAuthorityExclusionsEmail?.trim() || null,
    riskAssessmentFromSuspension: input.riskAssessmentFromSuspension,
  }
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    if (school.version !== version) throw new ConflictError()
    const errors = problemsWith(tidy)
    if (errors.length) throw new RuleBrokenError(errors, 'The settings cannot be saved')
    const before = settingsOf(school.settings)
    const saved = await mergeSchoolSettingsIfVersion(tx, school.id, version, tidy)
    if (!saved) throw new ConflictError()
    await audit(tx, actor, 'school.suspension_settings_changed', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: {
        changed: (Object.keys(tidy) as Array<keyof SuspensionSettingsInput>).filter(
          (k) => before[k] !== tidy[k],
        ),
      },
    })
    return { version: saved.version, settings: settingsOf(saved.settings) }
  })
}
