import type { Actor } from '../domain/access/scope.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { requirePupil, toPupilView } from './pupils.service.js'
import { maySeeSection } from './sections.service.js'
import {
  SUBJECT_ACCESS_SECTIONS,
  type SectionContent,
  type SubjectAccessSection,
} from './subject-access/sections.js'

/** How the export is handed over: recorded in the audit event. */
export type ExportFormat = 'html' | 'pdf' | 'json'

export type ExportedSection = Pick<SubjectAccessSection, 'key' | 'title' | 'description'> & SectionContent

/**
 * Issue 3 item 7: a subject-access export of everything Harbour holds about one pupil, for the people
 * who answer a subject access request (`pupil:subject_access`), about a pupil in their scope (404
 * otherwise). Read in one transaction, which also writes the one `pupil.exported` event.
 */
export async function exportSubjectAccess(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  format: ExportFormat,
) {
  authorise(actor, 'pupil:subject_access')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'pupil:subject_access')
    const reader = { childProtection: await maySeeSection(tx, actor, 'child_protection') }
    const sections: ExportedSection[] = []
    for (const section of SUBJECT_ACCESS_SECTIONS)
      sections.push({
        key: section.key,
        title: section.title,
        description: section.description,
        ...(await section.load(tx, pupilId, reader)),
      })
    await audit(tx, actor, 'pupil.exported', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil',
      entityId: pupilId,
      details: { format, childProtection: reader.childProtection },
    })
    return {
      pupil: toPupilView(pupil),
      generatedAt: ctx.now().toISOString(),
      generatedBy: actor.name,
      sections,
    }
  })
}

export type SubjectAccessExport = Awaited<ReturnType<typeof exportSubjectAccess>>
