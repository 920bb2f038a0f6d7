import { formatDate, type IsoDate } from '../domain/calendar/dates.js'

// The words of attendance alert tasks and emails: plain, for busy school staff and social workers, and no
// more about the child than the reader needs (the name, the sessions, what to do).

const SESSION_WORDS = { AM: 'morning', PM: 'afternoon' } as const

export function sessionWords(session: 'AM' | 'PM'): string {
  return SESSION_WORDS[session]
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** "Monday 23 November 2026". */
export function dayAndDate(d: IsoDate): string {
  return `${DAY_NAMES[new Date(`${d}T12:00:00Z`).getUTCDay()]} ${formatDate(d)}`
}

export function unexplainedAbsenceTitle(date: IsoDate, session: 'AM' | 'PM'): string {
  return `Tell the social worker: unexplained absence on ${dayAndDate(date)} (${sessionWords(session)})`
}

export type Told = { socialWorkers: string[]; virtualSchool: string | null; missing: string[] }

/** What the task asks of the school, and whom Harbour has already emailed. */
export function unexplainedAbsenceDetail(told: Told, lookedAfter: boolean): string {
  const lines = [
    'The pupil was absent and the school does not know why (code N or O). Tell the social worker today' +
      (lookedAfter ? ', and the Virtual School that looks after the child.' : '.'),
  ]
  const emailed = [...told.socialWorkers, ...(told.virtualSchool ? [told.virtualSchool] : [])]
  if (emailed.length) lines.push(`Harbour has emailed: ${emailed.join(', ')}.`)
  for (const m of told.missing) lines.push(m)
  lines.push(
    'Phone them if you are worried about the child’s safety. When the reason is known, change the code in ' +
      'the register: the next import closes this task.',
  )
  return lines.join('\n')
}

export const NO_SOCIAL_WORKER_EMAIL =
  'No email address is recorded for the social worker: add one to the pupil’s contacts, and phone them.'

export function noVirtualSchoolEmail(laName: string | null, laCode: string): string {
  return `No email address is recorded for the Virtual School of ${laName ?? `local authority ${laCode}`}: ask an administrator to add it, and phone them.`
}

export type AbsentSession = { date: IsoDate; session: 'AM' | 'PM' }

export function unexplainedAbsenceEmail(
  pupil: { givenName: string; familyName: string },
  schoolName: string,
  sessions: readonly AbsentSession[],
  reader: 'social_worker' | 'virtual_school',
): { subject: string; body: string } {
  const list = sessions.map((s) => `- ${dayAndDate(s.date)}, ${sessionWords(s.session)}`).join('\n')
  const why =
    reader === 'social_worker'
      ? 'You are receiving this because you are recorded as the child’s social worker.'
      : 'You are receiving this because your Virtual School looks after the child.'
  return {
    subject: `Unexplained absence from ${schoolName}`,
    body: [
      `${pupil.givenName} ${pupil.familyName} was absent from ${schoolName}, and the school does not yet know why:`,
      list,
      `If you know the reason, or you are worried about ${pupil.givenName}’s safety, please contact the school today.`,
      why,
    ].join('\n\n'),
  }
}
