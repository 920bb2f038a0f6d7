import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { isIsoDate, type IsoDate } from '../domain/calendar/dates.js'
import { overlongFields } from '../domain/input/text-limits.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import {
  CONTACT_ROLES,
  contacts,
  pupilStaff,
  STAFF_ROLES,
  users,
  type ContactRole,
  type StaffRole,
} from '../data/schema/index.js'
import { audit } from './audit.service.js'
import { authorise, today, type ServiceContext } from './context.js'
import { isUuid } from './ids.js'
import { ConflictError, NotFoundError, RuleBrokenError, type FieldError } from './errors.js'
import { requirePupil, toPupilView } from './pupils.service.js'

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  social_worker: 'Social worker',
  team_manager: 'Social work team manager',
  iro: 'Independent reviewing officer (IRO)',
  vs_adviser: 'Virtual School education adviser',
  carer: 'Carer',
  parent_guardian: 'Parent or guardian',
}

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  key_adult: 'Key adult',
  mentor: 'Mentor',
  teacher: 'Teacher',
}

export type ContactInput = {
  role: ContactRole
  name: string
  organisation?: string | null | undefined
  email?: string | null | undefined
  phone?: string | null | undefined
  fromDate?: IsoDate | null | undefined
  toDate?: IsoDate | null | undefined
}

function checkContact(input: ContactInput): FieldError[] {
  const errors: FieldError[] = []
  if (!(CONTACT_ROLES as readonly string[]).includes(input.role))
    errors.push({ path: 'role', message: 'Choose who this person is to the pupil' })
  if (!input.name?.trim()) errors.push({ path: 'name', message: 'Enter the contact’s name' })
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim()))
    errors.push({
      path: 'email',
      message: 'Enter an email address in the correct format, like name@example.org',
    })
  if (input.phone && !/^[0-9 +()-]{6,20}$/.test(input.phone.trim()))
    errors.push({ path: 'phone', message: 'Enter a telephone number, like 01632 960 001' })
  const tooLong = overlongFields([
    { path: 'name', label: 'Name', value: input.name?.trim(), kind: 'name' },
    { path: 'organisation', label: 'Organisation', value: input.organisation?.trim(), kind: 'organisation' },
    { path: 'email', label: 'Email address', value: input.email?.trim(), kind: 'email' },
  ])
  // One message a field: a wrong format says more than the length.
  errors.push(...tooLong.filter((p) => !errors.some((e) => e.path === p.path)))
  if (input.fromDate && !isIsoDate(input.fromDate))
    errors.push({ path: 'fromDate', message: 'Enter a real date' })
  if (input.toDate && !isIsoDate(input.toDate)) errors.push({ path: 'toDate', message: 'Enter a real date' })
  if (input.fromDate && input.toDate && input.toDate < input.fromDate)
    errors.push({ path: 'toDate', message: 'The end date must be the same as or after the start date' })
  return errors
}

const clean = (input: ContactInput) => ({
  role: input.role,
  name: input.name.trim(),
  organisation: input.organisation?.trim() || null,
  email: input.email?.trim() || null,
  phone: input.phone?.trim() || null,
  fromDate: input.fromDate || null,
  toDate: input.toDate || null,
})

export async function addContact(ctx: ServiceContext, actor: Actor, pupilId: string, input: ContactInput) {
  authorise(actor, 'contact:manage')
  const errors = checkContact(input)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'contact:manage')
    if (errors.length) throw new RuleBrokenError(errors)
    const [row] = await tx
      .insert(contacts)
      .values({ ...clean(input), pupilId, schoolId: pupil.schoolId })
      .returning()
    await audit(tx, actor, 'contact.created', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'contact',
      entityId: row!.id,
    })
    return row!
  })
}

export async function updateContact(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  contactId: string,
  version: number,
  input: ContactInput,
) {
  authorise(actor, 'contact:manage')
  const errors = checkContact(input)
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'contact:manage')
    const existing = await findContact(tx, pupilId, contactId)
    if (!existing) throw new NotFoundError('contact')
    if (errors.length) throw new RuleBrokenError(errors)
    const [row] = await tx
      .update(contacts)
      .set({ ...clean(input), version: sql`${contacts.version} + 1`, updatedAt: new Date() })
      .where(and(eq(contacts.id, contactId), eq(contacts.version, version)))
      .returning()
    if (!row) throw new ConflictError()
    await audit(tx, actor, 'contact.updated', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'contact',
      entityId: contactId,
    })
    return row
  })
}

async function findContact(tx: Executor, pupilId: string, contactId: string) {
  if (!isUuid(contactId)) return undefined
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.pupilId, pupilId)))
  return row
}

/** The pupil and one of their contacts, for the change form: one audited read. */
export async function getContact(ctx: ServiceContext, actor: Actor, pupilId: string, contactId: string) {
  authorise(actor, 'contact:manage')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'contact:manage')
    const contact = await findContact(tx, pupilId, contactId)
    if (!contact) throw new NotFoundError('contact')
    await audit(tx, actor, 'contact.viewed', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'contact',
      entityId: contactId,
    })
    return { pupil: toPupilView(pupil), contact }
  })
}

export async function contactsOf(tx: Executor, pupilId: string) {
  return tx
    .select()
    .from(contacts)
    .where(eq(contacts.pupilId, pupilId))
    .orderBy(asc(contacts.role), asc(contacts.name))
}

export async function staffOf(tx: Executor, pupilId: string) {
  return tx
    .select({
      id: pupilStaff.id,
      role: pupilStaff.role,
      userId: users.id,
      name: users.name,
      email: users.email,
      fromDate: pupilStaff.fromDate,
    })
    .from(pupilStaff)
    .innerJoin(users, eq(users.id, pupilStaff.userId))
    .where(and(eq(pupilStaff.pupilId, pupilId), isNull(pupilStaff.endedAt)))
    .orderBy(asc(pupilStaff.role), asc(users.name))
}

/** Staff of the pupil's school who can be assigned as key adult, mentor or teacher. */
export async function assignableStaff(ctx: ServiceContext, actor: Actor, pupilId: string) {
  authorise(actor, 'staff_assignment:manage')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'staff_assignment:manage')
    return tx
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(
        and(eq(users.schoolId, pupil.schoolId), eq(users.active, true), sql`${users.role} <> 'governor'`),
      )
      .orderBy(asc(users.name))
  })
}

export async function assignStaff(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  input: { userId: string; role: StaffRole },
) {
  authorise(actor, 'staff_assignment:manage')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'staff_assignment:manage')
    const errors: FieldError[] = []
    if (!(STAFF_ROLES as readonly string[]).includes(input.role))
      errors.push({ path: 'role', message: 'Choose key adult, mentor or teacher' })
    const [user] = isUuid(input.userId ?? '')
      ? await tx
          .select()
          .from(users)
          .where(and(eq(users.id, input.userId), eq(users.schoolId, pupil.schoolId)))
      : []
    if (!user || user.role === 'governor')
      errors.push({ path: 'userId', message: 'Choose a member of staff at this school' })
    else {
      const [already] = await tx
        .select({ id: pupilStaff.id })
        .from(pupilStaff)
        .where(
          and(
            eq(pupilStaff.pupilId, pupilId),
            eq(pupilStaff.userId, input.userId),
            eq(pupilStaff.role, input.role),
            isNull(pupilStaff.endedAt),
          ),
        )
      if (already)
        errors.push({
          path: 'userId',
          message: `${user.name} is already assigned to this pupil in that role`,
        })
    }
    if (errors.length) throw new RuleBrokenError(errors)
    const [row] = await tx
      .insert(pupilStaff)
      .values({
        pupilId,
        schoolId: pupil.schoolId,
        userId: input.userId,
        role: input.role,
        fromDate: today(ctx),
      })
      .returning()
    await audit(tx, actor, 'staff_assignment.created', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil_staff',
      entityId: row!.id,
      details: { role: input.role, userId: input.userId },
    })
    return row!
  })
}

export async function endStaffAssignment(
  ctx: ServiceContext,
  actor: Actor,
  pupilId: string,
  assignmentId: string,
) {
  authorise(actor, 'staff_assignment:manage')
  return ctx.db.transaction(async (tx) => {
    const pupil = await requirePupil(tx, actor, pupilId, today(ctx), 'staff_assignment:manage')
    if (!isUuid(assignmentId)) throw new NotFoundError('assignment')
    const rows = await tx
      .update(pupilStaff)
      .set({ endedAt: new Date(), toDate: today(ctx) })
      .where(
        and(eq(pupilStaff.id, assignmentId), eq(pupilStaff.pupilId, pupilId), isNull(pupilStaff.endedAt)),
      )
      .returning()
    if (!rows.length) throw new NotFoundError('assignment')
    await audit(tx, actor, 'staff_assignment.ended', {
      schoolId: pupil.schoolId,
      pupilId,
      entity: 'pupil_staff',
      entityId: assignmentId,
    })
  })
}
