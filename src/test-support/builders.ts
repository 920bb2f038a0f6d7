import { randomInt } from 'node:crypto'
import { generate } from 'otplib'
import { makeUpn } from '../domain/identifiers/upn.js'
import type { Role } from '../domain/access/roles.js'
import { TWO_FACTOR_ROLES } from '../domain/access/two-factor.js'
import type { ServiceContext } from '../services/context.js'
import { createSchool, setCalendar, type CalendarInput } from '../services/schools.service.js'
import { createPupil, type NewPupil } from '../services/pupils.service.js'
import { addEpisode, type EpisodeInput } from '../services/episodes.service.js'
import { actorFromUser, createUser, SYSTEM_ACTOR, type UserRow } from '../services/users.service.js'
import { confirmTwoFactorSetUp, newTotpSecret } from '../services/two-factor.service.js'

export const TEST_PASSWORD = 'correct horse battery staple'

let counter = 0
const unique = () => `${Date.now() % 100000}${++counter}${randomInt(1000)}`

export function aUpn(laCode = '919'): string {
  return makeUpn(
    laCode,
    String(randomInt(1000, 9999)),
    String(randomInt(10, 99)),
    String(randomInt(0, 999)).padStart(3, '0'),
  )
}

// Schools take consecutive numbers from a random start: random draws from the 10,000 LAESTABs of
// one LA collide within a few dozen schools, which made tests fail now and then.
let nextSchool = randomInt(0, 5000)

export async function aSchool(
  ctx: ServiceContext,
  over: Partial<{ urn: string; laestab: string; name: string }> = {},
) {
  const n = unique()
  const number = nextSchool++ % 10000
  return createSchool(ctx, SYSTEM_ACTOR, {
    urn: over.urn ?? `1${String(number * 10 + randomInt(0, 10)).padStart(5, '0')}`,
    laestab: over.laestab ?? `919${String(number).padStart(4, '0')}`,
    name: over.name ?? `Test School ${n}`,
  })
}

export async function aUser(
  ctx: ServiceContext,
  role: Role,
  school: { urn: string } | null,
  over: Partial<{ email: string; name: string; laCode: string; twoFactor: boolean }> = {},
) {
  const user = await createUser(ctx, SYSTEM_ACTOR, {
    email: over.email ?? `${role}.${unique()}@test.harbour.example`,
    name: over.name ?? `Test ${role}`,
    role,
    schoolUrn: school?.urn ?? null,
    laCode: over.laCode ?? null,
    password: TEST_PASSWORD,
  })
  // Roles that must use two-factor get it set up, as they would have in real life before any other page
  // opened; `TestBrowser.signIn` then completes the second step. `twoFactor: false` makes one without.
  const twoFactor =
    (over.twoFactor ?? TWO_FACTOR_ROLES.includes(role)) ? await withTwoFactor(ctx, user) : null
  return { user, actor: actorFromUser(user), totpSecret: twoFactor?.secret ?? null }
}

// The secrets of the users set up here, by email, for `TestBrowser.signIn`.
const totpSecrets = new Map<string, string>()

export function totpSecretOf(email: string): string | undefined {
  return totpSecrets.get(email)
}

/** The authenticator app's code for `secret` at `at`. */
export async function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) })
}

/** Sets up two-factor sign-in for a user, as the set-up page does; returns the secret and recovery codes. */
export async function withTwoFactor(
  ctx: ServiceContext,
  user: UserRow,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = newTotpSecret()
  const recoveryCodes = await confirmTwoFactorSetUp(
    ctx,
    actorFromUser(user),
    secret,
    await totpCode(secret, ctx.now()),
  )
  totpSecrets.set(user.email, secret)
  return { secret, recoveryCodes }
}

export async function aPupil(ctx: ServiceContext, school: { urn: string }, over: Partial<NewPupil> = {}) {
  return createPupil(ctx, SYSTEM_ACTOR, {
    upn: aUpn(),
    givenName: 'Alex',
    familyName: `Testpupil${unique()}`,
    dateOfBirth: '2014-05-01',
    yearGroup: 7,
    senProvision: 'N',
    ...over,
    schoolUrn: school.urn,
  })
}

export async function anEpisode(ctx: ServiceContext, pupilId: string, input: EpisodeInput) {
  return addEpisode(ctx, SYSTEM_ACTOR, pupilId, input)
}

export const aClaEpisode = (over: Partial<EpisodeInput> = {}): EpisodeInput => ({
  type: 'CLA',
  startDate: '2024-01-10',
  legalStatus: 'C2',
  responsibleLaCode: '919',
  ...over,
})

/**
 * The 2026 to 2027 school year: autumn half-term entered as closures (26 to 30 October 2026), an INSET day on
 * Friday 27 November 2026, spring half-term 15 to 19 February 2027. Bank holidays come from the database.
 */
export const CALENDAR_2026_27 = {
  terms: [
    { name: 'autumn' as const, start: '2026-09-03', end: '2026-12-18' },
    { name: 'spring' as const, start: '2027-01-05', end: '2027-03-25' },
    { name: 'summer' as const, start: '2027-04-12', end: '2027-07-21' },
  ],
  closures: [
    '2026-10-26',
    '2026-10-27',
    '2026-10-28',
    '2026-10-29',
    '2026-10-30',
    '2026-11-27',
    '2027-02-15',
    '2027-02-16',
    '2027-02-17',
    '2027-02-18',
    '2027-02-19',
  ],
}

/** Sets a school's calendar (CALENDAR_2026_27 unless given), as an administrator would. */
export async function aSchoolCalendar(
  ctx: ServiceContext,
  school: { urn: string },
  calendar: CalendarInput = CALENDAR_2026_27,
) {
  return setCalendar(ctx, SYSTEM_ACTOR, school.urn, calendar)
}
