import { isRole, ROLE_LABELS, type Role } from '../access/roles.js'

// The audit log's actions about a pupil, in the words of the access history (DESIGN.md "Access
// control and audit"): what the person did to the record.
const PUPIL_ACTIONS: Record<string, string> = {
  'pupil.viewed': 'Viewed the record',
  'pupil.status_viewed': 'Viewed the status',
  'pupil.episodes_viewed': 'Viewed the status history',
  'pupil.access_history_viewed': 'Viewed the access history',
  'pupil.created': 'Added the pupil',
  'pupil.updated': 'Changed the details',
  'pupil.left': 'Recorded that the pupil left the school',
  'pupil.leaving_undone': 'Took back a leaving recorded in error',
  'episode.viewed': 'Opened a status to change it',
  'episode.created': 'Added a status',
  'episode.corrected': 'Corrected a status',
  'episode.withdrawn': 'Withdrew a status',
  'placement_change.recorded': 'Recorded a change of placement or school',
  'contact.viewed': 'Opened a contact to change it',
  'contact.created': 'Added a contact',
  'contact.updated': 'Changed a contact',
  'staff_assignment.created': 'Assigned staff',
  'staff_assignment.ended': 'Removed assigned staff',
  'task.completed': 'Marked a task done',
  'access.denied': 'Refused access',
  'pupil.exported': 'Exported everything held (subject access request)',
  'pupil.deletion_reviewed': 'Opened the record to delete it',
  'pupil.deleted': 'Deleted the record (past its retention date)',
  'suspension.recorded': 'Recorded a suspension or permanent exclusion',
  'suspension.listed': 'Viewed suspensions and exclusions',
  'suspension_summary.viewed': 'Viewed the days of suspension this school year',
  'suspension.cancelled': 'Cancelled a suspension or exclusion',
  'suspension.board_decided': 'Recorded the governing board’s decision',
  'suspension.day6_provision_recorded': 'Recorded education from the sixth day',
  'suspension_obligation.completed': 'Marked a duty after a suspension done',
  'suspension_risk.opened': 'Marked at risk of suspension',
  'suspension_risk.updated': 'Changed the at-risk of suspension record',
  'suspension_risk.closed': 'Closed the at-risk of suspension record',
  'risk_assessment.recorded': 'Recorded a risk assessment',
  'off_site_direction.created': 'Recorded an off-site direction',
  'off_site_direction.updated': 'Changed an off-site direction',
  'managed_move.created': 'Recorded a managed move',
  'managed_move.updated': 'Changed a managed move',
}

/** "Viewed the record" for `pupil.viewed`; an action without words yet is shown as it is recorded. */
export function describeAuditAction(action: string): string {
  return PUPIL_ACTIONS[action] ?? action
}

/**
 * The audit log keeps who acted as a label fixed at the time: "Name (role)", or "system". Split back
 * into the name and the role, so a page can say the role in words and an export can give it a column.
 */
export function splitActorLabel(label: string | null): { name: string; role: Role | null } {
  const match = label ? /^(.*) \(([a-z_]+)\)$/.exec(label) : null
  if (match && isRole(match[2]!)) return { name: match[1]!, role: match[2] }
  return { name: label ?? 'system', role: null }
}

/** "Sam Lead, Designated safeguarding lead". */
export function describeActor(label: string | null): string {
  const { name, role } = splitActorLabel(label)
  return role ? `${name}, ${ROLE_LABELS[role]}` : name
}
