import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '../domain/calendar/dates.js'
import { statusOn } from '../domain/cohort/status.js'
import { pepSchedule } from '../domain/pep/schedule.js'
import { buildDemo, type DemoData } from './build.js'
import { scheduleInputOf } from './peps.js'
import { DEMO_LA_CODE } from './spec.js'

// A school day in term (autumn 2026) and a day in the summer holidays, when the last term has just ended.
describe.each(['2026-11-23', '2026-08-10'])('the demo PEPs on %s', (today) => {
  const data = buildDemo({ seed: 136, today, size: 'standard' })
  const { peps, targets, reviews, events } = data.peps
  const pupilOf = (id: string) => data.pupils.find((p) => p.id === id)!

  /** Each demo child's PEP status today, from the schedule itself (DOMAIN.md PD-1, PD-18). */
  function statuses(d: DemoData, laCode?: string) {
    const withPeps = [
      ...new Set(d.peps.peps.filter((p) => !laCode || p.responsibleLaCode === laCode).map((p) => p.pupilId)),
    ]
    return withPeps.map((id) => {
      const pupil = pupilOf(id)
      const school = {
        terms: d.terms.filter((t) => t.schoolId === pupil.schoolId),
        closures: d.closures.filter((c) => c.schoolId === pupil.schoolId),
      }
      const input = scheduleInputOf(pupil, d.episodes, d.placementChanges, school)
      const facts = d.peps.peps
        .filter((p) => p.pupilId === id)
        .map((p) => ({
          meetingDate: p.meetingDate,
          submittedOn: p.submittedAt ? todayInLondon(p.submittedAt) : null,
          status: p.status!,
        }))
      return pepSchedule({ ...input, peps: facts }, today).status
    })
  }

  it('gives PEPs only to children looked after today, at their own school', () => {
    expect(peps.length).toBeGreaterThan(10)
    for (const pep of peps) {
      const pupil = pupilOf(pep.pupilId)
      expect(pep.schoolId).toBe(pupil.schoolId)
      const episodes = data.episodes.filter((e) => e.pupilId === pupil.id && !e.supersededById)
      const status = statusOn(
        episodes.map((e) => ({ ...e, endDate: e.endDate ?? null })),
        today,
      )
      expect(status.cla).toBe(true)
      expect(pep.responsibleLaCode).toBe(status.responsibleLaCode)
    }
  })

  it('never has a submitted PEP with its meeting in the future, or decided before it was submitted', () => {
    for (const pep of peps.filter((p) => p.status !== 'draft')) {
      expect(pep.meetingDate < today, pep.meetingDate).toBe(true)
      expect(todayInLondon(pep.submittedAt!) >= pep.meetingDate).toBe(true)
      expect(todayInLondon(pep.submittedAt!) <= today).toBe(true)
      if (pep.status === 'approved') {
        expect(pep.approvedAt!.getTime()).toBeGreaterThanOrEqual(pep.submittedAt!.getTime())
        expect(['green', 'amber']).toContain(pep.qualityRating)
      }
      if (pep.status === 'returned') expect(pep.returnFeedback).toBeTruthy()
    }
    for (const pep of peps.filter((p) => p.status === 'draft')) expect(pep.submittedAt).toBeNull()
  })

  it('is mostly approved, with drafts, a return and some awaiting the Virtual School', () => {
    const count = (s: string) => peps.filter((p) => p.status === s).length
    expect(count('approved') / peps.length).toBeGreaterThan(0.7)
    expect(count('draft')).toBeGreaterThanOrEqual(1)
    expect(count('returned')).toBeGreaterThanOrEqual(1)
    const ratings = new Set(peps.map((p) => p.qualityRating).filter(Boolean))
    expect(ratings).toEqual(new Set(['green', 'amber']))
  })

  it('makes most children up to date on the schedule, and a few overdue', () => {
    const all = statuses(data)
    const upToDate = all.filter((s) => s === 'ok' || s === 'due_soon').length
    expect(upToDate / all.length).toBeGreaterThanOrEqual(0.5)
    expect(all.filter((s) => s === 'overdue').length).toBeGreaterThanOrEqual(1)
    expect(all).not.toContain('not_required')
    // The Virtual School of the demo LA sees an overdue child too.
    expect(statuses(data, DEMO_LA_CODE)).toContain('overdue')
  })

  it('gives each PEP one or two SMART targets, and reviews the previous PEP’s targets (PEP-12)', () => {
    for (const pep of peps) {
      const own = targets.filter((t) => t.pepId === pep.id)
      expect(own.length).toBeGreaterThanOrEqual(1)
      expect(own.length).toBeLessThanOrEqual(2)
      for (const t of own) {
        expect(t.description && t.successCriteria && t.owner).toBeTruthy()
        expect(t.dueBy > pep.meetingDate).toBe(true)
      }
      const reviewed = reviews.filter((r) => r.pepId === pep.id).map((r) => r.targetId)
      const previous = targets.filter((t) => t.pepId === pep.followsPepId).map((t) => t.id)
      if (pep.status !== 'draft') expect(reviewed.sort()).toEqual(previous.sort())
      else for (const id of reviewed) expect(previous).toContain(id)
    }
  })

  it('records each step of the workflow as an event', () => {
    for (const pep of peps) {
      const actions = events.filter((e) => e.pepId === pep.id).map((e) => e.action)
      const expected = {
        draft: ['created'],
        submitted: ['created', 'submitted'],
        returned: ['created', 'submitted', 'returned'],
        approved: ['created', 'submitted', 'approved'],
      }[pep.status!]
      expect(actions).toEqual(expected)
    }
  })

  it('keeps drafts to around today', () => {
    for (const pep of peps.filter((p) => p.status === 'draft')) {
      expect(pep.meetingDate >= addDays(today, -14)).toBe(true)
      expect(pep.meetingDate <= addDays(today, 14)).toBe(true)
    }
  })
})
