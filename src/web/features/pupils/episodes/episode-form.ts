import {
  CIN_CATEGORIES,
  CIN_CATEGORY_LABELS,
  CLA_LEGAL_STATUSES,
  CP_CATEGORIES,
  CP_CATEGORY_LABELS,
  EPISODE_TYPE_LABELS,
  EPISODE_TYPES,
  KINSHIP_ARRANGEMENT_LABELS,
  KINSHIP_ARRANGEMENTS,
  PLA_ROUTE_LABELS,
  PLA_ROUTES,
  type EpisodeType,
} from '../../../../domain/cohort/codes.js'
import type { EpisodeInput } from '../../../../services/episodes.service.js'
import { dateParts, FormProblems, text, type DateParts, type FormBody } from '../../../forms.js'

/** Where each service error path points on the episode forms. */
export const EPISODE_FIELD_IDS: Record<string, string> = {
  startDate: 'startDate-day',
  endDate: 'endDate-day',
  evidence: 'evidenceDocument',
  'evidence.document': 'evidenceDocument',
  'evidence.seenBy': 'evidenceSeenBy',
}

const TYPE_HINTS: Record<EpisodeType, string> = {
  CLA: 'In the care of a local authority',
  PLA: 'Left care through adoption, a special guardianship order or a child arrangements order',
  CIN: 'Has a social worker under a child in need plan',
  CP: 'Has a social worker under a child protection plan',
  KINSHIP: 'Lives with a relative or family friend',
}

export const EPISODE_TYPE_CHOICES = EPISODE_TYPES.map((t) => ({
  value: t,
  text: EPISODE_TYPE_LABELS[t],
  hint: TYPE_HINTS[t],
}))

/** The code lists the type-specific fields offer. */
export function episodeChoices(localAuthorities: Array<{ code: string; name: string }>) {
  return {
    legalStatuses: CLA_LEGAL_STATUSES.map((s) => ({ value: s.code, text: `${s.code}: ${s.description}` })),
    localAuthorities: localAuthorities.map((la) => ({ value: la.code, text: `${la.name} (${la.code})` })),
    routes: PLA_ROUTES.map((r) => ({ value: r, text: PLA_ROUTE_LABELS[r] })),
    arrangements: KINSHIP_ARRANGEMENTS.map((a) => ({ value: a, text: KINSHIP_ARRANGEMENT_LABELS[a] })),
    cinCategories: CIN_CATEGORIES.map((c) => ({ value: c, text: `${c}: ${CIN_CATEGORY_LABELS[c]}` })),
    cpCategories: CP_CATEGORIES.map((c) => ({ value: c, text: CP_CATEGORY_LABELS[c] })),
  }
}

export type EpisodeFormValues = {
  startDate: DateParts
  endDate: DateParts
  legalStatus: string
  responsibleLaCode: string
  responsibleLaCodeOther: string
  route: string
  evidenceDocument: string
  evidenceSeenOn: DateParts
  evidenceSeenBy: string
  cinCategory: string
  cpCategory: string
  arrangement: string
  reason: string
}

export const emptyEpisodeValues = (): EpisodeFormValues => ({
  startDate: dateParts(null),
  endDate: dateParts(null),
  legalStatus: '',
  responsibleLaCode: '',
  responsibleLaCodeOther: '',
  route: '',
  evidenceDocument: '',
  evidenceSeenOn: dateParts(null),
  evidenceSeenBy: '',
  cinCategory: '',
  cpCategory: '',
  arrangement: '',
  reason: '',
})

export function valuesFromEpisode(
  e: {
    startDate: string
    endDate: string | null
    legalStatus: string | null
    responsibleLaCode: string | null
    route: string | null
    arrangement: string | null
    cinCategory: string | null
    cpCategory: string | null
    evidence: { document?: string; seenOn?: string; seenBy?: string } | null
  },
  knownLaCodes: ReadonlySet<string>,
): EpisodeFormValues {
  const la = e.responsibleLaCode ?? ''
  return {
    ...emptyEpisodeValues(),
    startDate: dateParts(e.startDate),
    endDate: dateParts(e.endDate),
    legalStatus: e.legalStatus ?? '',
    // A code missing from the LA table (PD-14) goes back into the "other code" box.
    responsibleLaCode: la && !knownLaCodes.has(la) ? 'other' : la,
    responsibleLaCodeOther: la && !knownLaCodes.has(la) ? la : '',
    route: e.route ?? '',
    evidenceDocument: e.evidence?.document ?? '',
    evidenceSeenOn: dateParts(e.evidence?.seenOn),
    evidenceSeenBy: e.evidence?.seenBy ?? '',
    cinCategory: e.cinCategory ?? '',
    cpCategory: e.cpCategory ?? '',
    arrangement: e.arrangement ?? '',
  }
}

/** Reads the type's fields from a posted form; the service ignores fields of other types. */
export function readEpisodeForm(body: FormBody, type: EpisodeType, todayIso: string) {
  const problems = new FormProblems(EPISODE_FIELD_IDS)
  const start = problems.date(body, 'startDate', type === 'PLA' ? 'date of the order' : 'start date', true)
  const end = problems.date(body, 'endDate', 'end date', false)
  const seenOn = problems.date(body, 'evidenceSeenOn', 'date the evidence was seen', false)
  if (type === 'PLA' && seenOn.value && seenOn.value > todayIso)
    problems.add(
      'evidenceSeenOn',
      'The date the evidence was seen must be today or in the past',
      'evidenceSeenOn-day',
    )
  const laChoice = text(body, 'responsibleLaCode')
  const laOther = text(body, 'responsibleLaCodeOther')
  if (laOther || laChoice === 'other') problems.link('responsibleLaCode', 'responsibleLaCodeOther')
  const values: EpisodeFormValues = {
    startDate: start.parts,
    endDate: end.parts,
    legalStatus: text(body, 'legalStatus'),
    responsibleLaCode: laChoice,
    responsibleLaCodeOther: laOther,
    route: text(body, 'route'),
    evidenceDocument: text(body, 'evidenceDocument'),
    evidenceSeenOn: seenOn.parts,
    evidenceSeenBy: text(body, 'evidenceSeenBy'),
    cinCategory: text(body, 'cinCategory'),
    cpCategory: text(body, 'cpCategory'),
    arrangement: text(body, 'arrangement'),
    reason: text(body, 'reason'),
  }
  const evidence = {
    ...(values.evidenceDocument ? { document: values.evidenceDocument } : {}),
    ...(seenOn.value ? { seenOn: seenOn.value } : {}),
    ...(values.evidenceSeenBy ? { seenBy: values.evidenceSeenBy } : {}),
  }
  const input: EpisodeInput = {
    type,
    startDate: start.value ?? '',
    endDate: end.value,
    legalStatus: values.legalStatus || null,
    responsibleLaCode: laOther || (laChoice === 'other' ? null : laChoice || null),
    route: values.route || null,
    arrangement: values.arrangement || null,
    cinCategory: values.cinCategory || null,
    cpCategory: values.cpCategory || null,
    evidence: Object.keys(evidence).length ? evidence : null,
  }
  return { input, values, problems }
}
