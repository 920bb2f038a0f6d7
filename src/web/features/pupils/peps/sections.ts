import {
  CHILD_PARTICIPATION,
  POST_16_ACTIVITIES,
  type ChildParticipation,
  type PepKind,
  type PepPhase,
  type Post16Activity,
} from '../../../../domain/pep/content.js'
import type { Field, Option } from './fields.js'

/**
 * The sections of the PEP form (DOMAIN.md PEP-10, PEP-11, PEP-12; issue 4 item 2), each a page of its own with
 * "save and come back", listed on the task list. Free-text limits mirror the API's (src/api/v1/peps.ts).
 */
export type SectionSlug =
  | 'meeting'
  | 'child-voice'
  | 'parents-views'
  | 'education'
  | 'sen-wellbeing'
  | 'interests'
  | 'transitions'
  | 'aspirations'
  | 'review'
  | 'targets'
  | 'next-meeting'

/** Parts of a section that are more than a list of fields: rows, and Harbour's own records shown beside them. */
export type Special = 'attainment' | 'sen-provision' | 'review' | 'targets'

export type SectionState = 'not_started' | 'in_progress' | 'completed'

/** What the sections depend on: the PEP (content with its dates, phase and consent) and its targets and reviews. */
export type PepFacts = {
  kind: PepKind
  phase: PepPhase
  model: Record<string, unknown>
  senProvision: string
  targetCount: number
  previousTargetIds: readonly string[]
  reviews: ReadonlyArray<{ targetId: string; evidence: string }>
}

export type Section = {
  slug: SectionSlug
  title: string
  hint?: string
  fields: readonly Field[]
  special?: Special
  /** The fields that must be answered for the section to be completed. */
  needed: readonly string[]
}

const SHORT = 200
const LONG = 5000

const CHILD_PARTICIPATION_TEXT: Record<ChildParticipation, string> = {
  attended: 'Yes, they attended the meeting',
  contributed_separately: 'They gave their views separately',
  did_not_contribute: 'No, they did not contribute',
}

export const PHASE_OPTIONS: readonly Option[] = [
  { value: 'early_years', text: 'Early years', hint: 'Before Reception' },
  { value: 'school_age', text: 'School age', hint: 'Reception to Year 11' },
  { value: 'post_16', text: 'Post-16', hint: 'Year 12 and after' },
]

const POST_16_TEXT: Record<Post16Activity, string> = {
  education: 'Education',
  employment: 'Employment',
  training: 'Training',
  not_in_education_employment_or_training: 'Not in education, employment or training',
}

const optionsOf = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] =>
  values.map((v) => ({ value: v, text: labels[v] }))

const textarea = (path: string, label: string, hint?: string, max = LONG): Field => ({
  kind: 'textarea',
  path,
  label,
  max,
  ...(hint ? { hint } : {}),
})
const input = (path: string, label: string, hint?: string): Field => ({
  kind: 'text',
  path,
  label,
  max: SHORT,
  ...(hint ? { hint } : {}),
})

function aspirations(phase: PepPhase): Section {
  switch (phase) {
    case 'early_years':
      return {
        slug: 'aspirations',
        title: 'Early years',
        fields: [
          input('earlyYears.setting', 'Early years setting', 'The nursery, pre-school or childminder'),
          {
            kind: 'number',
            path: 'earlyYears.fundedHours',
            label: 'Funded hours a week',
            max: 60,
            suffix: 'hours a week',
          },
        ],
        needed: ['earlyYears.setting'],
      }
    case 'post_16':
      return {
        slug: 'aspirations',
        title: 'Education, employment or training',
        hint: 'Post-16: the PEP is part of the pathway plan (DOMAIN.md PEP-9).',
        fields: [
          {
            kind: 'radios',
            path: 'post16.activity',
            label: 'What is the young person doing now?',
            options: optionsOf(POST_16_ACTIVITIES, POST_16_TEXT),
          },
          input('post16.provider', 'College, employer or training provider'),
          input('post16.pathwayPlanReference', 'Pathway plan reference'),
          textarea(
            'careerAspirations',
            'Aspirations for the future',
            'Qualifications, careers, further or higher education',
          ),
        ],
        needed: ['post16.activity'],
      }
    case 'school_age':
      return {
        slug: 'aspirations',
        title: 'Career aspirations',
        fields: [
          textarea(
            'careerAspirations',
            'Career aspirations',
            'What the child hopes to do, and the qualifications and support that will help. Needed from Year 8.',
          ),
        ],
        needed: ['careerAspirations'],
      }
  }
}

/** The sections of one PEP, in the order of the task list. */
export function sectionsFor(facts: Pick<PepFacts, 'kind' | 'phase' | 'previousTargetIds'>): Section[] {
  const all: Array<Section | null> = [
    {
      slug: 'meeting',
      title: 'Meeting and attendees',
      fields: [
        {
          kind: 'date',
          path: 'meetingDate',
          label: 'Date of the PEP meeting',
          hint: 'For example, 10 11 2026',
          required: true,
        },
        { kind: 'radios', path: 'phase', label: 'Stage of education', options: PHASE_OPTIONS },
        {
          kind: 'heading',
          text: 'Who attended?',
          hint: 'Give each person’s name. Leave blank anyone who did not attend.',
        },
        input('attendees.socialWorker', 'Social worker'),
        input('attendees.carer', 'Carer'),
        input('attendees.designatedTeacher', 'Designated teacher'),
        input('attendees.virtualSchoolAdviser', 'Virtual School adviser'),
        input('attendees.parentsOrGuardians', 'Parents or guardians'),
        textarea('attendees.others', 'Anyone else who attended', 'Their names and roles', 1000),
        {
          kind: 'radios',
          path: 'attendees.child',
          label: 'Did the child take part?',
          options: optionsOf(CHILD_PARTICIPATION, CHILD_PARTICIPATION_TEXT),
        },
      ],
      needed: ['meetingDate', 'attendees.child'],
    },
    {
      slug: 'child-voice',
      title: 'The child’s voice',
      hint: 'Use the child’s own words where you can.',
      fields: [
        textarea('childVoice.ownWords', 'The child’s views, in their own words'),
        textarea('childVoice.goingWell', 'What is going well, in their view'),
        textarea('childVoice.wants', 'What they want to happen or get better'),
      ],
      needed: ['childVoice.ownWords'],
    },
    facts.kind === 'pla_support_plan'
      ? {
          slug: 'parents-views',
          title: 'Parents’ or guardians’ views',
          fields: [
            textarea('parentsViews', 'The parents’ or guardians’ views'),
            {
              kind: 'checkbox',
              path: 'parentsConsentToVs',
              label: 'The parents or guardians consent to the Virtual School reviewing this plan',
              hint: 'Without their consent the plan stays with the school and is not sent to the Virtual School.',
            },
          ],
          needed: ['parentsViews'],
        }
      : null,
    {
      slug: 'education',
      title: 'Education now',
      fields: [
        textarea(
          'currentArrangements',
          'Current education arrangements',
          'Where and how the child is taught, and any special or other provision',
        ),
      ],
      special: 'attainment',
      needed: ['currentArrangements'],
    },
    {
      slug: 'sen-wellbeing',
      title: 'SEN and wellbeing',
      fields: [
        input('sen.ehcpReference', 'EHCP reference', 'If the child has an education, health and care plan'),
        textarea('sen.notes', 'Special educational needs: provision and progress'),
        textarea(
          'wellbeing',
          'Wellbeing',
          'Social, emotional and mental health, and the latest SDQ score if there is one',
        ),
      ],
      special: 'sen-provision',
      needed: ['wellbeing'],
    },
    {
      slug: 'interests',
      title: 'Leisure interests and the carer’s role',
      fields: [
        textarea('leisureInterests', 'Leisure interests', 'Clubs, sports, music, hobbies'),
        textarea('carerRole', 'The carer’s role', 'How the carer supports learning and leisure interests'),
      ],
      needed: ['leisureInterests', 'carerRole'],
    },
    {
      slug: 'transitions',
      title: 'Transitions and minimising disruption',
      fields: [
        textarea(
          'transitionPlans',
          'Transition plans',
          'Changes of school, key stage or placement coming up',
        ),
        textarea('minimiseDisruption', 'How disruption to education will be kept to a minimum'),
      ],
      needed: ['transitionPlans', 'minimiseDisruption'],
    },
    aspirations(facts.phase),
    facts.previousTargetIds.length
      ? {
          slug: 'review',
          title: 'Review of the last PEP’s targets',
          fields: [],
          special: 'review',
          needed: [],
        }
      : null,
    { slug: 'targets', title: 'Targets and Pupil Premium Plus', fields: [], special: 'targets', needed: [] },
    {
      slug: 'next-meeting',
      title: 'Next meeting',
      fields: [
        { kind: 'date', path: 'nextMeetingDate', label: 'Date of the next PEP meeting', required: false },
      ],
      needed: ['nextMeetingDate'],
    },
  ]
  return all.filter((s): s is Section => s !== null)
}
