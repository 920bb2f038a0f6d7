import { exportSubjectAccess } from '../../services/subject-access.service.js'
import { defineRoute, type Api } from './define.js'
import { idParam, z } from './openapi.js'

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

const ExportSectionSchema = z
  .object({
    key: z.string().openapi({ example: 'status_episodes' }),
    title: z.string().openapi({ example: 'Status history' }),
    description: z.string(),
    records: z.array(z.record(z.string(), FieldValue)).openapi({
      description:
        'One object per record. Dates are `YYYY-MM-DD`; instants are ISO 8601 in UTC; codes are as the rest of ' +
        'the API gives them.',
    }),
    withheld: z
      .string()
      .nullable()
      .openapi({
        description:
          'Why part of the section is left out for the caller (child protection details need the DSL, the ' +
          'headteacher or an explicit grant), or null',
      }),
  })
  .openapi('SubjectAccessSection')

const SubjectAccessExportSchema = z
  .object({
    pupilId: z.string().openapi({ format: 'uuid' }),
    generatedAt: z.string().openapi({ format: 'date-time' }),
    generatedBy: z.string().openapi({ description: 'The name of the user whose token made the export' }),
    sections: z.array(ExportSectionSchema),
  })
  .openapi('SubjectAccessExport')

/** Issue 3 item 7: the subject-access export as data. */
export function subjectAccessRoutes(api: Api): void {
  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/subject-access-export',
    tag: 'Pupils',
    summary: 'Everything held about a pupil (subject access)',
    description:
      'Every record Harbour holds about the pupil, section by section: details, every status entry (corrected ' +
      'and withdrawn ones with their reasons), placement changes, contacts, staff assignments, tasks, emails, ' +
      'child protection details and the access log. For administrators, headteachers and DSLs; each call is ' +
      'audited as `pupil.exported`.',
    params: z.object({ id: idParam('id', 'The pupil’s id') }),
    response: SubjectAccessExportSchema,
    responseDescription: 'The export',
    problems: [403, 404],
    handler: async ({ ctx, actor, params, reply }) => {
      const data = await exportSubjectAccess(ctx, actor, params.id, 'json')
      reply.header('cache-control', 'no-store')
      return {
        pupilId: data.pupil.id,
        generatedAt: data.generatedAt,
        generatedBy: data.generatedBy,
        sections: data.sections,
      }
    },
  })
}
