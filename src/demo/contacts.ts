/**
 * Demo contacts: the social worker (and sometimes the team manager) of each child looked after or
 * with a social worker now; for a child looked after also the IRO, the Virtual School adviser and
 * the carer; for a child previously looked after or in kinship care, the parent or guardian.
 * Invented names, Ofcom drama phone numbers, example.org and example.com addresses.
 */
import type { contacts } from '../data/schema/index.js'
import { addDays, maxIso, type IsoDate } from '../domain/calendar/dates.js'
import { isShortBreakStatus } from '../domain/cohort/codes.js'
import type { CohortFacts } from './episodes.js'
import { adultName, carerName, dramaPhone, exampleEmail, fullName } from './names.js'
import { dateBetween, weekdayBetween, type DemoPupil } from './pupils.js'
import type { Rng } from './random.js'

export type ContactRow = typeof contacts.$inferInsert

type Person = { name: string; email: string | null; phone: string }

const LA_NAMES: Readonly<Record<string, string>> = {
  '919': 'Hertfordshire County Council',
  '937': 'Warwickshire County Council',
  '873': 'Cambridgeshire County Council',
}

export function laOrganisation(laCode: string): string {
  return LA_NAMES[laCode] ?? `Local authority ${laCode}`
}

export type ContactContext = {
  rng: Rng
  today: IsoDate
  schoolId: string
  laCode: string
  /** The demo Virtual School adviser, who is also the adviser contact for the demo LA's children. */
  vsAdviser: { name: string; email: string }
}

export function buildContacts(
  ctx: ContactContext,
  pupils: ReadonlyArray<DemoPupil>,
  facts: ReadonlyMap<string, CohortFacts>,
): ContactRow[] {
  const { rng, today } = ctx
  const rows: ContactRow[] = []
  const professional = (): Person => {
    const n = adultName(rng)
    return { name: fullName(n), email: exampleEmail(n, 'example.org'), phone: dramaPhone(rng, rng.chance(0.5) ? 'mobile' : 'landline') } // prettier-ignore
  }
  // Each LA has a small team, so several children share a social worker or IRO.
  const pools = new Map<string, Person[]>()
  const fromPool = (kind: string, laCode: string, size: number): Person => {
    const key = `${kind}:${laCode}`
    let pool = pools.get(key)
    if (!pool) pools.set(key, (pool = Array.from({ length: laCode === ctx.laCode ? size : 1 }, professional)))
    return rng.pick(pool)
  }
  const add = (
    pupil: DemoPupil,
    role: ContactRow['role'],
    who: Person,
    organisation: string | null,
    fromDate: IsoDate | null,
    toDate: IsoDate | null = null,
  ): void => {
    rows.push({ pupilId: pupil.id, schoolId: ctx.schoolId, role, name: who.name, organisation, email: who.email, phone: who.phone, fromDate, toDate }) // prettier-ignore
  }
  /** The allocated social worker, and sometimes the one before, whose allocation ended the day before. */
  const socialWorkers = (pupil: DemoPupil, laCode: string, since: IsoDate, managerChance: number): void => {
    const organisation = `${laOrganisation(laCode)} children’s services`
    const allocated = weekdayBetween(rng, since, today)
    if (allocated > since && rng.chance(0.35)) {
      add(pupil, 'social_worker', fromPool('sw', laCode, 10), organisation, since, addDays(allocated, -1))
    }
    add(pupil, 'social_worker', fromPool('sw', laCode, 10), organisation, allocated)
    if (rng.chance(managerChance)) add(pupil, 'team_manager', fromPool('tm', laCode, 3), organisation, since)
  }
  const family = (): Person => {
    const name = carerName(rng)
    const first = name.split(' ')[0]!
    const last = name.split(' ').at(-1)!
    return { name, email: exampleEmail({ givenName: first, familyName: last }, 'example.com'), phone: dramaPhone(rng, 'mobile') } // prettier-ignore
  }

  for (const pupil of pupils) {
    const f = facts.get(pupil.id)
    if (!f) continue
    if (f.cla) {
      const { laCode, careStart, legalStatus } = f.cla
      socialWorkers(pupil, laCode, careStart, 0.5)
      add(
        pupil,
        'iro',
        fromPool('iro', laCode, 4),
        `${laOrganisation(laCode)} independent reviewing service`,
        careStart,
      )
      const adviser: Person =
        laCode === ctx.laCode
          ? { ...ctx.vsAdviser, phone: dramaPhone(rng, 'landline') }
          : fromPool('vs', laCode, 1)
      add(pupil, 'vs_adviser', adviser, `${laOrganisation(laCode)} Virtual School`, careStart)
      if (isShortBreakStatus(legalStatus)) {
        add(pupil, 'carer', family(), 'Short breaks service', careStart)
        add(pupil, 'parent_guardian', family(), null, null)
      } else {
        const organisation = f.kinship
          ? 'Kinship foster care'
          : rng.weighted([[`${laOrganisation(laCode)} fostering service`, 0.55], ['Independent fostering agency', 0.35], ['Children’s home', 0.1]] as const) // prettier-ignore
        add(pupil, 'carer', family(), organisation, dateBetween(rng, careStart, today))
      }
    } else if (f.cpCurrent || f.cinCurrent) {
      const since = [f.cpCurrent?.start, f.cinCurrent?.start].filter((d): d is IsoDate => !!d).sort()[0]!
      socialWorkers(pupil, ctx.laCode, since, 0.3)
    }
    if (!f.cla && (f.pla || f.kinship)) {
      const since = f.pla ? f.pla.orderDate : f.kinship!.start
      add(pupil, 'parent_guardian', family(), null, maxIso(since, pupil.dateOfBirth))
    }
  }
  return rows
}
