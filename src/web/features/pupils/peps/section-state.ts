import { inputsOf, isAnswered, valueAt } from './fields.js'
import type { PepFacts, Section, SectionState } from './sections.js'

export const STATE_TEXT: Record<SectionState, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
}

/** Not started, in progress or completed: from what the section holds (GOV.UK task list pattern). */
export function stateOf(section: Section, facts: PepFacts): SectionState {
  const answered = inputsOf(section.fields).filter((f) => isAnswered(f, valueAt(facts.model, f.path)))
  const neededDone = section.needed.every((p) => answered.some((f) => f.path === p))
  switch (section.special) {
    case 'targets':
      return facts.targetCount > 0 ? 'completed' : 'not_started'
    case 'review': {
      const done = facts.previousTargetIds.filter((id) =>
        facts.reviews.some((r) => r.targetId === id && r.evidence.trim()),
      )
      if (done.length === facts.previousTargetIds.length) return 'completed'
      return facts.reviews.length ? 'in_progress' : 'not_started'
    }
    case 'attainment': {
      const rows = valueAt(facts.model, 'attainment')
      const hasRows = Array.isArray(rows) && rows.length > 0
      if (neededDone && hasRows) return 'completed'
      return answered.length || hasRows ? 'in_progress' : 'not_started'
    }
    case 'sen-provision': {
      // A child with SEN needs their provision described; for others the section is about wellbeing.
      const senDone = facts.senProvision === 'N' || answered.some((f) => f.path === 'sen.notes')
      if (neededDone && senDone) return 'completed'
      return answered.length ? 'in_progress' : 'not_started'
    }
    case undefined:
      if (neededDone) return 'completed'
      return answered.length ? 'in_progress' : 'not_started'
  }
}
