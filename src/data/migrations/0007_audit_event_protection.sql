-- DESIGN.md "Access control and audit": the audit log is append-only. 0001 refuses UPDATE and DELETE
-- row by row; a TRUNCATE fires no row trigger, so it is refused by a statement-level trigger here.
-- Written to be run again safely (the tests do, to check the revocations below).
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
--> statement-breakpoint
-- On a PostgreSQL server, privileges say the same: nobody but the table's owner may change or empty it.
-- (A superuser and the owner can still drop the triggers; the hash chain shows what they changed.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
--> statement-breakpoint
-- And from every role that was granted them (an app role given ALL ON ALL TABLES, say). This works when
-- the migrations run as the owner, as they should; README.md "Security" says what to grant the app.
DO $$
DECLARE
  grantee_name text;
BEGIN
  FOR grantee_name IN
    SELECT DISTINCT r.rolname
    FROM pg_class c
    CROSS JOIN LATERAL aclexplode(c.relacl) a
    JOIN pg_roles r ON r.oid = a.grantee
    WHERE c.oid = 'audit_event'::regclass
      AND a.grantee <> c.relowner
      AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', grantee_name);
  END LOOP;
END $$;
