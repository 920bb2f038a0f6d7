import type { CalendarInput } from '../../../src/services/schools.service.js'

/** Terms that cover the whole school year from 1 August, so that any recent day, and the next, is in one. */
export function termsAllYear(schoolYear: number): CalendarInput {
  return {
    terms: [
      { name: 'autumn', start: `${schoolYear}-08-01`, end: `${schoolYear}-12-20` },
      { name: 'spring', start: `${schoolYear + 1}-01-02`, end: `${schoolYear + 1}-03-31` },
      { name: 'summer', start: `${schoolYear + 1}-04-01`, end: `${schoolYear + 1}-07-31` },
    ],
    closures: [],
  }
}

/** A usual school year's three terms, September to July, with their holidays. */
export function usualTerms(schoolYear: number): CalendarInput {
  return {
    terms: [
      { name: 'autumn', start: `${schoolYear}-09-03`, end: `${schoolYear}-12-18` },
      { name: 'spring', start: `${schoolYear + 1}-01-05`, end: `${schoolYear + 1}-03-26` },
      { name: 'summer', start: `${schoolYear + 1}-04-12`, end: `${schoolYear + 1}-07-21` },
    ],
    closures: [],
  }
}
