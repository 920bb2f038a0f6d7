import { can, type Action } from '../domain/access/permissions.js'
import type { Actor } from '../domain/access/scope.js'
import type { Executor } from '../data/db.js'
import * as grantsRepo from '../data/repositories/section-grants.repository.js'
import { audit } from './audit.service.js'
import { authorise, type ServiceContext } from './context.js'
import { NotFoundError, RuleBrokenError } from './errors.js'
import { findUserByEmail } from './users.service.js'

// DESIGN.md "Access control", layer 3: parts of a record that need their own read permission.
export const SECTIONS = ['child_protection'] as const
export type Section = (typeof SECTIONS)[number]

export const SECTION_LABELS: Record<Section, string> = {
  child_protection: 'Child protection details',
}

const READ_ACTION: Record<Section, Action> = {
  child_protection: 'section:child_protection:read',
}

export function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value)
}

/** Whether the actor may read the section: by role, or by a grant that has not been revoked. */
export async function maySeeSection(tx: Executor, actor: Actor, section: Section): Promise<boolean> {
  if (can(actor.role, READ_ACTION[section])) return true
  return (await grantsRepo.liveGrant(tx, actor.userId, section)) !== undefined
}

async function grantee(ctx: ServiceContext, actor: Actor, email: string, section: string) {
  authorise(actor, 'section:grant')
  if (!isSection(section))
    throw new RuleBrokenError([{ path: 'section', message: `Choose one of: ${SECTIONS.join(', ')}` }])
  const user = await findUserByEmail(ctx, email)
  // Someone outside the granter's school is as unknown as an email that is nobody's.
  if (!user || (actor.schoolId !== null && user.schoolId !== actor.schoolId)) throw new NotFoundError('user')
  return { user, section }
}

/** Gives a user an explicit grant to read a section their role does not (idempotent). */
export async function grantSection(ctx: ServiceContext, actor: Actor, email: string, sectionName: string) {
  const { user, section } = await grantee(ctx, actor, email, sectionName)
  if (user.id === actor.userId)
    throw new RuleBrokenError([{ path: 'email', message: 'Someone else must give you a grant' }])
  return ctx.db.transaction(async (tx) => {
    const existing = await grantsRepo.liveGrant(tx, user.id, section)
    if (existing) return existing
    const row = await grantsRepo.insertGrant(tx, { userId: user.id, section, grantedBy: actor.userId })
    await audit(tx, actor, 'section.granted', {
      schoolId: user.schoolId,
      entity: 'section_grant',
      entityId: row.id,
      details: { section, userId: user.id },
    })
    return row
  })
}

/** Ends a user's grant to a section; false when they had none. */
export async function revokeSection(ctx: ServiceContext, actor: Actor, email: string, sectionName: string) {
  const { user, section } = await grantee(ctx, actor, email, sectionName)
  return ctx.db.transaction(async (tx) => {
    const row = await grantsRepo.revokeGrant(tx, user.id, section, actor.userId)
    if (!row) return false
    await audit(tx, actor, 'section.revoked', {
      schoolId: user.schoolId,
      entity: 'section_grant',
      entityId: row.id,
      details: { section, userId: user.id },
    })
    return true
  })
}

type EpisodeDetails = { type: string; cpCategory: string | null; note: string | null }

/**
 * An episode as the reader may see it. A child protection plan's category of abuse and its note are
 * child protection details: without the section they are withheld (null) and `restricted` says so;
 * the type and dates stay, because the register and the duties depend on them.
 */
export function asSeenBy<E extends EpisodeDetails>(
  episode: E,
  childProtection: boolean,
): E & { restricted: boolean } {
  if (episode.type !== 'CP' || childProtection) return { ...episode, restricted: false }
  return { ...episode, cpCategory: null, note: null, restricted: true }
}
