/** Code lists for cohort episodes (DOMAIN.md CL-1, DEF-11, DEF-12, PD-5, PD-15). */

export type ClaLegalStatus =
  'C1' | 'C2' | 'D1' | 'E1' | 'J1' | 'J2' | 'J3' | 'L1' | 'L2' | 'L3' | 'V2' | 'V3' | 'V4'

/** SSDA903 legal statuses (CL-1). `shortBreak`: V3/V4, shown as "short breaks" (PD-4). */
export const CLA_LEGAL_STATUSES: ReadonlyArray<{
  code: ClaLegalStatus
  description: string
  shortBreak: boolean
}> = [
  { code: 'C1', description: 'Interim care order', shortBreak: false },
  { code: 'C2', description: 'Full care order', shortBreak: false },
  { code: 'D1', description: 'Freeing order granted', shortBreak: false },
  { code: 'E1', description: 'Placement order granted', shortBreak: false },
  {
    code: 'J1',
    description: 'Remanded to local authority accommodation or to youth detention accommodation',
    shortBreak: false,
  },
  {
    code: 'J2',
    description:
      'Placed in local authority accommodation under the Police and Criminal Evidence Act 1984, including secure accommodation (not necessarily where the child would be detained)',
    shortBreak: false,
  },
  {
    code: 'J3',
    description:
      'Sentenced to Youth Rehabilitation Order (Criminal Justice and Immigration Act 2008 as amended by LASPO 2012) with residence or intensive fostering requirement',
    shortBreak: false,
  },
  {
    code: 'L1',
    description: 'Under police protection and in local authority accommodation',
    shortBreak: false,
  },
  { code: 'L2', description: 'Emergency protection order (EPO)', shortBreak: false },
  {
    code: 'L3',
    description: 'Under child assessment order and in local authority accommodation',
    shortBreak: false,
  },
  {
    code: 'V2',
    description: 'Single period of accommodation under section 20 (Children Act 1989)',
    shortBreak: false,
  },
  {
    code: 'V3',
    description:
      'Accommodated under an agreed series of short-term breaks, when individual episodes of care are recorded',
    shortBreak: true,
  },
  {
    code: 'V4',
    description:
      'Accommodated under an agreed series of short-term breaks, when agreements are recorded (NOT individual episodes of care)',
    shortBreak: true,
  },
]

const CLA_CODES: ReadonlySet<string> = new Set(CLA_LEGAL_STATUSES.map((s) => s.code))

export function isClaLegalStatus(s: unknown): s is ClaLegalStatus {
  return typeof s === 'string' && CLA_CODES.has(s)
}

export function isShortBreakStatus(s: string | null | undefined): boolean {
  return CLA_LEGAL_STATUSES.some((status) => status.code === s && status.shortBreak)
}

/** How a child left care (DEF-4, PD-5). The list is data: review it when DEF-9 commences. */
export const PLA_ROUTES = ['adoption', 'sgo', 'cao', 'adopted_abroad'] as const
export type PlaRoute = (typeof PLA_ROUTES)[number]
export const PLA_ROUTE_LABELS: Record<PlaRoute, string> = {
  adoption: 'Adoption',
  sgo: 'Special guardianship order (SGO)',
  cao: 'Child arrangements order or residence order',
  adopted_abroad: 'Adopted from state care outside England and Wales',
}
export function isPlaRoute(s: unknown): s is PlaRoute {
  return typeof s === 'string' && (PLA_ROUTES as ReadonlyArray<string>).includes(s)
}

/** Kinship arrangements (DEF-11, PD-15). */
export const KINSHIP_ARRANGEMENTS = ['formal', 'informal', 'unknown'] as const
export type KinshipArrangement = (typeof KINSHIP_ARRANGEMENTS)[number]
export const KINSHIP_ARRANGEMENT_LABELS: Record<KinshipArrangement, string> = {
  formal: 'Formal',
  informal: 'Informal',
  unknown: 'Not known',
}
/** School census kinship indicator (CBDS CS134, DEF-11); `ND` (not declared) has no episode. */
export const KINSHIP_CENSUS_CODES: Record<KinshipArrangement, 'KF' | 'KI' | 'KU'> = {
  formal: 'KF',
  informal: 'KI',
  unknown: 'KU',
}
export function isKinshipArrangement(s: unknown): s is KinshipArrangement {
  return typeof s === 'string' && (KINSHIP_ARRANGEMENTS as ReadonlyArray<string>).includes(s)
}

/** CIN category of need (DEF-12). */
export const CIN_CATEGORIES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const
export type CinCategory = (typeof CIN_CATEGORIES)[number]
export const CIN_CATEGORY_LABELS: Record<CinCategory, string> = {
  N1: 'Abuse or neglect',
  N2: 'Child’s disability',
  N3: 'Parental illness or disability',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
}
export function isCinCategory(s: unknown): s is CinCategory {
  return typeof s === 'string' && (CIN_CATEGORIES as ReadonlyArray<string>).includes(s)
}

/** Category of abuse for a child protection plan (Working Together to Safeguard Children). */
export const CP_CATEGORIES = [
  'neglect',
  'physical_abuse',
  'sexual_abuse',
  'emotional_abuse',
  'multiple',
] as const
export type CpCategory = (typeof CP_CATEGORIES)[number]
export const CP_CATEGORY_LABELS: Record<CpCategory, string> = {
  neglect: 'Neglect',
  physical_abuse: 'Physical abuse',
  sexual_abuse: 'Sexual abuse',
  emotional_abuse: 'Emotional abuse',
  multiple: 'Multiple categories',
}
export function isCpCategory(s: unknown): s is CpCategory {
  return typeof s === 'string' && (CP_CATEGORIES as ReadonlyArray<string>).includes(s)
}

export const EPISODE_TYPES = ['CLA', 'PLA', 'CIN', 'CP', 'KINSHIP'] as const
export type EpisodeType = (typeof EPISODE_TYPES)[number]
export const EPISODE_TYPE_LABELS: Record<EpisodeType, string> = {
  CLA: 'Looked after (CLA)',
  PLA: 'Previously looked after (PLA)',
  CIN: 'Child in need plan',
  CP: 'Child protection plan',
  KINSHIP: 'Kinship care',
}
export function isEpisodeType(s: unknown): s is EpisodeType {
  return typeof s === 'string' && (EPISODE_TYPES as ReadonlyArray<string>).includes(s)
}
