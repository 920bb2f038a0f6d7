CREATE TABLE "attendance_adjustment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"reason" text DEFAULT 'placement_move' NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"note" text,
	"placement_change_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_import" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"source" text NOT NULL,
	"file_name" text,
	"sha256" text,
	"imported" integer NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"superseded" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_mark_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"date" date NOT NULL,
	"session" text NOT NULL,
	"code" text NOT NULL,
	"import_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"superseded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_by_import_id" uuid,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "attendance_mark" (
	"pupil_id" uuid NOT NULL,
	"date" date NOT NULL,
	"session" text NOT NULL,
	"code" text NOT NULL,
	"import_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_mark_pupil_id_date_session_pk" PRIMARY KEY("pupil_id","date","session")
);
--> statement-breakpoint
CREATE TABLE "attendance_support_plan" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"concern" text NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"people_involved" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_on" date NOT NULL,
	"review_date" date NOT NULL,
	"outcome" text,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_time_timetable" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"arrangement" text NOT NULL,
	"start_date" date NOT NULL,
	"review_date" date NOT NULL,
	"end_date" date NOT NULL,
	"agreed_with_parents_on" date,
	"agreed_with_virtual_school_on" date,
	"virtual_school_contact" text,
	"agreed_with_social_worker_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_on" date,
	"outcome" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "behaviour_risk_assessment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"suspension_id" uuid,
	"completed_on" date NOT NULL,
	"content" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shared_with" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review_date" date NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "managed_move" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"receiving_school" text NOT NULL,
	"reason" text NOT NULL,
	"interventions_tried" text,
	"parents_agreed_on" date,
	"receiving_school_agreed_on" date,
	"admission_authority_agreed_on" date,
	"information_shared_on" date,
	"move_date" date,
	"status" text DEFAULT 'proposed' NOT NULL,
	"notes" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "off_site_direction" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"address" text NOT NULL,
	"contact" text NOT NULL,
	"days_and_times" text NOT NULL,
	"reasons" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"notice_to_parent_on" date,
	"notice_to_la_on" date,
	"review_interval_weeks" integer,
	"next_review_on" date,
	"reviews" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspension_notice" (
	"id" uuid PRIMARY KEY NOT NULL,
	"suspension_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"purpose" text NOT NULL,
	"to_address" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"outbox_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspension_obligation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"suspension_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_by" date NOT NULL,
	"task_id" uuid,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspension_risk" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"opened_on" date NOT NULL,
	"concern" text NOT NULL,
	"vs_consultation" jsonb,
	"parent_conversation" jsonb,
	"alternatives_tried" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"other_alternatives" text,
	"send_adjustments" text,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"closed_note" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suspension" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"category" text NOT NULL,
	"start_date" date NOT NULL,
	"half_days" integer,
	"lunchtime" boolean DEFAULT false NOT NULL,
	"school_year" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"reason_table_version" text NOT NULL,
	"details" text,
	"vs_consultation" jsonb,
	"parent_conversation" jsonb,
	"override_reason" text,
	"day6_provision" jsonb,
	"at_risk_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"cancelled_on" date,
	"cancellation_reason" text,
	"board_meeting_on" date,
	"board_decision" text,
	"board_decision_notes" text,
	"board_decision_notified_on" date,
	"independent_review_deadline" date,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance_adjustment" ADD CONSTRAINT "attendance_adjustment_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_adjustment" ADD CONSTRAINT "attendance_adjustment_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_adjustment" ADD CONSTRAINT "attendance_adjustment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_import" ADD CONSTRAINT "attendance_import_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_import" ADD CONSTRAINT "attendance_import_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_mark_history" ADD CONSTRAINT "attendance_mark_history_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_mark" ADD CONSTRAINT "attendance_mark_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_support_plan" ADD CONSTRAINT "attendance_support_plan_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_support_plan" ADD CONSTRAINT "attendance_support_plan_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_support_plan" ADD CONSTRAINT "attendance_support_plan_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_time_timetable" ADD CONSTRAINT "part_time_timetable_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_time_timetable" ADD CONSTRAINT "part_time_timetable_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_time_timetable" ADD CONSTRAINT "part_time_timetable_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behaviour_risk_assessment" ADD CONSTRAINT "behaviour_risk_assessment_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behaviour_risk_assessment" ADD CONSTRAINT "behaviour_risk_assessment_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behaviour_risk_assessment" ADD CONSTRAINT "behaviour_risk_assessment_suspension_id_suspension_id_fk" FOREIGN KEY ("suspension_id") REFERENCES "public"."suspension"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "behaviour_risk_assessment" ADD CONSTRAINT "behaviour_risk_assessment_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managed_move" ADD CONSTRAINT "managed_move_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managed_move" ADD CONSTRAINT "managed_move_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "managed_move" ADD CONSTRAINT "managed_move_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "off_site_direction" ADD CONSTRAINT "off_site_direction_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "off_site_direction" ADD CONSTRAINT "off_site_direction_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "off_site_direction" ADD CONSTRAINT "off_site_direction_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_notice" ADD CONSTRAINT "suspension_notice_suspension_id_suspension_id_fk" FOREIGN KEY ("suspension_id") REFERENCES "public"."suspension"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_notice" ADD CONSTRAINT "suspension_notice_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_notice" ADD CONSTRAINT "suspension_notice_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_obligation" ADD CONSTRAINT "suspension_obligation_suspension_id_suspension_id_fk" FOREIGN KEY ("suspension_id") REFERENCES "public"."suspension"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_obligation" ADD CONSTRAINT "suspension_obligation_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_obligation" ADD CONSTRAINT "suspension_obligation_task_id_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_obligation" ADD CONSTRAINT "suspension_obligation_done_by_app_user_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_risk" ADD CONSTRAINT "suspension_risk_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_risk" ADD CONSTRAINT "suspension_risk_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension_risk" ADD CONSTRAINT "suspension_risk_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension" ADD CONSTRAINT "suspension_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension" ADD CONSTRAINT "suspension_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suspension" ADD CONSTRAINT "suspension_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_adjustment_pupil" ON "attendance_adjustment" USING btree ("pupil_id","from_date");--> statement-breakpoint
CREATE INDEX "attendance_import_school" ON "attendance_import" USING btree ("school_id","created_at");--> statement-breakpoint
CREATE INDEX "attendance_mark_history_pupil" ON "attendance_mark_history" USING btree ("pupil_id","date");--> statement-breakpoint
CREATE INDEX "attendance_support_plan_pupil" ON "attendance_support_plan" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "part_time_timetable_pupil" ON "part_time_timetable" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "behaviour_risk_assessment_pupil" ON "behaviour_risk_assessment" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "managed_move_pupil" ON "managed_move" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "off_site_direction_pupil" ON "off_site_direction" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "suspension_notice_suspension" ON "suspension_notice" USING btree ("suspension_id");--> statement-breakpoint
CREATE INDEX "suspension_obligation_suspension" ON "suspension_obligation" USING btree ("suspension_id");--> statement-breakpoint
CREATE INDEX "suspension_risk_pupil" ON "suspension_risk" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "suspension_pupil_year" ON "suspension" USING btree ("pupil_id","school_year");--> statement-breakpoint
CREATE INDEX "suspension_school_year" ON "suspension" USING btree ("school_id","school_year");