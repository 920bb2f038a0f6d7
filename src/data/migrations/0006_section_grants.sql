CREATE TABLE "section_grant" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"section" text NOT NULL,
	"granted_by" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "section_grant" ADD CONSTRAINT "section_grant_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "section_grant_live" ON "section_grant" USING btree ("user_id","section") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "section_grant_user" ON "section_grant" USING btree ("user_id");