import type { Multipart, MultipartFile } from '@fastify/multipart'
import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  checkAttendanceImportAccess,
  importAttendance,
  ImportRejectedError,
  MAX_IMPORT_PROBLEMS,
  type ImportAttendanceResult,
} from '../../../../services/attendance-import.service.js'
import { getSchool } from '../../../../services/schools.service.js'
import { requireSignIn } from '../../../middleware/authenticate.js'
import { requirePermission } from '../../../middleware/require-permission.js'
import { renderPage, setFlash } from '../../../render.js'
import { schoolOfRequest } from '../routes.js'
import {
  discardUpload,
  keepUpload,
  openUpload,
  sweepUploads,
  UPLOAD_TTL_MS,
  type KeptUpload,
} from './upload-store.js'

declare module 'fastify' {
  interface Session {
    attendanceUpload?: KeptUpload
  }
  interface FastifyRequest {
    attendanceFile?: MultipartFile | null
  }
}

/** DOMAIN.md PD-19: a file import may be up to 512 MB, streamed. */
const FILE_LIMIT_BYTES = 512 * 1024 * 1024

const urnOf = z
  .string()
  .regex(/^\d{6}$/)
  .optional()
  .catch(undefined)

type Report = { problems: Array<{ line: number; message: string }>; more: boolean }

/** "Line 7: unknown attendance code" → { line: 7, message: "Unknown attendance code" }. */
function reportOf(error: ImportRejectedError): Report {
  return {
    problems: error.problems.map((p) => {
      const message = p.message.replace(/^Line \d+: /, '')
      return { line: p.line, message: message.charAt(0).toUpperCase() + message.slice(1) }
    }),
    more: error.problems.length >= MAX_IMPORT_PROBLEMS,
  }
}

async function showUploadForm(
  request: FastifyRequest,
  reply: FastifyReply,
  urn: string,
  problem?: { fileError?: string; report?: Report; fileName?: string },
) {
  const school = await getSchool(request.server.harbour.ctx, request.actor!, urn)
  const errors = problem?.fileError
    ? {
        summary: [{ text: problem.fileError, href: '#file' }],
        byField: { file: { text: problem.fileError } },
      }
    : problem?.report
      ? {
          summary: [
            { text: 'The file has problems, so nothing was imported: see the list below', href: '#problems' },
          ],
          byField: {},
        }
      : undefined
  return renderPage(
    request,
    reply,
    'attendance/import/view.njk',
    {
      title: 'Import attendance marks',
      school: { urn: school.urn, name: school.name },
      limitMb: FILE_LIMIT_BYTES / 1024 / 1024,
      maxProblems: MAX_IMPORT_PROBLEMS,
      report: problem?.report,
      fileName: problem?.fileName,
      errors,
    },
    problem ? 422 : 200,
  )
}

/**
 * For a multipart form, reads the fields before the file (the CSRF token, the school) into `request.body`, so
 * the CSRF check that follows works as on any form, and keeps the file's stream unread for the handler.
 */
async function readFieldsBeforeFile(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) return
  const parts = request.parts({ limits: { fileSize: FILE_LIMIT_BYTES, files: 1, fields: 10 } })
  const iterator = parts[Symbol.asyncIterator]()
  const fields: Record<string, string> = {}
  request.attendanceFile = null
  for (;;) {
    // Not for await: leaving that loop early would end the parts, the file with them.
    const next: IteratorResult<Multipart> = await iterator.next().catch((error: unknown) => {
      // A body that is not a form (cut off, or made up): the sender's problem, not a failure of the service.
      if (error instanceof Error && 'statusCode' in error) throw error
      throw Object.assign(new Error('The form could not be read: send it again'), { statusCode: 400 })
    })
    if (next.done) break
    const part = next.value
    if (part.type === 'file') {
      request.attendanceFile = part
      break
    }
    fields[part.fieldname] = String(part.value)
  }
  request.body = fields
}

/**
 * `/attendance/import` (issue 5 item 2, the web upload): upload a CSV, see what it would change (a dry run that
 * keeps nothing) or the line-numbered problems, then confirm. The file waits in upload-store.ts in between.
 */
export async function attendanceImportRoutes(app: FastifyInstance): Promise<void> {
  // Here only: every other form is URL-encoded.
  await app.register(fastifyMultipart, { limits: { fileSize: FILE_LIMIT_BYTES, files: 1 } })
  const mayImport = requirePermission('attendance:import')

  app.get('/attendance/import', { preHandler: [requireSignIn, mayImport] }, async (request, reply) => {
    const actor = request.actor!
    const school = await schoolOfRequest(
      request.server.harbour.ctx,
      actor,
      urnOf.parse((request.query as { school?: string } | undefined)?.school),
    )
    if ('choose' in school)
      return renderPage(request, reply, 'attendance/choose-school.njk', {
        title: 'Import attendance marks: choose a school',
        schools: school.choose,
        next: '/attendance/import',
      })
    return showUploadForm(request, reply, school.urn)
  })

  app.post(
    '/attendance/import',
    { preHandler: [requireSignIn, mayImport, readFieldsBeforeFile, app.csrfProtection] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      const body = (request.body ?? {}) as Record<string, string>
      const school = await schoolOfRequest(ctx, actor, urnOf.parse(body.school))
      if ('choose' in school) return reply.redirect('/attendance/import')
      const urn = school.urn
      // 404 for another school, before a byte of the file is kept.
      await checkAttendanceImportAccess(ctx, actor, urn)
      const part = request.attendanceFile
      if (!part || !part.filename) {
        part?.file.resume()
        return showUploadForm(request, reply, urn, { fileError: 'Select a CSV file of attendance marks' })
      }
      await sweepUploads()
      const kept = await keepUpload(part.file)
      if (part.file.truncated) {
        await discardUpload(kept.token)
        throw Object.assign(new Error('The file is larger than 512 MB'), { statusCode: 413 })
      }
      if (kept.bytes === 0) {
        await discardUpload(kept.token)
        return showUploadForm(request, reply, urn, { fileError: 'The selected file is empty' })
      }
      const upload: KeptUpload = {
        token: kept.token,
        schoolUrn: urn,
        fileName: part.filename,
        keptAt: Date.now(),
      }
      try {
        const result = await importAttendance(ctx, actor, {
          schoolUrn: urn,
          source: 'web',
          fileName: upload.fileName,
          input: (await openUpload(upload))!,
          dryRun: true,
        })
        const previous = request.session.get('attendanceUpload')
        if (previous) await discardUpload(previous.token)
        request.session.set('attendanceUpload', upload)
        const schoolRow = await getSchool(ctx, actor, urn)
        return renderPage(request, reply, 'attendance/import/preview.njk', {
          title: 'Check the import',
          school: { urn, name: schoolRow.name },
          fileName: upload.fileName,
          result,
          keptMinutes: UPLOAD_TTL_MS / 60_000,
        })
      } catch (error) {
        await discardUpload(upload.token)
        if (!(error instanceof ImportRejectedError)) throw error
        return showUploadForm(request, reply, urn, { report: reportOf(error), fileName: upload.fileName })
      }
    },
  )

  app.post(
    '/attendance/import/confirm',
    { preHandler: [requireSignIn, app.csrfProtection, mayImport] },
    async (request, reply) => {
      const actor = request.actor!
      const { ctx } = request.server.harbour
      await sweepUploads()
      const upload = request.session.get('attendanceUpload')
      const input = upload ? await openUpload(upload) : null
      if (!upload || !input) {
        if (upload) request.session.set('attendanceUpload', undefined)
        const school = await schoolOfRequest(ctx, actor, undefined)
        const urn = upload?.schoolUrn ?? ('urn' in school ? school.urn : null)
        if (!urn) return reply.redirect('/attendance/import')
        return showUploadForm(request, reply, urn, {
          fileError: 'The file you checked is no longer kept (files wait an hour): select it again',
        })
      }
      request.session.set('attendanceUpload', undefined)
      // The file goes before the answer does: once imported or refused, it is never kept.
      let outcome: ImportAttendanceResult | ImportRejectedError
      try {
        outcome = await importAttendance(ctx, actor, {
          schoolUrn: upload.schoolUrn,
          source: 'web',
          fileName: upload.fileName,
          input,
        })
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error
        outcome = error
      } finally {
        input.destroy()
        await discardUpload(upload.token)
      }
      if (outcome instanceof ImportRejectedError)
        return showUploadForm(request, reply, upload.schoolUrn, {
          report: reportOf(outcome),
          fileName: upload.fileName,
        })
      setFlash(
        request,
        `Imported ${outcome.imported} ${outcome.imported === 1 ? 'mark' : 'marks'} from ${upload.fileName}: ` +
          `${outcome.added} new, ${outcome.superseded} changed, ${outcome.unchanged} unchanged`,
      )
      return reply.redirect(`/attendance?school=${upload.schoolUrn}`)
    },
  )
}
