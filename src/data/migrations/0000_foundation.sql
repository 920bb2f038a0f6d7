CREATE TABLE "bank_holiday" (
	"date" date PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"division" text DEFAULT 'england-and-wales' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cla_legal_status" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"short_break" boolean DEFAULT false NOT NULL,
	"valid_from" date DEFAULT '2000-01-01' NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "local_authority" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"virtual_school_name" text,
	"virtual_school_email" text,
	"virtual_school_phone" text,
	"virtual_school_website" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_closure" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"date" date NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "school_term" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"school_year" integer NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school" (
	"id" uuid PRIMARY KEY NOT NULL,
	"urn" text NOT NULL,
	"laestab" text NOT NULL,
	"name" text NOT NULL,
	"la_code" text NOT NULL,
	"phase" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"calendar_version" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_urn_unique" UNIQUE("urn"),
	CONSTRAINT "school_laestab_unique" UNIQUE("laestab")
);
--> statement-breakpoint
CREATE TABLE "contact" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"organisation" text,
	"email" text,
	"phone" text,
	"from_date" date,
	"to_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placement_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"episode_id" uuid NOT NULL,
	"pupil_id" uuid NOT NULL,
	"changed_on" date NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pupil_staff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"from_date" date,
	"to_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pupil" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"upn" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"preferred_name" text,
	"date_of_birth" date NOT NULL,
	"year_group" integer,
	"sen_provision" text DEFAULT 'N' NOT NULL,
	"enrolled_on" date,
	"left_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_episode" (
	"id" uuid PRIMARY KEY NOT NULL,
	"pupil_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"type" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"legal_status" text,
	"responsible_la_code" text,
	"route" text,
	"arrangement" text,
	"cin_category" text,
	"cp_category" text,
	"evidence" jsonb,
	"note" text,
	"supersedes_id" uuid,
	"superseded_by_id" uuid,
	"withdrawn_reason" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_token" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"data" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"school_id" uuid,
	"la_code" text,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"totp_secret" text,
	"totp_last_step" integer,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text,
	"action" text NOT NULL,
	"school_id" uuid,
	"pupil_id" uuid,
	"entity" text,
	"entity_id" text,
	"request_id" text,
	"details" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"pupil_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task" (
	"id" uuid PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"pupil_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"assignee_user_id" uuid,
	"assignee_role" text,
	"due_on" date NOT NULL,
	"source_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"done_by" uuid,
	"done_note" text
);
--> statement-breakpoint
ALTER TABLE "school_closure" ADD CONSTRAINT "school_closure_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_term" ADD CONSTRAINT "school_term_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact" ADD CONSTRAINT "contact_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_change" ADD CONSTRAINT "placement_change_episode_id_status_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."status_episode"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_change" ADD CONSTRAINT "placement_change_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pupil_staff" ADD CONSTRAINT "pupil_staff_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pupil_staff" ADD CONSTRAINT "pupil_staff_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pupil_staff" ADD CONSTRAINT "pupil_staff_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pupil" ADD CONSTRAINT "pupil_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_episode" ADD CONSTRAINT "status_episode_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_episode" ADD CONSTRAINT "status_episode_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_school_id_school_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."school"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_pupil_id_pupil_id_fk" FOREIGN KEY ("pupil_id") REFERENCES "public"."pupil"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_assignee_user_id_app_user_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_closure_unique" ON "school_closure" USING btree ("school_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "school_term_unique" ON "school_term" USING btree ("school_id","school_year","name");--> statement-breakpoint
CREATE INDEX "school_term_school" ON "school_term" USING btree ("school_id","start_date");--> statement-breakpoint
CREATE INDEX "contact_pupil" ON "contact" USING btree ("pupil_id");--> statement-breakpoint
CREATE INDEX "pupil_staff_user" ON "pupil_staff" USING btree ("user_id") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "pupil_staff_pupil" ON "pupil_staff" USING btree ("pupil_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pupil_upn_on_roll" ON "pupil" USING btree ("school_id","upn") WHERE left_on is null;--> statement-breakpoint
CREATE INDEX "pupil_school_name" ON "pupil" USING btree ("school_id","family_name","given_name");--> statement-breakpoint
CREATE INDEX "status_episode_pupil" ON "status_episode" USING btree ("pupil_id") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "status_episode_school_type" ON "status_episode" USING btree ("school_id","type") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "status_episode_la" ON "status_episode" USING btree ("responsible_la_code") WHERE superseded_by_id is null and type = 'CLA';--> statement-breakpoint
CREATE INDEX "session_user" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_pupil" ON "audit_event" USING btree ("pupil_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_at" ON "audit_event" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "task_source_key" ON "task" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "task_open_user" ON "task" USING btree ("assignee_user_id","due_on") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "task_open_school" ON "task" USING btree ("school_id","due_on") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "task_pupil" ON "task" USING btree ("pupil_id");