import { Transform, type Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { pupilAttendance } from '../../services/attendance.service.js'
import { checkAttendanceImportAccess, importAttendance } from '../../services/attendance-import.service.js'
import { defineRoute, type Api } from './define.js'
import { actorOf } from './auth.js'
import { idParam, isoDate, problemResponses, z } from './openapi.js'

/** DOMAIN.md PD-19: a file import may be up to 512 MB, streamed. */
export const ATTENDANCE_FILE_LIMIT_BYTES = 512 * 1024 * 1024

/** An HTTP error the API's error handler sends as it is (its status and message). */
class RequestRefused extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message)
  }
}

const tooLarge = () =>
  new RequestRefused(413, 'The file is larger than 512 MB: split it, by term for example')

const ImportResultSchema = z
  .object({
    imported: z.number().int().openapi({ description: 'Data rows accepted, repeats included', example: 2 }),
    added: z.number().int().openapi({ description: 'Sessions that had no mark before', example: 1 }),
    superseded: z.number().int().openapi({
      description: 'Sessions whose mark changed; the earlier mark is kept in history',
      example: 1,
    }),
    unchanged: z
      .number()
      .int()
      .openapi({ description: 'Sessions whose mark was already the same', example: 0 }),
    importId: z.string().openapi({ format: 'uuid' }),
  })
  .openapi('AttendanceImportResult')

export const AttendanceSummarySchema = z
  .object({
    possibleSessions: z.number().int(),
    attendedSessions: z.number().int(),
    authorisedAbsence: z.number().int(),
    unauthorisedAbsence: z.number().int(),
    notCounted: z.number().int(),
    attendancePercent: z.number().nullable().openapi({
      description: 'Rounded to one decimal place; null with no possible sessions',
      example: 94.7,
    }),
    persistentAbsence: z.boolean().openapi({ description: 'Absent for at least 10% of possible sessions' }),
    severeAbsence: z.boolean().openapi({ description: 'Absent for at least 50% of possible sessions' }),
  })
  .openapi('AttendanceSummary')

const SchoolParams = z.object({
  urn: z.string().openapi({ param: { name: 'urn', in: 'path' }, example: '100000' }),
})

export function attendanceRoutes(api: Api): void {
  api.registry.registerPath({
    method: 'post',
    path: '/schools/{urn}/attendance',
    tags: ['Attendance'],
    summary: 'Import attendance marks from a CSV file, all or nothing',
    description:
      'The body is the file itself (`Content-Type: text/csv`, up to 512 MB, streamed): a header line ' +
      '`upn,date,session,code` (in any order; common MIS column names work too), then one line a mark. `session` ' +
      'is `AM` or `PM`, `code` a national attendance code valid on the date. A later mark for the same pupil, date ' +
      'and session replaces the earlier one, which is kept in history; importing a file again changes nothing. A ' +
      'bad line is a 422 whose `detail` names the line; `errors` lists up to 100, each with its `line`.',
    request: {
      params: SchoolParams,
      body: {
        required: true,
        content: { 'text/csv': { schema: z.string().openapi({ example: 'upn,date,session,code\n' }) } },
      },
    },
    responses: {
      200: {
        description: 'Every line was imported',
        content: { 'application/json': { schema: ImportResultSchema } },
      },
      ...problemResponses([401, 403, 404, 422]),
      413: { description: 'The file is larger than 512 MB' },
      415: { description: 'The body is not `text/csv`' },
    },
  })
  void api.app.register(csvImportRoute)

  defineRoute(api, {
    method: 'get',
    path: '/pupils/{id}/attendance',
    tag: 'Attendance',
    summary: 'The pupil’s attendance figures over a period',
    description:
      'Counts the current marks from `from` to `to` (both included) by the codes’ treatment (DOMAIN.md ATT-7, ' +
      'ATT-8). Either day left out comes from the current school year.',
    params: z.object({ id: idParam('id', 'The pupil') }),
    query: z.object({
      from: isoDate()
        .optional()
        .openapi({ description: 'First day; the start of the current school year by default' }),
      to: isoDate()
        .optional()
        .openapi({ description: 'Last day; the end of the current school year by default' }),
    }),
    response: AttendanceSummarySchema,
    responseDescription: 'The figures for the period',
    problems: [403, 404],
    pupilAccess: 'attendance:read',
    handler: async ({ ctx, actor, params, query }) => pupilAttendance(ctx, actor, params.id, query),
  })
}

/**
 * The import route, in a plugin of its own so that its body parser (the raw stream, for the service to read
 * as it arrives) serves this route only: every other API route reads JSON and nothing else.
 */
async function csvImportRoute(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload))
  app.route({
    method: 'POST',
    url: '/schools/:urn/attendance',
    // Who may import, and whether the school is theirs, is settled before the file is read.
    preParsing: async (request: FastifyRequest, _reply: FastifyReply, payload: Readable) => {
      await checkAttendanceImportAccess(request.server.harbour.ctx, actorOf(request), urnOf(request))
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'text/csv')
        throw new RequestRefused(415, 'Send the file as the request body, with Content-Type: text/csv')
      if (Number(request.headers['content-length'] ?? 0) > ATTENDANCE_FILE_LIMIT_BYTES) throw tooLarge()
      return payload
    },
    handler: async (request, reply) => {
      const result = await importAttendance(request.server.harbour.ctx, actorOf(request), {
        schoolUrn: urnOf(request),
        source: 'api',
        input: upTo(ATTENDANCE_FILE_LIMIT_BYTES, request.body as Readable),
      })
      return reply.code(200).send(result)
    },
  })
}

function urnOf(request: FastifyRequest): string {
  return (request.params as { urn: string }).urn
}

/** The body, failing with a 413 once it passes `limit` bytes (a body sent without Content-Length). */
function upTo(limit: number, body: Readable): Readable {
  let seen = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      if (seen > limit) done(tooLarge())
      else done(null, chunk)
    },
  })
  body.once('error', (error) => meter.destroy(error))
  return body.pipe(meter)
}
