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
      // DOMAIN.md PD-12: a Virtual School sees the children its LA looks after, wherever they attend;
      // and a previously looked after child at a school in its area once the parents have consented to it
      // reviewing the child's support plan (the consent recorded on the plan, issue 4 item 4).
      return sql`(exists (select 1 from status_episode e where e.pupil_id = ${pupils.id}
              and e.type = 'CLA' and e.superseded_by_id is null and e.withdrawn_reason is null
              and e.responsible_la_code = ${scope.laCode}
              and e.start_date <= ${today} and (e.end_date is null or e.end_date >= ${today}))
            or exists (select 1 from pep pl join school s on s.id = ${pupils.schoolId}
              where pl.pupil_id = ${pupils.id} and pl.kind = 'pla_support_plan' and pl.parents_consent_to_vs
                and s.la_code = ${scope.laCode}
                and exists (select 1 from status_episode e where e.pupil_id = ${pupils.id}
                  and e.type = 'PLA' and e.superseded_by_id is null and e.withdrawn_reason is null
                  and e.start_date <= ${today} and (e.end_date is null or e.end_date >= ${today}))))`
    case 'aggregates_only':
    case 'none':
      return sql`false`
  }
}
