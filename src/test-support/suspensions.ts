/** Pupils and school settings for the suspension pages' tests (issue 6). */
import { eq } from 'drizzle-orm'
import { localAuthorities, schools } from '../data/schema/index.js'
import { addContact } from '../services/contacts.service.js'
import type { ServiceContext } from '../services/context.js'
import { SYSTEM_ACTOR } from '../services/users.service.js'
import { aClaEpisode, anEpisode, aPupil } from './builders.js'
import { databaseState } from './database-state.js'

export const SOCIAL_WORKER_EMAIL = 'sam.worker@la.example'
export const VIRTUAL_SCHOOL_EMAIL = 'vsh@herts.example'
export const REPRESENTATIONS_TO = 'The clerk to the governors, Harbour School, 1 High Street, Hertford'

/** A school's letters ready to go: where representations are sent (EX-9), and the Virtual School's address. */
export async function lettersSetUp(ctx: ServiceContext, school: { id: string }) {
  await ctx.db
    .update(schools)
    .set({ settings: { representationsTo: REPRESENTATIONS_TO } })
    .where(eq(schools.id, school.id))
  await ctx.db
    .update(localAuthorities)
    .set({ virtualSchoolEmail: VIRTUAL_SCHOOL_EMAIL })
    .where(eq(localAuthorities.code, '919'))
}

/** A child looked after by LA 919, with a social worker and a carer who have email addresses. */
export async function aLookedAfterChildWithContacts(
  ctx: ServiceContext,
  school: { urn: string },
  over: Parameters<typeof aPupil>[2] = {},
) {
  const pupil = await aPupil(ctx, school, { givenName: 'Robin', ...over })
  await anEpisode(ctx, pupil.id, aClaEpisode({ startDate: '2025-01-10', responsibleLaCode: '919' }))
  await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
    role: 'social_worker',
    name: 'Sam Worker',
    email: SOCIAL_WORKER_EMAIL,
  })
  await addContact(ctx, SYSTEM_ACTOR, pupil.id, {
    role: 'carer',
    name: 'Pat Carer',
    email: `carer.${pupil.id}@home.example`,
  })
  return pupil
}

/** Everything stored but the reads' audit events and sessions: equal before and after a refusal. */
export const storedState = (ctx: ServiceContext) => databaseState(ctx.db, ['session', 'audit_event'])
