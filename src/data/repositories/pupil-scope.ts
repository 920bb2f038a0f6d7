import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { DataScope } from '../../domain/access/scope.js'
import { pupils } from '../schema/index.js'

/** Layer 2 of access control as a WHERE clause on `pupil` (DESIGN.md "Access control"). */
export function pupilScopeWhere(scope: DataScope, today: string): SQL {
  switch (scope.kind) {
    case 'all':
      return sql`true`
    case 'school':
      return eq(pupils.schoolId, scope.schoolId)
    case 'assigned':
      return and(
        eq(pupils.schoolId, scope.schoolId),
        sql`exists (select 1 from pupil_staff ps where ps.pupil_id = ${pupils.id}
              and ps.user_id = ${scope.userId} and ps.ended_at is null)`,
      )!
    case 'looked_after_by':
      // DOMAIN.md PD-12: a Virtual School sees the children its LA looks after, wherever they attend.
      return sql`exists (select 1 from status_episode e where e.pupil_id = ${pupils.id}
              and e.type = 'CLA' and e.superseded_by_id is null and e.withdrawn_reason is null
              and e.responsible_la_code = ${scope.laCode}
              and e.start_date <= ${today} and (e.end_date is null or e.end_date >= ${today}))`
    case 'aggregates_only':
    case 'none':
      return sql`false`
  }
}
