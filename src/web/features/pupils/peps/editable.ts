import { transition } from '../../../../domain/pep/workflow.js'
import type { PepDetail } from '../../../../services/peps.service.js'

/** A draft, or a PEP the Virtual School returned, may be changed; a submitted or approved one may not. */
export function editability(d: PepDetail): { editable: true } | { editable: false; reason: string } {
  const t = transition(d.pep.status, 'edit', d.pep)
  return t.ok ? { editable: true } : { editable: false, reason: t.reason }
}
