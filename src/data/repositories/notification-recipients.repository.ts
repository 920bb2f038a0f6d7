import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Executor } from '../db.js'
import { contacts, localAuthorities } from '../schema/index.js'

// Who is told about a child outside the school: the social worker (DOMAIN.md PD-15, POL-16) and, for a
// child looked after, the Virtual School of the LA that looks after them (POL-32, POL-33). Shared by every
// rule that notifies them (PEPs, attendance, suspensions), so they all reach the same people.

export type SocialWorkerContact = { pupilId: string; name: string; email: string }

/** The pupils' social worker contacts with an email address, not ended before `on`. */
export async function socialWorkerContactsOf(
  tx: Executor,
  pupilIds: readonly string[],
  on: string,
): Promise<SocialWorkerContact[]> {
  if (pupilIds.length === 0) return []
  const rows = await tx
    .select({ pupilId: contacts.pupilId, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(
      and(
        inArray(contacts.pupilId, [...pupilIds]),
        eq(contacts.role, 'social_worker'),
        isNotNull(contacts.email),
        sql`(${contacts.toDate} is null or ${contacts.toDate} >= ${on})`,
      ),
    )
  return rows.filter((r): r is SocialWorkerContact => !!r.email?.trim())
}

export type VirtualSchoolContact = {
  laCode: string
  laName: string
  name: string | null
  email: string | null
}

/** The Virtual School contact details of each LA (POL-32), whether or not an email address is recorded. */
export async function virtualSchoolContactsOf(
  tx: Executor,
  laCodes: readonly string[],
): Promise<VirtualSchoolContact[]> {
  if (laCodes.length === 0) return []
  const rows = await tx
    .select({
      laCode: localAuthorities.code,
      laName: localAuthorities.name,
      name: localAuthorities.virtualSchoolName,
      email: localAuthorities.virtualSchoolEmail,
    })
    .from(localAuthorities)
    .where(inArray(localAuthorities.code, [...new Set(laCodes)]))
  return rows.map((r) => ({ ...r, email: r.email?.trim() || null }))
}
