/** Which demo schools to make, and how big (DEMO.md "Cohort shares" and "Sizes for benchmarks"). */

export type DemoSize = 'standard' | 'small' | 'large'
export type Phase = 'primary' | 'secondary'

export type DemoSchoolSpec = {
  urn: string
  laestab: string
  /** The 4-digit establishment number (ID-4), also used in the pupils' UPNs. */
  estab: string
  laCode: string
  name: string
  phase: Phase
  /** The part of staff email addresses after the @: `dt@<slug>.demo.harbour.test`. */
  slug: string
  /** Pupils per year group before a little random variation (0 is Reception). */
  yearGroups: ReadonlyArray<{ yearGroup: number; size: number }>
}

export const DEMO_LA_CODE = '919' // Hertfordshire
export const DEMO_EMAIL_DOMAIN = 'demo.harbour.test'
export const DEFAULT_LARGE_EXTRA_SCHOOLS = 8
export const MAX_EXTRA_SCHOOLS = 500

const PRIMARY_YEARS = [0, 1, 2, 3, 4, 5, 6]

function primary(size: number): DemoSchoolSpec {
  return {
    urn: '900001',
    laestab: `${DEMO_LA_CODE}2001`,
    estab: '2001',
    laCode: DEMO_LA_CODE,
    name: 'Harbourside Primary School (demo)',
    phase: 'primary',
    slug: 'primary',
    yearGroups: PRIMARY_YEARS.map((yearGroup) => ({ yearGroup, size })),
  }
}

/** Years 7-11 and a small sixth form: about 1,200 pupils. */
const SECONDARY_YEARS = [
  { yearGroup: 7, size: 210 },
  { yearGroup: 8, size: 210 },
  { yearGroup: 9, size: 210 },
  { yearGroup: 10, size: 210 },
  { yearGroup: 11, size: 210 },
  { yearGroup: 12, size: 80 },
  { yearGroup: 13, size: 70 },
]

const SECONDARY: DemoSchoolSpec = {
  urn: '900002',
  laestab: `${DEMO_LA_CODE}4001`,
  estab: '4001',
  laCode: DEMO_LA_CODE,
  name: 'Harbourside Academy (demo)',
  phase: 'secondary',
  slug: 'secondary',
  yearGroups: SECONDARY_YEARS,
}

const PLACES = [
  'Northgate', 'Elmfield', 'Kingsmead', 'Westbrook', 'Ashcombe', 'Millbrook', 'Oakridge', 'Fernhill',
  'Larkrise', 'Brookside', 'Hollybank', 'Marshwood', 'Stonebridge', 'Thornbury', 'Willowmere', 'Cedarwood',
] // prettier-ignore

function extraSecondary(i: number): DemoSchoolSpec {
  const place = PLACES[i % PLACES.length]!
  const round = Math.floor(i / PLACES.length)
  const estab = String(4002 + i)
  return {
    urn: String(900003 + i),
    laestab: `${DEMO_LA_CODE}${estab}`,
    estab,
    laCode: DEMO_LA_CODE,
    name: `Harbour ${place}${round > 0 ? ` ${round + 1}` : ''} Academy (demo)`,
    phase: 'secondary',
    slug: `secondary${i + 2}`,
    yearGroups: SECONDARY_YEARS,
  }
}

export function demoSchoolSpecs(size: DemoSize, extraSchools?: number): DemoSchoolSpec[] {
  switch (size) {
    case 'small':
      return [primary(17)]
    case 'standard':
      return [primary(86), SECONDARY]
    case 'large': {
      const extra = Math.max(0, Math.min(MAX_EXTRA_SCHOOLS, extraSchools ?? DEFAULT_LARGE_EXTRA_SCHOOLS))
      return [primary(86), SECONDARY, ...Array.from({ length: extra }, (_, i) => extraSecondary(i))]
    }
  }
}
