/** What the report's pages share: reading the school year and school asked for, and showing the report. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { schoolYearOf, todayInLondon } from '../../../domain/calendar/dates.js'
import { FIRST_REPORT_YEAR, governorsReport } from '../../../services/reports.service.js'
import type { ErrorList, FormBody } from '../../forms.js'
import { text } from '../../forms.js'
import { pdfAvailable } from '../../pdf.js'
import { renderPage } from '../../render.js'
import { schoolYearLabel } from './measures.js'
import { presentReport } from './present.js'

/** How many school years, the current one first, the page offers. */
const YEARS_OFFERED = 6

const yearPattern = /^\d{4}$/

/** The school year asked for, when it is one the report can be about; else the current one (PD-19). */
export function yearAsked(request: FastifyRequest, raw: unknown): number {
  const currentYear = schoolYearOf(todayInLondon(request.server.harbour.ctx.now()))
  const asked = typeof raw === 'string' && yearPattern.test(raw) ? Number(raw) : undefined
  return asked !== undefined && asked >= FIRST_REPORT_YEAR && asked <= currentYear ? asked : currentYear
}

export const yearQuery = z.object({ schoolYear: z.string().optional().catch(undefined) })

/** The school year a form sent (a hidden field). */
export const yearSent = (request: FastifyRequest, body: FormBody) =>
  yearAsked(request, text(body, 'schoolYear'))

/** The report's page for a school and year: always with the school named, so any role lands on the same. */
export const reportUrl = (urn: string, schoolYear: number) =>
  `/governors?school=${urn}&schoolYear=${schoolYear}`

export async function showReport(
  request: FastifyRequest,
  reply: FastifyReply,
  urn: string,
  schoolYear: number,
  options: { chooseSchool: boolean; errors?: ErrorList; pdfFailed?: boolean; status?: number },
) {
  const ctx = request.server.harbour.ctx
  const result = await governorsReport(ctx, request.actor!, urn, schoolYear)
  const offered = Array.from({ length: YEARS_OFFERED }, (_, i) => result.currentSchoolYear - i)
  // An earlier year asked for in the address is offered too, so that the list shows what is shown.
  const years = [...new Set([...offered, schoolYear])].filter((y) => y >= FIRST_REPORT_YEAR)
  return renderPage(
    request,
    reply,
    'governors/view.njk',
    {
      title: 'Governors’ report',
      ...presentReport(result),
      chooseSchool: options.chooseSchool,
      years: years.map((y) => ({ value: y, text: schoolYearLabel(y), selected: y === schoolYear })),
      pdf: { available: pdfAvailable(), failed: options.pdfFailed ?? false },
      errors: options.errors,
    },
    options.status ?? (options.errors ? 422 : 200),
  )
}
