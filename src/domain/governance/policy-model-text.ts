/**
 * Harbour's model policy (issue 7 item 3, DOMAIN.md POL-1..POL-33): the sections every school policy for
 * looked-after and previously looked-after children, children with a social worker and children in kinship
 * care shares, in that order, each with a starting text written for Harbour. Words in curly brackets are
 * filled in from the school's records when the policy is shown (policy-template.ts).
 *
 * Text format, also what a school types when it changes a section: paragraphs separated by a blank line;
 * a line starting with "- " is a bullet point.
 */

export type PolicySectionKey =
  | 'purpose'
  | 'intention'
  | 'impact'
  | 'statutory-planning'
  | 'roles'
  | 'attendance'
  | 'admissions-and-transitions'
  | 'send'
  | 'safeguarding'
  | 'suspensions-and-exclusions'
  | 'alternative-provision'
  | 'multi-agency-working'

export type PolicySectionTemplate = { key: PolicySectionKey; title: string; modelText: string }

const purpose = `This policy sets out how {school} meets its duties to children who are looked after by a local authority and to children who were previously looked after, and how it supports children who have a social worker now or had one in the past, and children growing up in kinship care.

It says who is responsible for what, which plans we keep for each child, and what we do when a child’s attendance, behaviour or circumstances worry us. Every member of staff reads it and confirms they have understood it.

In this policy:
- looked-after children are in the care of a local authority, or have been provided with accommodation by one for more than 24 hours
- previously looked-after children left care in England or Wales through adoption, a special guardianship order or a child arrangements order, or were adopted from state care abroad
- children with a social worker have a child in need or child protection plan now, or have had one at any time in the last six years
- children in kinship care are brought up by a relative or a family friend, with or without a court order`

const intention = `Many of these children have lived through loss, upheaval or harm. That can shape how they form relationships, how they manage their feelings and how ready they are to learn. We want {school} to be somewhere they feel safe, known and that they belong, and where adults expect a great deal of them.

To make that happen:
- every adult in the school, teaching and support staff alike, takes part in attachment-aware and trauma-informed training each school year
- we read behaviour as a way a child tells us something, and respond to the need behind it as well as to the behaviour itself
- these children come first for extra help in school, even when they fall just outside the usual criteria for an intervention
- a child’s care status never stops them being chosen for a position of responsibility
- personal information is kept on a need-to-know basis and shared only as far as it helps the child
- staff reflect on their own assumptions, so that every decision about these children is fair and can be explained`

const impact = `The headteacher and the governing board will judge the policy by these signs that it is working:
- each child has at least one key adult they trust, who speaks up for them and keeps a close eye on their progress
- the gap in attainment and progress between these children and their classmates narrows from one year to the next
- their attendance rises, and the time they lose to suspensions falls
- every looked-after child has an up-to-date personal education plan, reviewed at least once a term
- pupil premium plus is spent on things that make a measurable difference, and we can show what that difference was
- staff feel confident using relational approaches, and children and families tell us they belong here
- governors receive a yearly report that tells them how many children are in each group and how they are doing, without naming any child`

const statutoryPlanning = `Every looked-after child on our roll has a personal education plan (PEP), which is part of their care plan. The first PEP is in place within 10 working days of the child’s first placement starting and is ready for the first review of their care plan. After that we hold a PEP meeting at least once a term, so there are at least three in every school year, and we ask for an early review after any change of school or care placement.

The designated teacher arranges each PEP meeting with the child’s social worker, their carer and the Virtual School, and makes sure the child’s own views are heard. Each plan sets targets that are specific and measurable, says who will do what and by when, and records the child’s attendance, progress and any special educational needs.

Pupil premium plus for a looked-after child is held by the Virtual School Head of the local authority that looks after them. We request it through the PEP, and every request is linked to a target in the plan. For previously looked-after children the grant is paid to the school, and we agree how to use it with the child’s parents or guardians. We record what each amount was spent on and the difference it made, and report both to governors.

When the local authority asks, the designated teacher completes a strengths and difficulties questionnaire for each looked-after child, at least once a year, to inform their annual health assessment.`

const roles = `Everyone at {school} shares responsibility for these children. Some people hold named roles, and in the {school year} school year they are:
- designated teacher for looked-after and previously looked-after children: {designated teacher}
- designated governor: {designated governor}
- designated safeguarding lead and deputies: {safeguarding leads}
- lead for children with a social worker: {lead for children with a social worker}
- special educational needs co-ordinator (SENCO): {SENCO}
- senior mental health lead: {mental health lead}

The headteacher and the governing board make sure the designated teacher is a qualified teacher, sits on the senior leadership team, and has the time, the experience and at least two days of training each year that the role needs. They check how well the role is working, and expect the designated teacher and the designated safeguarding lead to plan and train together.

The designated teacher:
- leads the school’s work for looked-after and previously looked-after children, and is the first point of contact for their social workers, carers, parents and the Virtual School
- follows each child’s progress through assessment data, teachers’ reports and looking at their work, and acts early when progress slows
- makes sure pupil premium plus is used well and its effect recorded
- gives all staff attachment-aware and trauma-informed training each year, and advises colleagues day to day
- reports to the headteacher and the governing board at least once a year

The designated safeguarding lead works with the designated teacher to support the education of children with a social worker and children in kinship care.

All staff take part in the training offered, give the designated teacher and the designated safeguarding lead accurate information when they ask for it, and go to them for advice when unsure.`

const attendance = `Good attendance matters for every child, and for a child whose life has been disrupted it can also bring stability and routine. Our attendance procedures take each child’s circumstances into account.

When a child’s attendance or punctuality worries us, we act quickly. We talk to the child and to their carer or parents, and contact the social worker and the other professionals involved. For a looked-after child we also contact the Virtual School responsible for them. Where it would help, we agree an attendance support plan with the family and the professionals around the child.

We tell a child’s social worker promptly about any absence we cannot explain.

When we celebrate good attendance, we do not count against a child the days they missed because their care placement changed. This is a reasonable adjustment for the child; the attendance figures we report to the Department for Education are never altered.`

const admissionsAndTransitions = `Looked-after and previously looked-after children have the highest priority in our admission arrangements, as the school admissions code requires.

Starting at a new school, or leaving one, can be especially hard for a child who has already lost people and places that mattered to them. When one of these children joins us or moves on, we:
- pass on and ask for information quickly, so that nothing the child needs is lost between schools
- offer extra visits before the move and, where it helps, a meeting with the other school, the carer and the social worker
- choose a member of staff as a mentor and a classmate as a buddy before the child’s first day
- plan any extra support the child will need in the first weeks
- give the child a proper chance to say goodbye to the people and places they are leaving

The designated teacher asks for a looked-after child’s PEP to be reviewed after any change of school. If parents or carers tell us they intend to educate their child at home, we offer to meet them first to talk it through.`

const send = `Many of these children also have special educational needs or disabilities. For them, the SENCO ({SENCO}) and the designated teacher work as one team, so that:
- the child has one joined-up set of plans, and their PEP and any education, health and care plan agree with each other
- the help they get in school goes beyond what every pupil is offered, and is delivered consistently
- progress is checked often and support changed when it is not working, as the SEND code of practice describes
- any work support staff do with the child is overseen by a teacher
- each annual review of an education, health and care plan is held on time, and everyone who works with the child is asked to contribute

The senior mental health lead ({mental health lead}) makes sure these children’s emotional wellbeing is part of the school’s approach to mental health.`

const safeguarding = `Many children with a social worker have one because someone was worried about their welfare or safety. All staff stay alert to signs that a child may be at risk, follow our child protection procedures and the government’s latest Keeping Children Safe in Education guidance, and report any concern without delay to the designated safeguarding lead or a deputy ({safeguarding leads}).

The designated safeguarding lead makes sure the staff who need to know are told when a social worker is assigned to a child, and records who was told. Information is shared within the school only as far as it helps to keep the child safe and to support their learning. We give social care the educational information it asks for within the timescales agreed with it.`

const suspensionsAndExclusions = `Being sent out of school can do lasting harm to a child who has already known rejection or loss, and for a looked-after child it can put their care placement at risk. We do everything we reasonably can to avoid suspending or excluding these children, and keep any time out of school as short as possible. Permanent exclusion is a last resort.

When a looked-after child might be suspended or excluded, the designated teacher contacts the Virtual School responsible for them straight away, before any decision is made, to talk through what is happening and what else could help. When a previously looked-after child is at risk, the designated teacher speaks to their parents or guardians first, and asks the Virtual School for advice with their agreement.

Before a suspension we consider other ways forward, such as:
- time out of class with a trusted adult
- a separate or supervised break time
- changes to the curriculum, a nurture group or another programme shaped around the child
- advice from the SENCO or the senior mental health lead
- a pastoral support plan, a safety and support plan, or a referral to another agency
- a cycle of assessing the child’s needs, planning and giving support, and reviewing whether it worked

If a child is suspended more than once, we carry out a trauma-informed risk assessment, share it with the child, their parents or carers and the staff who work with them, and look for extra support. We adjust what we do for a disabled pupil, as the Equality Act 2010 requires, and suspend a child with special educational needs only as a last resort. We tell the child’s social worker about any suspension or exclusion promptly.`

const alternativeProvision = `Sometimes a child’s needs are best met for a while by education away from the school. When we arrange alternative provision for one of these children:
- the child stays on our roll; if that is not possible, we put in writing which setting reports on the child and answers for how their pupil premium plus is spent
- the arrangement is part of the child’s PEP, or of their child protection or child in need plan, and the provider takes part in its reviews
- the child’s week adds up to full-time education, counting the provision and any time in school together, and the teaching is good
- we check the child’s attendance, progress and safety there regularly, and change the arrangement if it is not meeting their needs`

const multiAgencyWorking = `No school can meet these children’s needs alone. We build good working relationships with social workers, health professionals, the Virtual School and other services, share what we know promptly, and make it easy for them to see the child in school.

{school} is in the area of {local authority}. Its Virtual School, {virtual school}, gives us advice and training and, for the children it looks after, pupil premium plus:
- email: {virtual school email}
- telephone: {virtual school phone}
- website: {virtual school website}

When a child is looked after by another local authority, we contact that authority’s Virtual School about them.

The governing board reviews this policy every year unless it decides on a longer interval, and never less often than every three years. Next review: {next review date}.`

export const POLICY_SECTIONS: readonly PolicySectionTemplate[] = [
  { key: 'purpose', title: 'Purpose of this policy', modelText: purpose },
  { key: 'intention', title: 'What we intend', modelText: intention },
  { key: 'impact', title: 'The difference we expect to make', modelText: impact },
  {
    key: 'statutory-planning',
    title: 'Statutory planning: personal education plans and pupil premium plus',
    modelText: statutoryPlanning,
  },
  { key: 'roles', title: 'Roles and responsibilities', modelText: roles },
  { key: 'attendance', title: 'Attendance', modelText: attendance },
  {
    key: 'admissions-and-transitions',
    title: 'Admissions and transitions',
    modelText: admissionsAndTransitions,
  },
  { key: 'send', title: 'Special educational needs and disabilities', modelText: send },
  { key: 'safeguarding', title: 'Safeguarding', modelText: safeguarding },
  {
    key: 'suspensions-and-exclusions',
    title: 'Suspensions and exclusions',
    modelText: suspensionsAndExclusions,
  },
  { key: 'alternative-provision', title: 'Alternative provision', modelText: alternativeProvision },
  {
    key: 'multi-agency-working',
    title: 'Working with other services and the Virtual School',
    modelText: multiAgencyWorking,
  },
]

export function isPolicySectionKey(value: string): value is PolicySectionKey {
  return POLICY_SECTIONS.some((s) => s.key === value)
}
