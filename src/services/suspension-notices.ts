/**
 * Who a suspension's letters go to, and drafting and queuing them (DOMAIN.md EX-9, EX-19, PD-15, POL-33). Each
 * letter is kept as a `suspension_notice`; one with an email address is queued through the outbox in the
 * caller's transaction and keeps the outbox id, so its delivery can be followed.
 */
import type { IsoDate } from '../domain/calendar/dates.js'
import type { Actor } from '../domain/access/scope.js'
import type { PupilStatus } from '../domain/cohort/status.js'
import type { Executor } from '../data/db.js'
import { findLocalAuthority } from '../data/repositories/schools.repository.js'
import * as repo from '../data/repositories/suspensions.repository.js'
import { enqueueEmail } from './outbox.service.js'
import { schoolExclusionContacts } from './suspension-facts.js'
import type { Letter, NoticeRecipient } from './suspension-letters.js'

export type Addressee = { name: string | null; email: string | null }

const isEmail = (s: string | null): s is string => !!s && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim())

/**
 * The people a notice goes to. Parents: the pupil's current parent or guardian and carer contacts (a carer has
 * the day-to-day care the law means by "parent"). The social worker: the pupil's current social worker contacts
 * (PD-15). The Virtual School Head: the Virtual School of the LA that looks after the child, not the school's
 * LA (POL-33). The governing board and the LA: the addresses in the school's settings. With no one known, one
 * letter without an address, to print and send by hand.
 */
export async function addresseesOf(
  tx: Executor,
  recipient: NoticeRecipient,
  pupilId: string,
  school: { settings: Record<string, unknown> },
  status: PupilStatus,
  on: IsoDate,
): Promise<Addressee[]> {
  const contacts = schoolExclusionContacts(school.settings)
  const found: Addressee[] = await (async () => {
    switch (recipient) {
      case 'parent':
        return repo.currentContactsOf(tx, pupilId, ['parent_guardian', 'carer'], on)
      case 'social_worker':
        return repo.currentContactsOf(tx, pupilId, ['social_worker'], on)
      case 'governing_board':
        return [{ name: 'the governing board', email: contacts.governingBoardEmail }]
      case 'local_authority':
        return [{ name: null, email: contacts.localAuthorityEmail }]
      case 'virtual_school_head': {
        const la = status.responsibleLaCode
          ? await findLocalAuthority(tx, status.responsibleLaCode)
          : undefined
        return [{ name: null, email: la?.virtualSchoolEmail ?? null }]
      }
    }
  })()
  return found.length ? found : [{ name: null, email: null }]
}

export type DraftedNotice = {
  id: string
  recipient: NoticeRecipient
  toAddress: string | null
  queued: boolean
}

/**
 * Drafts one letter for each addressee of each recipient and queues those with an email address, unless
 * `hold(recipient)` says the letter is not ready to go (the parents' letter before the school has said where
 * representations go).
 */
export async function draftAndQueue(
  tx: Executor,
  actor: Actor,
  input: {
    suspensionId: string
    pupilId: string
    school: { id: string; settings: Record<string, unknown> }
    status: PupilStatus
    on: IsoDate
    purpose: repo.NoticeRow['purpose']
    recipients: readonly NoticeRecipient[]
    write: (recipient: NoticeRecipient, addressee: string | null) => Letter
    hold?: (recipient: NoticeRecipient) => boolean
  },
): Promise<DraftedNotice[]> {
  const drafted: DraftedNotice[] = []
  for (const recipient of input.recipients) {
    const addressees = await addresseesOf(tx, recipient, input.pupilId, input.school, input.status, input.on)
    for (const a of addressees) {
      const letter = input.write(recipient, a.name)
      const to = isEmail(a.email) ? a.email.trim() : null
      const queued =
        to !== null && !input.hold?.(recipient)
          ? await enqueueEmail(tx, {
              schoolId: input.school.id,
              pupilId: input.pupilId,
              to,
              subject: letter.subject,
              body: letter.body,
            })
          : null
      const notice = await repo.insertNotice(tx, {
        suspensionId: input.suspensionId,
        pupilId: input.pupilId,
        recipient,
        purpose: input.purpose,
        toAddress: to,
        subject: letter.subject,
        body: letter.body,
        outboxId: queued?.id ?? null,
        createdBy: actor.userId,
      })
      drafted.push({ id: notice.id, recipient, toAddress: to, queued: queued !== null })
    }
  }
  return drafted
}
