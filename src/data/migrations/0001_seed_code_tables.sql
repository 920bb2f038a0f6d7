-- DOMAIN.md CAL-1: England and Wales bank holidays 2024-2027 (gov.uk/bank-holidays).
INSERT INTO bank_holiday (date, title) VALUES
('2024-01-01','New Year''s Day'),('2024-03-29','Good Friday'),('2024-04-01','Easter Monday'),
('2024-05-06','Early May bank holiday'),('2024-05-27','Spring bank holiday'),('2024-08-26','Summer bank holiday'),
('2024-12-25','Christmas Day'),('2024-12-26','Boxing Day'),
('2025-01-01','New Year''s Day'),('2025-04-18','Good Friday'),('2025-04-21','Easter Monday'),
('2025-05-05','Early May bank holiday'),('2025-05-26','Spring bank holiday'),('2025-08-25','Summer bank holiday'),
('2025-12-25','Christmas Day'),('2025-12-26','Boxing Day'),
('2026-01-01','New Year''s Day'),('2026-04-03','Good Friday'),('2026-04-06','Easter Monday'),
('2026-05-04','Early May bank holiday'),('2026-05-25','Spring bank holiday'),('2026-08-31','Summer bank holiday'),
('2026-12-25','Christmas Day'),('2026-12-28','Boxing Day (substitute day)'),
('2027-01-01','New Year''s Day'),('2027-03-26','Good Friday'),('2027-03-29','Easter Monday'),
('2027-05-03','Early May bank holiday'),('2027-05-31','Spring bank holiday'),('2027-08-30','Summer bank holiday'),
('2027-12-27','Christmas Day (substitute day)'),('2027-12-28','Boxing Day (substitute day)')
ON CONFLICT (date) DO NOTHING;
--> statement-breakpoint
-- DOMAIN.md POL-32: Virtual School contacts of the three local authorities in the seed policies.
INSERT INTO local_authority (code, name, virtual_school_name, virtual_school_email, virtual_school_phone, virtual_school_website) VALUES
('919','Hertfordshire','Hertfordshire Virtual School','virtualschool@hertfordshire.gov.uk','01992 556915','https://www.hertfordshire.gov.uk/virtualschool'),
('937','Warwickshire','Warwickshire Virtual School','virtualschool@warwickshire.gov.uk','01926 742018',NULL),
('873','Cambridgeshire','Cambridgeshire Virtual School','virtualschool@cambridgeshire.gov.uk','01223 699 883',NULL)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- DOMAIN.md CL-1: SSDA903 legal status codes; V3 and V4 are short breaks (PD-4).
INSERT INTO cla_legal_status (code, description, short_break) VALUES
('C1','Interim care order',false),('C2','Full care order',false),('D1','Freeing order granted',false),
('E1','Placement order granted',false),
('J1','Remanded to local authority accommodation or to youth detention accommodation',false),
('J2','Placed in local authority accommodation under the Police and Criminal Evidence Act 1984',false),
('J3','Sentenced to a Youth Rehabilitation Order with residence or intensive fostering requirement',false),
('L1','Under police protection and in local authority accommodation',false),
('L2','Emergency protection order',false),('L3','Under child assessment order and in local authority accommodation',false),
('V2','Single period of accommodation under section 20',false),
('V3','Agreed series of short-term breaks, individual episodes recorded',true),
('V4','Agreed series of short-term breaks, agreements recorded',true)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
-- The audit log is append-only for everyone, whichever database runs it.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
