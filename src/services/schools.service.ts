import { and, eq } from 'drizzle-orm'
import { isIsoDate, schoolYearBounds, schoolYearOf, type IsoDate } from '../domain/calendar/dates.js'
import {
  validateTerms,
  type SchoolCalendar,
  type Term,
  type TermName,
} from '../domain/calendar/school-calendar.js'
import { bankHolidaysFrom } from '../domain/calendar/working-days.js'
import { laCodeFromLaestab, validateLaestab, validateUrn } from '../domain/identifiers/school-ids.js'
import { overlongFields } from '../domain/input/text-limits.js'
import { schoolScopeOf, type Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import { localAuthorities, schools } from '../data/schema/index.js'
import * as repo from '../data/repositories/schools.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'

export type NewSchool = { urn: string; laestab: string; name: string; phase?: string | undefined }

export async function createSchool(ctx: ServiceContext, actor: Actor, input: NewSchool) {
  authorise(actor, 'school:create')
  const urn = input.urn.trim()
  const laestab = input.laestab.trim()
  const name = input.name.trim()
  const errors: FieldError[] = []
  const urnError = validateUrn(urn)
  if (urnError) errors.push({ path: 'urn', message: urnError })
  const laestabError = validateLaestab(laestab)
  if (laestabError) errors.push({ path: 'laestab', message: laestabError })
  if (!name) errors.push({ path: 'name', message: 'Enter the school’s name' })
  errors.push(
    ...overlongFields([
      { path: 'name', label: 'The school’s name', value: name, kind: 'organisation' },
      { path: 'phase', label: 'Phase', value: input.phase, kind: 'shortText' },
    ]),
  )
  return ctx.db.transaction(async (tx) => {
    if (!urnError && (await repo.findSchoolByUrn(tx, urn)))
      errors.push({ path: 'urn', message: `A school with URN ${urn} already exists` })
    if (!laestabError) {
      const [clash] = await tx.select({ id: schools.id }).from(schools).where(eq(schools.laestab, laestab))
      if (clash) errors.push({ path: 'laestab', message: `A school with LAESTAB ${laestab} already exists` })
    }
    if (errors.length) throw new RuleBrokenError(errors)
    const [row] = await tx
      .insert(schools)
      .values({ urn, laestab, name, laCode: laCodeFromLaestab(laestab), phase: input.phase ?? null })
      .returning()
    await audit(tx, actor, 'school.created', { schoolId: row!.id, entity: 'school', entityId: row!.id })
    return row!
  })
}

/** A school the actor may see, by URN; 404 otherwise. */
export async function requireSchool(tx: Executor, actor: Actor, urn: string): Promise<repo.SchoolRow> {
  const school = await repo.findSchoolByUrn(tx, urn)
  const allowed = schoolScopeOf(actor)
  if (!school || (allowed !== null && !allowed.includes(school.id))) throw new NotFoundError('school')
  return school
}

export async function listSchools(ctx: ServiceContext, actor: Actor) {
  return repo.listSchools(ctx.db, schoolScopeOf(actor))
}

export async function getSchool(ctx: ServiceContext, actor: Actor, urn: string) {
  authorise(actor, 'school:read')
  return requireSchool(ctx.db, actor, urn)
}

export type CalendarInput = {
  terms: Array<{ name: TermName; start: IsoDate; end: IsoDate }>
  closures: Array<IsoDate | { date: IsoDate; reason?: string | null }>
}

/** Replaces the terms of the school years the input covers, and the closures inside them (CAL-2). */
export async function setCalendar(ctx: ServiceContext, actor: Actor, urn: string, input: CalendarInput) {
  authorise(actor, 'calendar:update')
  const terms: Term[] = input.terms.map((t) => ({ name: t.name, start: t.start, end: t.end }))
  const errors: FieldError[] = [...validateTerms(terms)]
  const closures = input.closures.map((c) =>
    typeof c === 'string' ? { date: c, reason: null } : { reason: null, ...c },
  )
  const seen = new Set<string>()
  const closureDates = new Set<string>()
  terms.forEach((t, i) => {
    if (!isIsoDate(t.start)) return
    const key = `${schoolYearOf(t.start)}-${t.name}`
    if (seen.has(key))
      errors.push({
        path: `terms.${i}.name`,
        message: `There is already a ${t.name} term in that school year`,
      })
    seen.add(key)
  })
  closures.forEach((c, i) => {
    if (!isIsoDate(c.date))
      errors.push({ path: `closures.${i}`, message: 'Enter a real date, like 2026-10-23' })
    else if (closureDates.has(c.date))
      errors.push({ path: `closures.${i}`, message: `The closure on ${c.date} is given twice` })
    else if (!terms.some((t) => t.start <= c.date && c.date <= t.end))
      errors.push({
        path: `closures.${i}`,
        message: `The closure on ${c.date} is not inside any of the terms given`,
      })
    closureDates.add(c.date)
  })
  errors.push(
    ...overlongFields(
      closures.map((c, i) => ({
        path: `closures.${i}.reason`,
        label: 'The reason',
        value: c.reason,
        kind: 'reason',
      })),
    ),
  )
  if (errors.length) throw new RuleBrokenError(errors)
  return ctx.db.transaction(async (tx) => {
    const school = await requireSchool(tx, actor, urn)
    const years = [...new Set(terms.map((t) => schoolYearOf(t.start)))]
    await repo.replaceSchoolYearCalendar(
      tx,
      school.id,
      years,
      terms.map((t) => ({
        schoolYear: schoolYearOf(t.start),
        name: t.name,
        startDate: t.start,
        endDate: t.end,
      })),
      closures,
      years.map((y) => {
        const { start, end } = schoolYearBounds(y)
        return { from: start, to: end }
      }),
    )
    await audit(tx, actor, 'calendar.updated', {
      schoolId: school.id,
      entity: 'school',
      entityId: school.id,
      details: { schoolYears: years, terms: terms.length, closures: closures.length },
    })
    return loadCalendar(tx, school.id)
  })
}

export async function loadCalendar(tx: Executor, schoolId: string) {
  const terms = await repo.termsOf(tx, schoolId)
  const closures = await repo.closuresOf(tx, schoolId)
  const holidays = await repo.allBankHolidays(tx)
  const calendar: SchoolCalendar = {
    terms: terms.map((t) => ({ name: t.name, start: t.startDate, end: t.endDate })),
    closures: new Set(closures.map((c) => c.date)),
    bankHolidays: bankHolidaysFrom(holidays),
  }
  return { calendar, terms, closures }
}

/** `loadCalendar` for many schools at once, in three queries whatever their number (the PEP dashboards). */
export async function loadCalendars(tx: Executor, schoolIds: string[]): Promise<Map<string, SchoolCalendar>> {
  const terms = await repo.termsOfSchools(tx, schoolIds)
  const closures = await repo.closuresOfSchools(tx, schoolIds)
  const holidays = await repo.allBankHolidays(tx)
  const bankHolidays = bankHolidaysFrom(holidays)
  return new Map(
    schoolIds.map((id) => [
      id,
      {
        terms: terms
          .filter((t) => t.schoolId === id)
          .map((t) => ({ name: t.name, start: t.startDate, end: t.endDate })),
        closures: new Set(closures.filter((c) => c.schoolId === id).map((c) => c.date)),
        bankHolidays,
      },
    ]),
  )
}

export async function getCalendar(ctx: ServiceContext, actor: Actor, urn: string) {
  authorise(actor, 'school:read')
  const school = await requireSchool(ctx.db, actor, urn)
  return { school, ...(await loadCalendar(ctx.db, school.id)) }
}

export async function listLocalAuthorities(ctx: ServiceContext) {
  return repo.listLocalAuthorities(ctx.db)
}

export type LocalAuthorityInput = {
  code: string
  name: string
  virtualSchoolName?: string | null
  virtualSchoolEmail?: string | null
  virtualSchoolPhone?: string | null
  virtualSchoolWebsite?: string | null
}

function checkLocalAuthority(input: LocalAuthorityInput): FieldError[] {
  const errors: FieldError[] = []
  if (!/^\d{3}$/.test(input.code ?? ''))
    errors.push({ path: 'code', message: 'Enter the LA’s 3-digit code, like 919' })
  if (!input.name?.trim()) errors.push({ path: 'name', message: 'Enter the local authority’s name' })
  const tooLong = overlongFields([
    { path: 'name', label: 'Name', value: input.name?.trim(), kind: 'organisation' },
    {
      path: 'virtualSchoolName',
      label: 'The Virtual School’s name',
      value: input.virtualSchoolName?.trim(),
      kind: 'organisation',
    },
    {
      path: 'virtualSchoolEmail',
      label: 'Email address',
      value: input.virtualSchoolEmail?.trim(),
      kind: 'email',
    },
    {
      path: 'virtualSchoolWebsite',
      label: 'Website',
      value: input.virtualSchoolWebsite?.trim(),
      kind: 'website',
    },
  ])
  const email = input.virtualSchoolEmail?.trim()
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.push({
      path: 'virtualSchoolEmail',
      message: 'Enter an email address in the correct format, like virtualschool@council.gov.uk',
    })
  const phone = input.virtualSchoolPhone?.trim()
  if (phone && !/^[0-9 +()-]{6,20}$/.test(phone))
    errors.push({ path: 'virtualSchoolPhone', message: 'Enter a telephone number, like 01632 960 001' })
  const website = input.virtualSchoolWebsite?.trim()
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(website))
    errors.push({
      path: 'virtualSchoolWebsite',
      message: 'Enter a web address starting with https://, like https://www.council.gov.uk/virtualschool',
    })
  // One message a field: a wrong format says more than the length.
  errors.push(...tooLong.filter((p) => !errors.some((e) => e.path === p.path)))
  return errors
}

const laValues = (input: LocalAuthorityInput) => ({
  name: input.name.trim(),
  virtualSchoolName: input.virtualSchoolName?.trim() || null,
  virtualSchoolEmail: input.virtualSchoolEmail?.trim() || null,
  virtualSchoolPhone: input.virtualSchoolPhone?.trim() || null,
  virtualSchoolWebsite: input.virtualSchoolWebsite?.trim() || null,
})

/** One local authority and its Virtual School contact details, for the administrator's change form. */
export async function getLocalAuthority(ctx: ServiceContext, actor: Actor, code: string) {
  authorise(actor, 'local_authority:update')
  const la = /^\d{3}$/.test(code) ? await repo.findLocalAuthority(ctx.db, code) : undefined
  if (!la) throw new NotFoundError('local authority')
  return la
}

/** Adds a local authority that is not in the table yet (DOMAIN.md POL-32); an existing code is refused. */
export async function createLocalAuthority(ctx: ServiceContext, actor: Actor, input: LocalAuthorityInput) {
  authorise(actor, 'local_authority:update')
  const errors = checkLocalAuthority(input)
  return ctx.db.transaction(async (tx) => {
    if (!errors.some((e) => e.path === 'code') && (await repo.findLocalAuthority(tx, input.code)))
      errors.push({ path: 'code', message: `There is already a local authority with code ${input.code}` })
    if (errors.length) throw new RuleBrokenError(errors)
    await tx.insert(localAuthorities).values({ code: input.code, ...laValues(input) })
    await audit(tx, actor, 'local_authority.created', { entity: 'local_authority', entityId: input.code })
    return (await repo.findLocalAuthority(tx, input.code))!
  })
}

/** Creates or updates an LA's Virtual School contact details (DOMAIN.md POL-32). */
export async function saveLocalAuthority(
  ctx: ServiceContext,
  actor: Actor,
  input: LocalAuthorityInput,
  expectedVersion?: number,
) {
  authorise(actor, 'local_authority:update')
  const errors = checkLocalAuthority(input)
  if (errors.length) throw new RuleBrokenError(errors)
  return ctx.db.transaction(async (tx) => {
    const existing = await repo.findLocalAuthority(tx, input.code)
    const values = laValues(input)
    if (existing) {
      if (expectedVersion !== undefined && existing.version !== expectedVersion) throw new ConflictError()
      // The version in the WHERE clause too, so two saves racing cannot both win.
      const updated = await tx
        .update(localAuthorities)
        .set({ ...values, version: existing.version + 1, updatedAt: new Date() })
        .where(and(eq(localAuthorities.code, input.code), eq(localAuthorities.version, existing.version)))
        .returning({ code: localAuthorities.code })
      if (!updated.length) throw new ConflictError()
    } else {
      await tx.insert(localAuthorities).values({ code: input.code, ...values })
    }
    await audit(tx, actor, existing ? 'local_authority.updated' : 'local_authority.created', {
      entity: 'local_authority',
      entityId: input.code,
    })
    return (await repo.findLocalAuthority(tx, input.code))!
  })
}
