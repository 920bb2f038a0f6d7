/**
 * Checks on a cohort episode before it is saved (DOMAIN.md DEF-13, CL-1, PD-5, PD-14, PD-15).
 * Errors refuse the save; warnings are shown but the episode is accepted. Paths are API field names.
 */
import { formatDate, isIsoDate, type IsoDate } from '../calendar/dates.js'
import {
  isCinCategory,
  isClaLegalStatus,
  isCpCategory,
  isEpisodeType,
  isKinshipArrangement,
  isPlaRoute,
} from './codes.js'
import type { EpisodeFacts } from './status.js'

export type EpisodeInput = EpisodeFacts & { cinCategory?: string | null; cpCategory?: string | null }

export type Problem = { path: string; message: string }

export type EpisodeCheck = { errors: Problem[]; warnings: Problem[] }

function isBlank(v: string | null | undefined): v is null | undefined | '' {
  return v === null || v === undefined || v === ''
}

/** The episode's dates, or null when they are unusable (already reported as errors). */
function usableDates(e: EpisodeFacts): { start: IsoDate; end: IsoDate | null } | null {
  if (!isIsoDate(e.startDate)) return null
  if (isBlank(e.endDate)) return { start: e.startDate, end: null }
  if (!isIsoDate(e.endDate) || e.endDate < e.startDate) return null
  return { start: e.startDate, end: e.endDate }
}

function describePeriod(start: IsoDate, end: IsoDate | null): string {
  return end === null ? `from ${formatDate(start)}` : `from ${formatDate(start)} to ${formatDate(end)}`
}

export function validateEpisode(
  input: EpisodeInput,
  others: ReadonlyArray<EpisodeFacts & { id: string }>,
  options: { today: IsoDate; dateOfBirth?: IsoDate | null; knownLaCodes?: ReadonlySet<string> },
): EpisodeCheck {
  const errors: Problem[] = []
  const warnings: Problem[] = []
  const error = (path: string, message: string): void => void errors.push({ path, message })

  const typeOk = isEpisodeType(input.type)
  if (!typeOk) error('type', 'Choose the type of episode')

  // Dates
  const startOk = isIsoDate(input.startDate)
  if (isBlank(input.startDate)) error('startDate', 'Enter the start date')
  else if (!startOk) error('startDate', 'The start date must be a real date')
  const endGiven = !isBlank(input.endDate)
  const endOk = endGiven && isIsoDate(input.endDate ?? '')
  if (endGiven && !endOk) error('endDate', 'The end date must be a real date')
  if (startOk && endOk && input.endDate! < input.startDate) {
    error('endDate', 'The end date must be the same as or after the start date')
  }
  if (startOk && input.type !== 'PLA' && input.startDate > options.today) {
    // A PLA episode starts on the date of the order (DEF-13), which is not checked against today.
    error('startDate', 'The start date must be today or in the past')
  }
  const dob = options.dateOfBirth
  if (startOk && !isBlank(dob) && isIsoDate(dob) && input.startDate < dob) {
    error('startDate', `The start date must be on or after the child’s date of birth, ${formatDate(dob)}`)
  }

  // Fields that belong to the type; the others are ignored.
  switch (input.type) {
    case 'CLA': {
      const status = input.legalStatus
      if (isBlank(status)) error('legalStatus', 'Choose a legal status from the list')
      else if (!isClaLegalStatus(status)) {
        error('legalStatus', `“${status}” is not a legal status. Choose a legal status from the list`)
      }
      const la = input.responsibleLaCode
      if (isBlank(la)) {
        error('responsibleLaCode', 'Enter the 3-digit code of the local authority that looks after the child')
      } else if (!/^\d{3}$/.test(la)) {
        error('responsibleLaCode', `“${la}” is not a local authority code: enter 3 digits, like 202`)
      } else if (options.knownLaCodes && !options.knownLaCodes.has(la)) {
        // DOMAIN.md PD-14: LA codes change, so an unknown code is accepted with a warning.
        warnings.push({
          path: 'responsibleLaCode',
          message: `Local authority code ${la} is not in Harbour’s list of local authorities. It has been accepted because codes change: check it is right`,
        })
      }
      break
    }
    case 'PLA':
      if (!isPlaRoute(input.route)) {
        error(
          'route',
          'Choose how the child left care: adoption, special guardianship order, child arrangements order, or adoption from state care outside England and Wales',
        )
      }
      break
    case 'KINSHIP':
      if (!isKinshipArrangement(input.arrangement)) {
        error('arrangement', 'Choose whether the kinship arrangement is formal, informal or not known')
      }
      break
    case 'CIN':
      if (!isBlank(input.cinCategory) && !isCinCategory(input.cinCategory)) {
        error('cinCategory', 'Choose a category of need from the list (N1 to N8)')
      }
      break
    case 'CP':
      if (!isBlank(input.cpCategory) && !isCpCategory(input.cpCategory)) {
        error('cpCategory', 'Choose a category of abuse from the list')
      }
      break
  }

  // DOMAIN.md DEF-13: never CLA and PLA on the same date (end dates are inclusive).
  const mine = typeOk ? usableDates(input) : null
  if (mine && (input.type === 'CLA' || input.type === 'PLA')) {
    const otherType = input.type === 'CLA' ? 'PLA' : 'CLA'
    for (const other of others) {
      if (other.type !== otherType) continue
      const theirs = usableDates(other)
      if (!theirs) continue
      const overlaps =
        (theirs.end === null || mine.start <= theirs.end) && (mine.end === null || theirs.start <= mine.end)
      if (overlaps) {
        const what = otherType === 'PLA' ? 'previously looked after status' : 'looked after episode'
        error(
          'startDate',
          `This overlaps the ${what} ${describePeriod(theirs.start, theirs.end)}: a child cannot be looked after and previously looked after on the same day`,
        )
        break
      }
    }
  }

  return { errors, warnings }
}
