/**
 * What the demo PEPs say: the child's voice, SMART targets (PEP-12), reviews and the Virtual School's feedback.
 * Invented, ordinary words a designated teacher might write; never about a real child.
 */
import type { TargetOutcome } from '../data/schema/peps.js'

export type DemoTarget = {
  area: string
  description: string
  successCriteria: string
  owner: string
  ppPlusPence: number
}

export const PRIMARY_TARGETS: ReadonlyArray<DemoTarget> = [
  { area: 'Reading', description: 'Read aloud to an adult at school three times a week', successCriteria: 'Reading book band up by two levels by the end of next term', owner: 'Class teacher', ppPlusPence: 40_000 },
  { area: 'Phonics', description: 'Daily ten-minute phonics catch-up with a teaching assistant', successCriteria: 'Passes the phonics check retake in June', owner: 'Teaching assistant', ppPlusPence: 60_000 },
  { area: 'Maths', description: 'Learn the times tables to 10 × 10 with an online programme at home and school', successCriteria: 'Scores 20 out of 25 on the multiplication check', owner: 'Class teacher', ppPlusPence: 15_000 },
  { area: 'Writing', description: 'Write a page of independent writing each week, using full stops and capital letters', successCriteria: 'Teacher assessment at expected standard for writing by July', owner: 'Class teacher', ppPlusPence: 0 },
  { area: 'Wellbeing', description: 'Weekly nurture group session to talk about feelings and friendships', successCriteria: 'Fewer playground incidents logged this term than last; says they have a friend to play with', owner: 'Learning mentor', ppPlusPence: 50_000 },
  { area: 'Attendance', description: 'Breakfast club every morning so the day starts calmly and on time', successCriteria: 'Attendance above 96% and no late marks for the term', owner: 'Designated teacher', ppPlusPence: 25_000 },
] // prettier-ignore

export const SECONDARY_TARGETS: ReadonlyArray<DemoTarget> = [
  { area: 'English', description: 'One-to-one tutoring in English, one hour a week for ten weeks', successCriteria: 'Working at grade 4 or above in the next English assessment', owner: 'Head of English', ppPlusPence: 80_000 },
  { area: 'Maths', description: 'Small-group maths intervention twice a week', successCriteria: 'Improves by one grade in the spring maths mock', owner: 'Maths teacher', ppPlusPence: 60_000 },
  { area: 'Attendance', description: 'Meet the key adult each Monday morning to plan the week', successCriteria: 'Attendance above 95% this term, up from 88%', owner: 'Key adult', ppPlusPence: 0 },
  { area: 'Wellbeing', description: 'Fortnightly sessions with the school counsellor', successCriteria: 'Says at the next PEP that they feel more settled; no internal exclusions this term', owner: 'School counsellor', ppPlusPence: 45_000 },
  { area: 'Homework', description: 'Homework club three evenings a week with a quiet space and a laptop', successCriteria: 'All homework handed in on time for six weeks running', owner: 'Head of year', ppPlusPence: 30_000 },
  { area: 'Careers', description: 'Careers interview and a taster day at the local college', successCriteria: 'Has chosen options and can name a post-16 course they want to apply for', owner: 'Careers adviser', ppPlusPence: 10_000 },
  { area: 'Interests', description: 'Join the school football team and pay for boots and the kit', successCriteria: 'Attends practice every week for the term', owner: 'PE teacher', ppPlusPence: 12_000 },
] // prettier-ignore

export const POST_16_TARGETS: ReadonlyArray<DemoTarget> = [
  { area: 'Course', description: 'Weekly study-skills session with a sixth-form mentor', successCriteria: 'All coursework deadlines met this term', owner: 'Sixth-form mentor', ppPlusPence: 30_000 },
  { area: 'Next steps', description: 'Complete a UCAS or apprenticeship application with the careers adviser', successCriteria: 'Application sent before the January deadline', owner: 'Careers adviser', ppPlusPence: 0 },
  { area: 'Independence', description: 'Bus pass and a budgeting course run with the leaving care team', successCriteria: 'Travels to college on their own and keeps a weekly budget', owner: 'Personal adviser', ppPlusPence: 20_000 },
] // prettier-ignore

export const OWN_WORDS: ReadonlyArray<string> = [
  'I like school more this year. My teacher helps me when I get stuck.',
  'I want to be better at maths. I don’t like reading out loud in class.',
  'I’m happy where I live now. I want to stay at this school.',
  'Art is my favourite. I find it hard to concentrate after lunch.',
  'I want to go to college and do something with animals.',
  'Some days are hard but I have friends in my form.',
  'I like football club and I want to get into the team.',
  'I would like more help with homework because I don’t have a desk at home.',
] // prettier-ignore

export const GOING_WELL: ReadonlyArray<string> = [
  'Settled well with the new carers; attendance has improved.',
  'Has made friends in class and joins in at break.',
  'Good effort in English; reading at home most nights.',
  'Enjoying science and asks good questions.',
  'Fewer behaviour incidents since the last PEP.',
] // prettier-ignore

export const WANTS: ReadonlyArray<string> = [
  'More help in maths lessons.',
  'To keep the same key adult.',
  'To go on the school trip with their class.',
  'Somewhere quiet to go when things get too much.',
  'To do a music lesson.',
] // prettier-ignore

export const LEISURE: ReadonlyArray<string> = [
  'Football, drawing and gaming.',
  'Swimming on Saturdays with the carer’s family.',
  'Scouts and baking.',
  'Dance club and music.',
] // prettier-ignore

export const CAREERS: ReadonlyArray<string> = [
  'Would like to be a vet or work with animals.',
  'Interested in being a mechanic.',
  'Wants to be a nurse.',
  'Thinking about hairdressing or beauty at college.',
  'Interested in computers and game design.',
] // prettier-ignore

export const REVIEW_EVIDENCE: Readonly<Record<TargetOutcome, ReadonlyArray<string>>> = {
  met: ['Met in full: teacher assessment and records show it.', 'Achieved early; a new target builds on it.'],
  partly_met: ['Good progress but not there yet; carried on with more support.', 'Met for most of the term; slipped after the holidays.'],
  not_met: ['Not met: missed sessions during a change of placement.', 'Not met: the intervention started late; to continue.'],
} // prettier-ignore

export const RETURN_FEEDBACK: ReadonlyArray<string> = [
  'Please make the maths target SMART: say how progress will be measured and by when.',
  'The child’s voice section is very short. Please record their views in their own words.',
  'Please review last term’s targets with evidence before resubmitting.',
] // prettier-ignore

export const QUALITY_NOTES: ReadonlyArray<string> = [
  'Clear targets linked to PP+; good record of the child’s views.',
  'Targets are good; next time say more about attendance.',
  'Good PEP. Please add the next meeting date.',
] // prettier-ignore
