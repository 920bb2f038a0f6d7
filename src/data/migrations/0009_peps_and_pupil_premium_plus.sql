CREATE TABLE "pep_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pep_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"action" text NOT NULL,
	"by_user_id" uuid,
	"feedback" text,
	"rating" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pep_review_date" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"due_by" date NOT NULL,
	"requested_by" text NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pep_target_review" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pep_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"evidence" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pep_target" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pep_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"area" text,
	"description" text NOT NULL,
	"success_criteria" text NOT NULL,
	"owner" text NOT NULL,
	"due_by" date NOT NULL,
	"pp_plus_requested_pence" integer DEFAULT 0 NOT NULL,
	"carried_from_target_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pep" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"kind" text DEFAULT 'pep' NOT NULL,
	"phase" text DEFAULT 'school_age' NOT NULL,
	"meeting_date" date NOT NULL,
	"next_meeting_date" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"responsible_la_code" text,
	"parents_consent_to_vs" boolean DEFAULT false NOT NULL,
	"follows_pep_id" uuid,
	"content" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"snapshot" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"quality_rating" text,
	"quality_notes" text,
	"return_feedback" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "virtual_school_setting" (
	"la_code" text PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_allocation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"source" text NOT NULL,
	"financial_year" integer NOT NULL,
	"la_code" text,
	"amount_pence" integer NOT NULL,
	"note" text,
	"override_reason" text,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_release" (
	"id" uuid PRIMARY KEY NOT NULL,
	"allocation_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"pep_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"released_on" date NOT NULL,
	"amount_pence" integer NOT NULL,
	"override_reason" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_spend" (
	"id" uuid PRIMARY KEY NOT NULL,
	"allocation_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"spent_on" date NOT NULL,
	"amount_pence" integer NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"impact" text,
	"override_reason" text,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pp_plus_rate" (
	"financial_year" integer PRIMARY KEY NOT NULL,
	"pence" integer NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pep_event" ADD CONSTRAINT "pep_event_pep_id_pep_id_fk" FOREIGN KEY ("pep_id") REFERENCES "public"."pep"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_event" ADD CONSTRAINT "pep_event_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_event" ADD CONSTRAINT "pep_event_by_user_id_app_user_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_review_date" ADD CONSTRAINT "pep_review_date_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_review_date" ADD CONSTRAINT "pep_review_date_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_target_review" ADD CONSTRAINT "pep_target_review_pep_id_pep_id_fk" FOREIGN KEY ("pep_id") REFERENCES "public"."pep"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_target_review" ADD CONSTRAINT "pep_target_review_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_target_review" ADD CONSTRAINT "pep_target_review_target_id_pep_target_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."pep_target"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_target" ADD CONSTRAINT "pep_target_pep_id_pep_id_fk" FOREIGN KEY ("pep_id") REFERENCES "public"."pep"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep_target" ADD CONSTRAINT "pep_target_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep" ADD CONSTRAINT "pep_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep" ADD CONSTRAINT "pep_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep" ADD CONSTRAINT "pep_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep" ADD CONSTRAINT "pep_approved_by_app_user_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pep" ADD CONSTRAINT "pep_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_allocation" ADD CONSTRAINT "funding_allocation_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_allocation" ADD CONSTRAINT "funding_allocation_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_allocation" ADD CONSTRAINT "funding_allocation_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_release" ADD CONSTRAINT "funding_release_allocation_id_funding_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."funding_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_release" ADD CONSTRAINT "funding_release_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_release" ADD CONSTRAINT "funding_release_pep_id_pep_id_fk" FOREIGN KEY ("pep_id") REFERENCES "public"."pep"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_release" ADD CONSTRAINT "funding_release_target_id_pep_target_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."pep_target"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_release" ADD CONSTRAINT "funding_release_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_spend" ADD CONSTRAINT "funding_spend_allocation_id_funding_allocation_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."funding_allocation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_spend" ADD CONSTRAINT "funding_spend_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_spend" ADD CONSTRAINT "funding_spend_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_spend" ADD CONSTRAINT "funding_spend_target_id_pep_target_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."pep_target"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_spend" ADD CONSTRAINT "funding_spend_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pp_plus_rate" ADD CONSTRAINT "pp_plus_rate_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pep_event_pep" ON "pep_event" USING btree ("pep_id","created_at");--> statement-breakpoint
CREATE INDEX "pep_review_date_pupil" ON "pep_review_date" USING btree ("pupil_id") WHERE cancelled_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "pep_target_review_once" ON "pep_target_review" USING btree ("pep_id","target_id");--> statement-breakpoint
CREATE INDEX "pep_target_pep" ON "pep_target" USING btree ("pep_id","position");--> statement-breakpoint
CREATE INDEX "pep_target_pupil" ON "pep_target" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "pep_pupil_meeting" ON "pep" USING btree ("pupil_id","meeting_date");--> statement-breakpoint
CREATE INDEX "pep_school_status" ON "pep" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "pep_la_status" ON "pep" USING btree ("responsible_la_code","status");--> statement-breakpoint
CREATE INDEX "funding_allocation_pupil" ON "funding_allocation" USING btree ("pupil_id","financial_year");--> statement-breakpoint
CREATE INDEX "funding_allocation_school" ON "funding_allocation" USING btree ("school_id","financial_year");--> statement-breakpoint
CREATE INDEX "funding_release_pupil" ON "funding_release" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "funding_release_allocation" ON "funding_release" USING btree ("allocation_id");--> statement-breakpoint
CREATE INDEX "funding_spend_pupil" ON "funding_spend" USING btree ("pupil_id","spent_on");--> statement-breakpoint
CREATE INDEX "funding_spend_school" ON "funding_spend" USING btree ("school_id","spent_on");--> statement-breakpoint
-- DOMAIN.md PD-9: the rates known today; later years are entered by an administrator.
INSERT INTO "pp_plus_rate" ("financial_year", "pence", "source") VALUES
  (2024, 257000, 'DfE pupil premium conditions of grant 2024 to 2025'),
  (2025, 263000, 'DfE pupil premium conditions of grant 2025 to 2026')
ON CONFLICT DO NOTHING;
