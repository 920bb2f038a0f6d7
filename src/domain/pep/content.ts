import { compareIso, isIsoDate, type IsoDate } from '../calendar/dates.js'

// The sections of a PEP (DOMAIN.md PEP-10, PEP-11, PEP-12 and the "PEP record" list). Every field is optional while
// the PEP is a draft ("save and come back"); `checkReadyToSubmit` says what a submitted PEP must hold.
export type PepPhase = 'early_years' | 'school_age' | 'post_16'
export type PepKind = 'pep' | 'pla_support_plan'

export const CHILD_PARTICIPATION = ['attended', 'contributed_separately', 'did_not_contribute'] as const
export type ChildParticipation = (typeof CHILD_PARTICIPATION)[number]

export const PROGRESS_LEVELS = [
  'above_expected',
  'expected',
  'below_expected',
  'well_below_expected',
] as const
export type ProgressLevel = (typeof PROGRESS_LEVELS)[number]

export const POST_16_ACTIVITIES = [
  'education',
  'employment',
  'training',
  'not_in_education_employment_or_training',
] as const
export type Post16Activity = (typeof POST_16_ACTIVITIES)[number]

export const TARGET_OUTCOMES = ['met', 'partly_met', 'not_met'] as const
export type TargetOutcome = (typeof TARGET_OUTCOMES)[number]

export type PepContent = {
  attendees?: {
    socialWorker?: string | undefined
    carer?: string | undefined
    designatedTeacher?: string | undefined
    virtualSchoolAdviser?: string | undefined
    parentsOrGuardians?: string | undefined
    others?: string | undefined
    child?: ChildParticipation | undefined
  }
  childVoice?: { ownWords?: string | undefined; goingWell?: string | undefined; wants?: string | undefined }
  parentsViews?: string | undefined
  currentArrangements?: string | undefined
  attainment?: Array<{
    subject: string
    current?: string | undefined
    expected?: string | undefined
    progress?: ProgressLevel | undefined
  }>
  sen?: { ehcpReference?: string | undefined; notes?: string | undefined }
  wellbeing?: string | undefined
  leisureInterests?: string | undefined
  carerRole?: string | undefined
  minimiseDisruption?: string | undefined
  transitionPlans?: string | undefined
  careerAspirations?: string | undefined
  earlyYears?: { setting?: string | undefined; fundedHours?: number | undefined }
  post16?: {
    activity?: Post16Activity | undefined
    provider?: string | undefined
    pathwayPlanReference?: string | undefined
  }
}

export type TargetInput = {
  area?: string | null | undefined
  description: string
  successCriteria: string
  owner: string
  dueBy: IsoDate
  ppPlusRequestedPence?: number | undefined
  carriedFromTargetId?: string | null | undefined
}

export type TargetReviewInput = { targetId: string; outcome: TargetOutcome; evidence: string }

export type FieldProblem = { path: string; message: string }

const blank = (s: string | undefined | null) => !s || !s.trim()

/** Problems with targets that make them unusable even in a draft (PEP-12: SMART, owner and timescale). */
export function checkTargets(targets: ReadonlyArray<TargetInput>): FieldProblem[] {
  const problems: FieldProblem[] = []
  targets.forEach((t, i) => {
    const at = (field: string) => `targets.${i}.${field}`
    if (blank(t.description))
      problems.push({ path: at('description'), message: `Target ${i + 1}: say what the target is` })
    if (blank(t.successCriteria))
      problems.push({
        path: at('successCriteria'),
        message: `Target ${i + 1}: say how you will know it has been met`,
      })
    if (blank(t.owner))
      problems.push({ path: at('owner'), message: `Target ${i + 1}: say who is responsible for it` })
    if (!isIsoDate(t.dueBy))
      problems.push({ path: at('dueBy'), message: `Target ${i + 1}: enter the date it should be met by` })
    const pence = t.ppPlusRequestedPence ?? 0
    if (!Number.isInteger(pence) || pence < 0)
      problems.push({
        path: at('ppPlusRequestedPence'),
        message: `Target ${i + 1}: PP+ requested must be £0 or more, in pounds and pence`,
      })
  })
  return problems
}

export type SubmissionFacts = {
  kind: PepKind
  phase: PepPhase
  meetingDate: IsoDate
  today: IsoDate
  yearGroup: number | null
  content: PepContent
  targets: ReadonlyArray<TargetInput>
  /** The previous PEP's targets, which this one must review (PEP-12: targets reviewed each PEP). */
  previousTargets: ReadonlyArray<{ id: string; description: string }>
  reviews: ReadonlyArray<TargetReviewInput>
}

/** What a PEP must hold before the DT submits it (issue 4 "Bad input"; DOMAIN.md PEP-10, PEP-11, PEP-12). */
export function checkReadyToSubmit(f: SubmissionFacts): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (compareIso(f.meetingDate, f.today) > 0)
    problems.push({
      path: 'meetingDate',
      message: 'The meeting date cannot be in the future for a PEP being submitted',
    })
  if (f.kind === 'pep' && blank(f.content.childVoice?.ownWords))
    problems.push({
      path: 'childVoice.ownWords',
      message: 'Record the child’s views, in their own words where possible',
    })
  if (f.kind === 'pla_support_plan' && blank(f.content.parentsViews))
    problems.push({ path: 'parentsViews', message: 'Record the parents’ or guardians’ views' })
  if (f.targets.length === 0) problems.push({ path: 'targets', message: 'Add at least one target' })
  problems.push(...checkTargets(f.targets))
  // PEP-11: targets and aspirations "well before Year 9"; asked from Year 8.
  if (f.phase === 'school_age' && (f.yearGroup ?? 0) >= 8 && blank(f.content.careerAspirations))
    problems.push({
      path: 'careerAspirations',
      message: 'From Year 8, record the child’s career aspirations',
    })
  if (f.phase === 'post_16' && !f.content.post16?.activity)
    problems.push({
      path: 'post16.activity',
      message: 'Say whether the young person is in education, employment or training',
    })
  const reviewed = new Map(f.reviews.map((r) => [r.targetId, r]))
  f.previousTargets.forEach((t, i) => {
    const r = reviewed.get(t.id)
    if (!r)
      problems.push({
        path: `reviews.${i}.outcome`,
        message: `Review the previous target “${t.description}”: met, partly met or not met`,
      })
    else if (blank(r.evidence))
      problems.push({
        path: `reviews.${i}.evidence`,
        message: `Give the evidence for the review of “${t.description}”`,
      })
  })
  return problems
}

/** The phase a PEP takes from the child's age on the meeting date (PEP-9, PEP-11). */
export function phaseFor(ageOnMeetingDate: number, yearGroup: number | null): PepPhase {
  if (yearGroup !== null && yearGroup >= 12) return 'post_16'
  if (yearGroup === null && ageOnMeetingDate >= 16) return 'post_16'
  if (yearGroup !== null ? yearGroup <= 0 : ageOnMeetingDate < 5) return 'early_years'
  return 'school_age'
}
