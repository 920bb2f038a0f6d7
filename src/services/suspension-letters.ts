/**
 * The words of the letters and notices a suspension or permanent exclusion sends (DOMAIN.md EX-4, EX-5, EX-7,
 * EX-9, EX-10, EX-11, EX-12, EX-19). Plain text, for the outbox and for printing; no I/O here.
 */
import { formatDate, type IsoDate } from '../domain/calendar/dates.js'
import type { ExclusionCategory } from '../domain/exclusions/reason-codes.js'
import type { NotificationKind } from '../domain/exclusions/obligations.js'

export type NoticeRecipient =
  'parent' | 'governing_board' | 'local_authority' | 'social_worker' | 'virtual_school_head'

export const RECIPIENT_OF: Record<NotificationKind, NoticeRecipient> = {
  notify_parent: 'parent',
  notify_governing_board: 'governing_board',
  notify_local_authority: 'local_authority',
  notify_social_worker: 'social_worker',
  notify_virtual_school_head: 'virtual_school_head',
}

export const RECIPIENT_LABELS: Record<NoticeRecipient, string> = {
  parent: 'Parents or carers',
  governing_board: 'Governing board',
  local_authority: 'Local authority',
  social_worker: 'Social worker',
  virtual_school_head: 'Virtual School Head',
}

/** Shown where the school has not yet said where representations go: the letter must not go out without it. */
export const REPRESENTATIONS_PLACEHOLDER =
  '[The school must add here the address of the clerk to the governing board, where representations go. Set it in the school’s settings.]'

export type Day6Details = { where: string; hours: string; from: IsoDate }

/** What every letter about one exclusion is written from. */
export type LetterFacts = {
  pupilName: string
  schoolName: string
  category: ExclusionCategory
  startDate: IsoDate
  /** School days (a multiple of 0.5); null for a permanent exclusion. */
  days: number | null
  lunchtime: boolean
  /** The school days the suspension covers, in order. */
  schoolDays: IsoDate[]
  /** The first school day back, when the calendar knows it. */
  returnsOn: IsoDate | null
  reasons: ReadonlyArray<{ code: string; description: string }>
  details: string | null
  board: {
    requirement: 'must_meet' | 'meet_if_requested' | 'consider_representations'
    dueBy: IsoDate | null
  }
  /** EX-5: when education from the sixth day is needed, from when, and what is arranged if known. */
  day6: { from: IsoDate; details: Day6Details | null } | null
  representationsTo: string | null
  headteacherName: string
}

export type Letter = { subject: string; body: string }

const CATEGORY_WORDS: Record<ExclusionCategory, string> = {
  SUSP: 'suspension',
  LNCH: 'lunchtime suspension',
  PERM: 'permanent exclusion',
}

const dayWord = (n: number) => (n === 1 ? 'school day' : 'school days')

/** "for 3 school days, from 23 November 2026 to 25 November 2026". */
export function periodInWords(f: LetterFacts): string {
  if (f.category === 'PERM') return `permanently, from ${formatDate(f.startDate)}`
  if (f.lunchtime) return `for the lunchtime on ${formatDate(f.startDate)} (this counts as half a school day)`
  const last = f.schoolDays.at(-1) ?? f.startDate
  const days = f.days ?? 0
  const range =
    last === f.startDate
      ? `on ${formatDate(f.startDate)}`
      : `from ${formatDate(f.startDate)} to ${formatDate(last)}`
  const half = Number.isInteger(days) ? '' : ' (the last of them is a half day)'
  return `for ${days} ${dayWord(days)}${half}, ${range}`
}

function reasonsInWords(f: LetterFacts): string {
  const lines = f.reasons.map((r) => `- ${r.description}`)
  if (f.details) lines.push('', f.details)
  return lines.join('\n')
}

function representationsParagraph(recipient: NoticeRecipient, f: LetterFacts): string {
  // A professional's copy goes out even before the school has set the address; the parents' waits for it.
  const where =
    f.representationsTo?.trim() ||
    (recipient === 'parent'
      ? REPRESENTATIONS_PLACEHOLDER
      : 'The school will give the address of the clerk to the governing board.')
  const board = (() => {
    switch (f.board.requirement) {
      case 'must_meet':
        return `The governing board must meet to consider whether ${f.pupilName} should be reinstated${f.board.dueBy ? `, by ${formatDate(f.board.dueBy)}` : ''}. You will be invited, and you may bring a friend or representative.`
      case 'meet_if_requested':
        return `If you make representations, the governing board must meet to consider whether ${f.pupilName} should be reinstated${f.board.dueBy ? `, by ${formatDate(f.board.dueBy)}` : ''}.`
      case 'consider_representations':
        return 'The governing board must consider what you say, but it cannot reinstate your child. You may ask for your views to be kept with your child’s school record.'
    }
  })()
  return [
    'You have the right to make representations about this decision to the governing board.',
    board,
    `Please send your representations to:\n${where}`,
    `${f.pupilName} also has the right to be involved in this and to have their views heard.`,
    'Your local authority can tell you where to get free, independent advice.',
  ].join('\n\n')
}

function day6Paragraph(f: LetterFacts): string | null {
  if (!f.day6) return null
  const who =
    f.category === 'PERM'
      ? 'The local authority must arrange suitable full-time education'
      : 'The school must arrange suitable full-time education'
  if (f.day6.details) {
    const d = f.day6.details
    return `${who} from ${formatDate(f.day6.from)}, the sixth school day. It will be at ${d.where}, ${d.hours}, from ${formatDate(d.from)}.`
  }
  // EX-7: when the details are not known on the first day, a further notice follows at least 48 hours ahead.
  return `${who} from ${formatDate(f.day6.from)}, the sixth school day. We will write to you with where and when, at least 48 hours before it starts.`
}

function firstDaysParagraph(f: LetterFacts): string | null {
  if (f.lunchtime) return `${f.pupilName} must not be on the school site at lunchtime on that day.`
  // EX-4 (EIA 2006 s103): days 1 to 5, work set by the school; the parent keeps the child out of public places.
  return [
    `The school will set and mark work for ${f.pupilName} for the first five school days.`,
    `For the first five school days, you must make sure that ${f.pupilName} is not in a public place during school hours without a good reason. You may be given a fixed penalty notice or prosecuted if you do not.`,
  ].join(' ')
}

function signOff(f: LetterFacts): string {
  return `${f.headteacherName}\nHeadteacher, ${f.schoolName}`
}

/** EX-9: the letter to the parents (and, "as for parents", the social worker and the Virtual School Head). */
export function suspensionLetter(
  recipient: NoticeRecipient,
  f: LetterFacts,
  addressee: string | null,
): Letter {
  const what = CATEGORY_WORDS[f.category]
  const subject =
    recipient === 'parent'
      ? `${capitalise(what)} of ${f.pupilName} from ${f.schoolName}`
      : `Notice of ${what}: ${f.pupilName}, ${f.schoolName}`
  const decision =
    f.category === 'PERM'
      ? `I have decided to permanently exclude ${f.pupilName} from ${f.schoolName}, from ${formatDate(f.startDate)}.`
      : `I have decided to suspend ${f.pupilName} from ${f.schoolName} ${periodInWords(f)}.`
  const back =
    f.category !== 'PERM' && f.returnsOn
      ? `${f.pupilName} is expected back at school on ${formatDate(f.returnsOn)}.`
      : null
  const opening =
    recipient === 'parent'
      ? `Dear ${addressee ?? 'parent or carer'},`
      : `Dear ${addressee ?? RECIPIENT_LABELS[recipient]},`
  const forProfessional: Record<NoticeRecipient, string | null> = {
    parent: null,
    governing_board:
      'This is the notice to the governing board that the law requires for every suspension and permanent exclusion.',
    local_authority:
      'This is the notice to the local authority that the law requires for every suspension and permanent exclusion.',
    social_worker: `You are receiving this because you are ${f.pupilName}’s social worker. It says what the parents have been told.`,
    virtual_school_head: `You are receiving this because ${f.pupilName} is looked after. It says what the parents have been told. You are invited to any meeting of the governing board about it, and may attend and make representations.`,
  }
  const body = [
    opening,
    forProfessional[recipient],
    decision,
    back,
    `The reasons for this decision are:\n${reasonsInWords(f)}`,
    recipient === 'governing_board' || recipient === 'local_authority'
      ? boardParagraph(f)
      : firstDaysParagraph(f),
    day6Paragraph(f),
    recipient === 'governing_board' || recipient === 'local_authority'
      ? null
      : representationsParagraph(recipient, f),
    'Yours sincerely,',
    signOff(f),
  ]
  return { subject, body: body.filter((p): p is string => p !== null).join('\n\n') }
}

function boardParagraph(f: LetterFacts): string {
  switch (f.board.requirement) {
    case 'must_meet':
      return `The governing board must meet to consider reinstatement${f.board.dueBy ? ` by ${formatDate(f.board.dueBy)}` : ''}.`
    case 'meet_if_requested':
      return `If the parents make representations, the governing board must meet to consider reinstatement${f.board.dueBy ? ` by ${formatDate(f.board.dueBy)}` : ''}.`
    case 'consider_representations':
      return 'The governing board must consider any representations from the parents, but cannot reinstate.'
  }
}

/** EX-19: the exclusion is cancelled; the same people are told, with the reasons. */
export function cancellationLetter(
  recipient: NoticeRecipient,
  f: LetterFacts,
  addressee: string | null,
  cancelledOn: IsoDate,
  reason: string,
): Letter {
  const what = CATEGORY_WORDS[f.category]
  return {
    subject: `Cancelled: ${what} of ${f.pupilName}, ${f.schoolName}`,
    body: [
      `Dear ${addressee ?? (recipient === 'parent' ? 'parent or carer' : RECIPIENT_LABELS[recipient])},`,
      `On ${formatDate(cancelledOn)} I cancelled the ${what} of ${f.pupilName} that began on ${formatDate(f.startDate)}.`,
      `The reasons for cancelling it are:\n${reason.trim()}`,
      f.category === 'PERM'
        ? null
        : 'The days that had been set for it no longer count towards the 45 school days a pupil may be suspended in a school year.',
      'Yours sincerely,',
      signOff(f),
    ]
      .filter((p): p is string => p !== null)
      .join('\n\n'),
  }
}

/** EX-7: the details of the education from the sixth day, when they were not known on the first day. */
export function day6ProvisionLetter(f: LetterFacts, addressee: string | null, d: Day6Details): Letter {
  return {
    subject: `Education from the sixth day: ${f.pupilName}, ${f.schoolName}`,
    body: [
      `Dear ${addressee ?? 'parent or carer'},`,
      `From ${formatDate(d.from)}, ${f.pupilName} will be taught at ${d.where}, ${d.hours}.`,
      `${f.pupilName} must attend. If they do not, it will count as an absence.`,
      'Yours sincerely,',
      signOff(f),
    ].join('\n\n'),
  }
}

/** EX-11, EX-12: the governing board's decision, and for a permanent exclusion upheld the independent review. */
export function boardDecisionLetter(
  f: LetterFacts,
  addressee: string | null,
  decision: { outcome: string; meetingOn: IsoDate; independentReviewBy: IsoDate | null },
): Letter {
  const words: Record<string, string> = {
    upheld: `decided not to reinstate ${f.pupilName}`,
    reinstated: `decided that ${f.pupilName} should be reinstated`,
    would_have_reinstated: `decided that it would have reinstated ${f.pupilName} if that were still possible; this will be kept with ${f.pupilName}’s school record`,
  }
  return {
    subject: `The governing board’s decision: ${f.pupilName}, ${f.schoolName}`,
    body: [
      `Dear ${addressee ?? 'parent or carer'},`,
      `The governing board met on ${formatDate(decision.meetingOn)} and ${words[decision.outcome] ?? decision.outcome}.`,
      decision.independentReviewBy
        ? `You may apply for an independent review of this decision. Your application must arrive by ${formatDate(decision.independentReviewBy)}.`
        : null,
      'Yours sincerely,',
      `The clerk to the governing board, ${f.schoolName}`,
    ]
      .filter((p): p is string => p !== null)
      .join('\n\n'),
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
