-- Row-level security: DESIGN.md "Access control and audit", defence in depth. The policies repeat the
-- data scope of src/data/repositories/pupil-scope.ts inside the database, so that a query that forgot its
-- WHERE clause still cannot return another school's, or another local authority's, pupils.
--
-- The scope comes from settings that src/data/row-scope.ts sets at the start of every transaction:
--   harbour.scope      all | school | assigned | looked_after_by | none (missing or empty: none)
--   harbour.school_id  harbour.user_id  harbour.la_code  harbour.today ('YYYY-MM-DD', for PD-12)
-- A query outside a transaction has no settings, and sees no pupil (deny by default).
--
-- The policies bind only a role that is neither a superuser nor the tables' owner (README.md
-- "Security"): the embedded database and an app that connects as the owner are not filtered.
--
-- Applied by Database.migrate() after the drizzle migrations, every time: it must stay idempotent.
-- Not a drizzle migration, so that a table added later with a `pupil_id` column is covered when the
-- migrations next run, without an edit here.

-- One migrator at a time (several app instances may start together). Held to the end of this script,
-- which runs as one transaction.
SELECT pg_advisory_xact_lock(72026003);

-- Whether the pupil (id, school) is in the transaction's scope. SECURITY DEFINER, so that it reads
-- pupil_staff and status_episode as their owner, unfiltered: a policy on pupil that read them through
-- their own policies (which read pupil) would recurse.
CREATE OR REPLACE FUNCTION harbour_pupil_row_visible(p_pupil_id uuid, p_school_id uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT CASE coalesce(nullif(current_setting('harbour.scope', true), ''), 'none')
    WHEN 'all' THEN true
    WHEN 'school' THEN p_school_id = nullif(current_setting('harbour.school_id', true), '')::uuid
    WHEN 'assigned' THEN
      p_school_id = nullif(current_setting('harbour.school_id', true), '')::uuid
      AND EXISTS (
        SELECT 1 FROM pupil_staff ps
        WHERE ps.pupil_id = p_pupil_id
          AND ps.user_id = nullif(current_setting('harbour.user_id', true), '')::uuid
          AND ps.ended_at IS NULL)
    -- DOMAIN.md PD-12: a Virtual School sees the children its LA looks after, wherever they attend, and a
    -- previously looked after child at a school in its area whose parents consented to it reviewing the
    -- child's support plan (pupil-scope.ts).
    WHEN 'looked_after_by' THEN EXISTS (
      SELECT 1 FROM status_episode e
      WHERE e.pupil_id = p_pupil_id
        AND e.type = 'CLA' AND e.superseded_by_id IS NULL AND e.withdrawn_reason IS NULL
        AND e.responsible_la_code = nullif(current_setting('harbour.la_code', true), '')
        AND e.start_date <= nullif(current_setting('harbour.today', true), '')::date
        AND (e.end_date IS NULL OR e.end_date >= nullif(current_setting('harbour.today', true), '')::date))
      OR EXISTS (
        SELECT 1 FROM pep pl JOIN school s ON s.id = p_school_id
        WHERE pl.pupil_id = p_pupil_id AND pl.kind = 'pla_support_plan' AND pl.parents_consent_to_vs
          AND s.la_code = nullif(current_setting('harbour.la_code', true), '')
          AND EXISTS (
            SELECT 1 FROM status_episode e
            WHERE e.pupil_id = p_pupil_id
              AND e.type = 'PLA' AND e.superseded_by_id IS NULL AND e.withdrawn_reason IS NULL
              AND e.start_date <= nullif(current_setting('harbour.today', true), '')::date
              AND (e.end_date IS NULL OR e.end_date >= nullif(current_setting('harbour.today', true), '')::date)))
    ELSE false
  END
$$;

-- The same for a row that refers to a pupil by id (every table with a `pupil_id`).
CREATE OR REPLACE FUNCTION harbour_pupil_visible(p_pupil_id uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT coalesce(
    (SELECT harbour_pupil_row_visible(p.id, p.school_id) FROM pupil p WHERE p.id = p_pupil_id),
    false)
$$;

-- The school of a pupil, whatever the scope: only so that the app can tell a refusal (the pupil exists,
-- out of scope: audited) from an id that is nobody's (pupils.repository.ts schoolOfPupil).
CREATE OR REPLACE FUNCTION harbour_school_of_pupil(p_pupil_id uuid)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT p.school_id FROM pupil p WHERE p.id = p_pupil_id
$$;

ALTER TABLE pupil ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS harbour_scope ON pupil;
-- For every command; the expression is also the check on new rows. The scope 'all' is tested once per
-- statement (an InitPlan), before any per-row call.
CREATE POLICY harbour_scope ON pupil
  USING ((SELECT current_setting('harbour.scope', true) = 'all') OR harbour_pupil_row_visible(id, school_id));

-- Every other table with a `pupil_id` column: status episodes, placement changes, contacts, staff
-- assignments, tasks, the outbox, and whatever comes later (PEPs, attendance...), partitions included.
-- A row about no pupil (a school's task, an email to nobody's parent) is not pupil data: not filtered.
-- Not audit_event: appending an event reads the newest one, whoever it is about, to chain its hash,
-- and the log holds ids, never names; who may read it is the audit permissions' business.
-- A view reads its tables as the view's owner, past these policies: make one WITH (security_invoker).
DO $$
DECLARE
  table_name text;
BEGIN
  FOR table_name IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'pupil_id' AND NOT a.attisdropped
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relkind IN ('r', 'p')
      AND c.relname NOT IN ('pupil', 'audit_event')
    ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('DROP POLICY IF EXISTS harbour_scope ON %I', table_name);
    EXECUTE format(
      'CREATE POLICY harbour_scope ON %I USING (pupil_id IS NULL'
      ' OR (SELECT current_setting(''harbour.scope'', true) = ''all'') OR harbour_pupil_visible(pupil_id))',
      table_name);
  END LOOP;
END $$;
